// What `npm start` prints about the demo provider's login. The default password is public (it is
// in the README); a DEMO_PASSWORD someone chose is theirs and never goes to the terminal or logs.
export const DEFAULT_DEMO_EMAIL = "demo@tollbooth.dev";
export const DEFAULT_DEMO_PASSWORD = "demo-password";

export function demoLoginLine(env = process.env) {
  const email = env.DEMO_EMAIL ?? DEFAULT_DEMO_EMAIL;
  const password = env.DEMO_PASSWORD ? "(the DEMO_PASSWORD you set)" : DEFAULT_DEMO_PASSWORD;
  return `${email} / ${password}`;
}

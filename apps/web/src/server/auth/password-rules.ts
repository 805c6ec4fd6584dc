import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * What a new password must be. Length alone let "          " (ten spaces) through; now also
 * refused: whitespace-only passwords, passwords on the common-passwords list, and the account's
 * own email (or its local part).
 *
 * The list is `passwords-common` of @zxcvbn-ts/language-common (MIT; ~49,000 passwords from public
 * breach-frequency lists, maintained with zxcvbn-ts). Only entries of at least MIN_LENGTH count
 * (shorter ones are refused anyway): about 1,500 strings, built once into a Set.
 */
export const MIN_LENGTH = 10;
export const MAX_LENGTH = 200;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    dictionary["passwords-common"].filter((p) => p.length >= MIN_LENGTH).map((p) => p.toLowerCase()),
  );
  return common;
}

/** Why `password` cannot be used for `email`, as a sentence for the form, or null when it can. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_LENGTH) return `Use at least ${MIN_LENGTH} characters.`;
  if (password.length > MAX_LENGTH) return `Use at most ${MAX_LENGTH} characters.`;
  const normal = password.normalize("NFKC");
  if (normal.trim().length === 0) return "A password cannot be only spaces.";
  const folded = normal.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split("@")[0] ?? "";
  if (folded === address || (local.length > 0 && folded === local)) {
    return "Do not use your email address as your password.";
  }
  if (commonPasswords().has(folded) || /^(.)\1*$/u.test(folded)) {
    return "That password is too common. Choose a longer or less predictable one.";
  }
  return null;
}

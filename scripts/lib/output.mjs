// Prefixed, colored, line-buffered output so the logs of every process stay readable side by side.
const COLORS = [36, 35, 33, 32, 34, 31, 96, 95];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const assigned = new Map();

export function prefix(name) {
  if (!assigned.has(name)) assigned.set(name, COLORS[assigned.size % COLORS.length]);
  const label = name.padEnd(8);
  return useColor ? `\x1b[${assigned.get(name)}m${label}\x1b[0m │ ` : `${label} │ `;
}

export function say(name, line) {
  process.stdout.write(`${prefix(name)}${line}\n`);
}

/** Splits a stream into lines and writes each with the process's prefix. */
export function pipeLines(name, stream, write = (line) => say(name, line)) {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buffered += chunk;
    let nl = buffered.indexOf("\n");
    while (nl !== -1) {
      write(buffered.slice(0, nl).replace(/\r$/, ""));
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf("\n");
    }
  });
  stream.on("end", () => {
    if (buffered) write(buffered);
    buffered = "";
  });
}

export function bold(text) {
  return useColor ? `\x1b[1m${text}\x1b[0m` : text;
}

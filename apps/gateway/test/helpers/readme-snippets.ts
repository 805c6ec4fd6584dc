/**
 * Runs the origin-signature verification snippets of apps/gateway/README.md exactly as written
 * (the fenced block after `<!-- snippet: NAME -->`), in a child process: node for the JS one,
 * python3 for the Python one. Each gets one request (method, target, headers, body) as JSON on
 * stdin and prints "true" or "false".
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

export interface CapturedRequest {
  method: string;
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function readmeSnippet(name: string): Promise<string> {
  const text = await readFile(README, "utf8");
  const at = text.indexOf(`<!-- snippet: ${name} -->`);
  if (at === -1) throw new Error(`README has no snippet ${name}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(at));
  if (!match) throw new Error(`README snippet ${name} has no code block`);
  return match[1]!;
}

const NODE_HARNESS = `import { verifyTollbooth } from "./verify-tollbooth.mjs";
let input = "";
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const r = JSON.parse(input);
  const options = r.now === undefined ? {} : { now: r.now };
  console.log(String(verifyTollbooth(r.secret, r.method, r.target, r.headers, Buffer.from(r.body, "base64"), options)));
});
`;

const PYTHON_HARNESS = `
if __name__ == "__main__":
    import base64, json, sys
    r = json.load(sys.stdin)
    ok = verify_tollbooth(r["secret"], r["method"], r["target"], r["headers"], base64.b64decode(r["body"]), now=r.get("now"))
    print("true" if ok else "false")
`;

function run(command: string, args: string[], stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
    child.stdin?.end(stdin);
  });
}

/** Verifies one captured request with the README's snippet in `language`. */
export async function verifyWithSnippet(
  language: "node" | "python",
  secret: string,
  request: CapturedRequest,
  now?: number,
): Promise<boolean> {
  const dir = await mkdtemp(path.join(tmpdir(), "gw-snippet-"));
  try {
    const input = JSON.stringify({ ...request, body: request.body.toString("base64"), secret, now });
    let out: string;
    if (language === "node") {
      await writeFile(path.join(dir, "verify-tollbooth.mjs"), await readmeSnippet("verify-node"));
      await writeFile(path.join(dir, "harness.mjs"), NODE_HARNESS);
      out = await run(process.execPath, [path.join(dir, "harness.mjs")], input);
    } else {
      await writeFile(path.join(dir, "verify.py"), (await readmeSnippet("verify-python")) + PYTHON_HARNESS);
      out = await run("python3", [path.join(dir, "verify.py")], input);
    }
    if (out !== "true" && out !== "false") throw new Error(`snippet printed ${out}`);
    return out === "true";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import { shellQuote } from "./shell-quote";

/**
 * Copy-paste snippets for a builder, for one route of one API. curl gets the subdomain URL;
 * Node-based clients (and Python) get the path-style URL, because they do not resolve *.localhost.
 * Route patterns and example bodies are the provider's text: every value goes through shellQuote
 * (shell snippets) or a JSON string literal (TypeScript, and Python, whose string literals read
 * JSON's escapes the same way), so a pattern like /x'$(cmd)' stays one argument, never a command.
 */
export const AUTHORIZATION_EXAMPLE = "Authorization: L402 <macaroon>:<preimage>";

export const JSON_CONTENT_TYPE = "content-type: application/json";

/** A string literal both TypeScript and Python read back as `value` (JSON escapes; no raw U+2028). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value.replaceAll("\0", ""))
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

export function snippetsFor(
  urls: { subdomain: string; path: string },
  method: string,
  request: { body?: string | null } = {},
) {
  const m = method === "*" ? "GET" : method;
  const x = m === "GET" ? "" : ` -X ${shellQuote(m)}`;
  const url = shellQuote(urls.subdomain);
  const pathUrl = shellQuote(urls.path);
  const body = request.body ?? null;
  const curlBody =
    body === null ? "" : ` \\\n  -H ${shellQuote(JSON_CONTENT_TYPE)} --data-binary ${shellQuote(body)}`;
  const cliBody = body === null ? "" : ` -H ${shellQuote(JSON_CONTENT_TYPE)} --data ${shellQuote(body)}`;
  return {
    curl: `# 1. Ask: the answer is 402 Payment Required with an invoice and a macaroon
curl -i${x} ${url}${curlBody}

# 2. Pay the invoice with any Lightning wallet; it gives you the preimage.
# 3. Call again with the receipt:
curl${x} ${url}${curlBody} \\
  -H ${shellQuote(AUTHORIZATION_EXAMPLE)}`,
    cli: `# pays within your cap with the configured wallet, caches the token, prints the body
npx tollbooth fetch${x} ${pathUrl}${cliBody} --max-sats 100`,
    python: pythonSnippet(urls.path, m, body),
    typescript: typescriptSnippet(urls.path, m, body),
  };
}

function typescriptSnippet(url: string, m: string, body: string | null): string {
  const init = [
    ...(m === "GET" ? [] : [`method: ${stringLiteral(m)}`]),
    ...(body === null ? [] : [`body: ${stringLiteral(body)}`]),
  ];
  const type = body === null ? "" : ` "content-type": "application/json",`;
  return `const url = ${stringLiteral(url)};

let res = await fetch(url${init.length > 0 || type ? `, { ${init.join(", ")}${type ? `, headers: {${type} }` : ""} }` : ""});
if (res.status === 402) {
  const { invoice, macaroon, amount_sats } = await res.json();
  // Pay with any Lightning wallet (LND, NWC, WebLN…); you get the preimage back.
  const { preimage } = await wallet.pay(invoice); // ≈ amount_sats sats
  res = await fetch(url, {${init.map((i) => ` ${i},`).join("")}
    headers: {${type} Authorization: \`L402 \${macaroon}:\${preimage}\` },
  });
}
console.log(await res.text());`;
}

function pythonSnippet(url: string, m: string, body: string | null): string {
  const data = body === null ? "" : `, data=${stringLiteral(body)}`;
  const type = body === null ? "" : `"content-type": "application/json", `;
  return `import requests

url = ${stringLiteral(url)}
res = requests.request(${stringLiteral(m)}, url${data}${type ? `, headers={${type.slice(0, -2)}}` : ""})
if res.status_code == 402:
    challenge = res.json()
    # Pay challenge["invoice"] with any Lightning wallet; it gives you the preimage.
    preimage = wallet.pay(challenge["invoice"])  # ≈ challenge["amount_sats"] sats
    auth = "L402 " + challenge["macaroon"] + ":" + preimage
    res = requests.request(${stringLiteral(m)}, url${data}, headers={${type}"Authorization": auth})
print(res.text)`;
}

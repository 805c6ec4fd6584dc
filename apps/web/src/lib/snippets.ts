import { shellQuote } from "./shell-quote";

/**
 * Copy-paste snippets for a builder, for one route of one API. curl gets the subdomain URL;
 * Node-based clients get the path-style URL, because Node does not resolve *.localhost.
 * Route patterns are the provider's text: every value goes through shellQuote (shell snippets) or
 * JSON.stringify (TypeScript), so a pattern like /x'$(cmd)' stays one argument, never a command.
 */
export const AUTHORIZATION_EXAMPLE = "Authorization: L402 <macaroon>:<preimage>";

export function snippetsFor(urls: { subdomain: string; path: string }, method: string) {
  const m = method === "*" ? "GET" : method;
  const x = m === "GET" ? "" : ` -X ${shellQuote(m)}`;
  const url = shellQuote(urls.subdomain);
  const pathUrl = shellQuote(urls.path);
  return {
    curl: `# 1. Ask: the answer is 402 Payment Required with an invoice and a macaroon
curl -i${x} ${url}

# 2. Pay the invoice with any Lightning wallet; it gives you the preimage.
# 3. Call again with the receipt:
curl${x} ${url} \\
  -H ${shellQuote(AUTHORIZATION_EXAMPLE)}`,
    cli: `# pays within your cap with the configured wallet, caches the token, prints the body
npx tollbooth fetch${x} ${pathUrl} --max-sats 100`,
    typescript: `const url = ${JSON.stringify(urls.path)};

let res = await fetch(url${m === "GET" ? "" : `, { method: ${JSON.stringify(m)} }`});
if (res.status === 402) {
  const { invoice, macaroon, amount_sats } = await res.json();
  // Pay with any Lightning wallet (LND, NWC, WebLN…); you get the preimage back.
  const { preimage } = await wallet.pay(invoice); // ≈ amount_sats sats
  res = await fetch(url, {${m === "GET" ? "" : ` method: ${JSON.stringify(m)},`}
    headers: { Authorization: \`L402 \${macaroon}:\${preimage}\` },
  });
}
console.log(await res.json());`,
  };
}

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsIdentity {
  certPem: string;
  keyPem: string;
}

/**
 * The simnet's self-signed TLS certificate, like LND's tls.cert: ECDSA P-256, valid for loopback
 * names. Created once and kept in the data dir so credentials handed out earlier keep working.
 */
export async function loadOrCreateTls(dataDir: string, host: string): Promise<TlsIdentity> {
  const certFile = join(dataDir, "tls.cert");
  const keyFile = join(dataDir, "tls.key");
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { certPem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8") };
  }
  const isIp = /^[\d.]+$|:/.test(host);
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    { type: 7, ip: "::1" },
  ];
  if (host && !["localhost", "127.0.0.1", "::1"].includes(host)) {
    altNames.push(isIp ? { type: 7, ip: host } : { type: 2, value: host });
  }
  const notBeforeDate = new Date(Date.now() - 3600_000);
  const pems = await generate([{ name: "commonName", value: "tollbooth simnet" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 10 * 365 * 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  return { certPem: pems.cert, keyPem: pems.private };
}

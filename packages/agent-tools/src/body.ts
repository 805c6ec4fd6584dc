/** Reading a response body from a server we do not trust: keep a bounded prefix, never buffer it all. */
export interface BoundedBody {
  /** the first `keepBytes` bytes */
  bytes: Uint8Array;
  /** bytes seen in total (stops counting at `countLimit`) */
  totalBytes: number;
  /** true when the body was longer than what is kept */
  truncated: boolean;
  /** false when reading stopped at `countLimit` before the body ended */
  complete: boolean;
}

export async function readBounded(
  res: Response,
  keepBytes: number,
  countLimit = keepBytes,
): Promise<BoundedBody> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  let complete = true;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (kept < keepBytes) {
        const slice = value.subarray(0, keepBytes - kept);
        chunks.push(slice);
        kept += slice.byteLength;
      }
      if (total >= countLimit) {
        complete = false;
        await reader.cancel().catch(() => {});
        break;
      }
    }
  }
  const bytes = new Uint8Array(kept);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes, totalBytes: total, truncated: total > kept, complete };
}

/** JSON of a small body, or undefined when it is too large or not JSON. */
export async function boundedJson(
  res: Response,
  limit = 64 * 1024,
): Promise<Record<string, unknown> | undefined> {
  const body = await readBounded(res, limit, limit + 1);
  if (body.truncated) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body.bytes));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

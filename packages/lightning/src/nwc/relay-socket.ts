import WebSocket from "ws";
import { LightningError } from "../backend";
import { pinnedLookup } from "../pinned-address";

const MAX_MESSAGE_BYTES = 1 << 20;

/** A ws WebSocket that dials the already-checked address (TLS still verifies the host name). */
export function websocketFor(address: string | undefined, handshakeTimeout: number) {
  const lookup = pinnedLookup(() => address);
  return class PinnedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { handshakeTimeout, maxPayload: MAX_MESSAGE_BYTES, ...(address ? { lookup } : {}) });
    }
  };
}

export async function withTimeout<T>(work: Promise<T>, ms: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LightningError("timeout", `Timed out after ${ms} ms trying to ${action}.`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

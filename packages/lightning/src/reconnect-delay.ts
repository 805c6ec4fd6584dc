/**
 * How long to wait before the next reconnect after `failures` failed ones: doubling from minMs,
 * capped at maxMs, jittered ±25% so a gateway's many connections to one wallet host or relay do
 * not retry in step. Shared by the LND settlement stream, the LNbits websocket and NWC relays.
 */
export function reconnectDelayMs(failures: number, minMs: number, maxMs: number): number {
  const delay = Math.min(maxMs, minMs * 2 ** Math.min(failures, 10));
  return delay * (0.75 + Math.random() / 2);
}

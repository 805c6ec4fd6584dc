// Types for the parts of the `macaroon` npm package (go-macaroon/js-macaroon 3.x) we use; it ships none.
declare module "macaroon" {
  export interface Macaroon {
    readonly identifier: Uint8Array;
    readonly signature: Uint8Array;
    readonly location: string;
    readonly caveats: Array<{ identifier: Uint8Array; location?: string; vid?: Uint8Array }>;
    addFirstPartyCaveat(condition: string | Uint8Array): void;
    verify(rootKey: Uint8Array, check: (condition: string) => string | null, discharges?: Macaroon[]): void;
    exportBinary(): Uint8Array;
    clone(): Macaroon;
  }
  export function newMacaroon(params: {
    identifier: string | Uint8Array;
    location?: string;
    rootKey: string | Uint8Array;
    version?: 1 | 2;
  }): Macaroon;
  export function importMacaroon(obj: string | Uint8Array | object): Macaroon;
  export function bytesToBase64(bytes: Uint8Array): string;
  export function base64ToBytes(text: string): Uint8Array;
  const macaroon: {
    newMacaroon: typeof newMacaroon;
    importMacaroon: typeof importMacaroon;
    bytesToBase64: typeof bytesToBase64;
    base64ToBytes: typeof base64ToBytes;
  };
  export default macaroon;
}

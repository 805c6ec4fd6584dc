// Types for the `macaroon` npm package (the library ln-service uses); it ships none.
declare module "macaroon" {
  export interface Macaroon {
    readonly identifier: Uint8Array;
    readonly location: string;
    readonly caveats: ReadonlyArray<{ identifier: Uint8Array; vid?: Uint8Array; location?: string }>;
    addFirstPartyCaveat(caveatId: string | Uint8Array): void;
    exportBinary(): Uint8Array;
    verify(rootKey: Uint8Array, check: (condition: string) => string | null, discharges?: Macaroon[]): void;
  }
  export function newMacaroon(args: {
    identifier: string | Uint8Array;
    location: string;
    rootKey: string | Uint8Array;
    version: 1 | 2;
  }): Macaroon;
  export function importMacaroon(obj: string | Uint8Array): Macaroon;
}

/** Why a token or credential was refused. The gateway maps `expired` to 402, the rest to 401. */
export type VerifyErrorCode =
  | "malformed"
  | "unsupported_version"
  | "bad_signature"
  | "bad_preimage"
  | "unknown_caveat"
  | "invalid_caveat"
  | "caveat_widened"
  | "expired"
  | "wrong_service"
  | "out_of_scope";

export type HeaderErrorCode = "missing" | "malformed";

export type L402ErrorCode = VerifyErrorCode | HeaderErrorCode;

export interface L402ErrorInfo {
  code: L402ErrorCode;
  message: string;
}

/** Thrown only by the builders (mint, attenuate, encodeIdentifier) on bad arguments; parsers and verifiers return errors instead. */
export class L402Error extends Error {
  readonly code: L402ErrorCode;
  constructor(code: L402ErrorCode, message: string) {
    super(message);
    this.name = "L402Error";
    this.code = code;
  }
}

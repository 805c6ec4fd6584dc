"use client";

import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { authorizationHeader, type SavedToken } from "./try-it-tokens";

/** The token Try it holds for the current request: what it covers, what is left, the header to copy. */
export function SavedTokenPanel({ token, onForget }: { token: SavedToken; onForget: () => void }) {
  const header = authorizationHeader(token);
  const until = token.validUntil ? new Date(token.validUntil * 1000).toLocaleString() : null;
  const left =
    token.calls === null
      ? "time pass"
      : `${Math.max(0, token.calls - token.used)} of ${token.calls} calls left`;
  return (
    <div
      className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50/60 p-3"
      data-testid="saved-token"
    >
      <p className="text-sm text-zinc-800">
        <span className="font-semibold">Saved token</span> for{" "}
        <span className="font-mono">
          {token.scope.method === "*" ? "ANY" : token.scope.method} {token.scope.path}
        </span>{" "}
        · {left}
        {until ? ` · valid until ${until}` : ""}
      </p>
      <p className="text-xs text-zinc-600">
        Kept in this browser tab only and reused for further calls until it is used up or expires. The count
        is this page's; calls made elsewhere with the token count too.
      </p>
      <div className="flex items-center justify-between gap-2">
        <CopyButton text={header} label="Copy as Authorization header" />
        <Button variant="ghost" onClick={onForget}>
          Forget token
        </Button>
      </div>
      <code
        className="block max-h-16 overflow-y-auto break-all rounded-md bg-white p-2 font-mono text-[11px] text-zinc-700"
        data-testid="authorization-header"
      >
        {header}
      </code>
    </div>
  );
}

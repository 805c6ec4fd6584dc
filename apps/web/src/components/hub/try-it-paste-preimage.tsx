"use client";

import { useId, useState } from "react";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { checkPreimage } from "./try-it-preimage";

/** Paid somewhere that shows the preimage? Paste it; it is checked against the invoice before it is used. */
export function PastePreimage({
  paymentHash,
  disabled,
  onPreimage,
}: {
  paymentHash: string | null;
  disabled: boolean;
  onPreimage: (preimage: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  async function use() {
    const checked = await checkPreimage(text, paymentHash);
    if (!checked.ok) return setProblem(checked.message);
    setProblem(null);
    onPreimage(checked.preimage);
  }
  return (
    <details className="text-sm" data-testid="paste-preimage">
      <summary className="cursor-pointer text-xs font-medium text-zinc-600">
        Paid already? Paste the preimage from your wallet
      </summary>
      <div className="mt-2 space-y-2">
        <Field label="Preimage (64 hex characters)" htmlFor={`${id}-preimage`} error={problem}>
          <Input
            id={`${id}-preimage`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="font-mono text-xs"
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <Button variant="secondary" onClick={use} disabled={disabled || text.trim() === ""}>
          Use this preimage
        </Button>
      </div>
    </details>
  );
}

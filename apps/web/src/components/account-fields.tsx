"use client";

import { Field, Input } from "./ui/field";

// The email and password fields every account form shows (sign-in, sign-up, reset, confirm),
// written once so their names, autocomplete hints and the new-password rule's wording agree.

/** What server/auth/password-rules.ts asks of a new password (MIN_LENGTH there), in words. */
export const NEW_PASSWORD_HINT = "At least 10 characters; not a common password or your email.";

export function EmailField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <Field label="Email" htmlFor="email">
      <Input
        id="email"
        name="email"
        type="email"
        required
        autoComplete="email"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function PasswordField({
  value,
  onChange,
  label = "Password",
  choosing,
  hint,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  /** A password being chosen (sign-up, reset): the browser may suggest one; the rule is shown. */
  choosing: boolean;
  hint?: string;
}) {
  return (
    <Field label={label} htmlFor="password" hint={hint ?? (choosing ? NEW_PASSWORD_HINT : undefined)}>
      <Input
        id="password"
        name="password"
        type="password"
        required
        autoComplete={choosing ? "new-password" : "current-password"}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

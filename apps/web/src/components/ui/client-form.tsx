"use client";

import { type FormHTMLAttributes, useEffect, useState } from "react";

/**
 * A form that only works once React is in charge of it. Before hydration its controls are
 * disabled, so an early click can never fall back to a native GET that would put a password or
 * an upstream secret in the URL; `method="post"` is the second guard.
 * The fieldset is `display: contents`, so the form's grid/flex `gap` lays out the fields, but
 * `space-y-*` (which styles direct children only) does not: use `flex flex-col gap-*` instead.
 */
export function ClientForm({ children, ...props }: FormHTMLAttributes<HTMLFormElement>) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <form method="post" {...props}>
      <fieldset disabled={!ready} className="contents">
        {children}
      </fieldset>
    </form>
  );
}

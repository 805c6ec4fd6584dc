import {
  cloneElement,
  type InputHTMLAttributes,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

const control =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-200 disabled:bg-zinc-50 aria-[invalid=true]:border-red-400";

export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {describe(children, error ? `${htmlFor}-error` : hint ? `${htmlFor}-hint` : undefined, Boolean(error))}
      {error ? (
        <p id={`${htmlFor}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${htmlFor}-hint`} className="text-xs text-zinc-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

export function Input({ className = "", ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${control} ${className}`} />;
}

export function Textarea({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...props} className={`${control} ${className}`} />;
}

export function Select({ className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...props} className={`${control} pr-8 ${className}`}>
      {children}
    </select>
  );
}

/** Ties the control to its hint or error, so screen readers read them with the field. */
function describe(children: ReactNode, describedBy: string | undefined, invalid: boolean): ReactNode {
  if (!isValidElement(children)) return children;
  const el = children as ReactElement<{ "aria-describedby"?: string; "aria-invalid"?: boolean }>;
  return cloneElement(el, {
    "aria-describedby": el.props["aria-describedby"] ?? describedBy,
    "aria-invalid": el.props["aria-invalid"] ?? (invalid || undefined),
  });
}

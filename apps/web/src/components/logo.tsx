export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900">
      <span
        aria-hidden="true"
        className="grid h-7 w-7 place-items-center rounded-lg bg-zinc-900 text-amber-400"
      >
        <svg viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor" aria-hidden="true">
          <path d="M13 2 4 14h6l-1 8 9-12h-6l1-8Z" />
        </svg>
      </span>
      Tollbooth
    </span>
  );
}

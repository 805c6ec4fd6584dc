import { ButtonLink } from "@/components/ui/button";

const STEPS = [
  {
    title: "Point at your API",
    text: "Give us your upstream URL and its key. The key is sealed and never shown again.",
  },
  {
    title: "Set a price per route",
    text: "Per call, bundles of calls, time passes or free routes. Change it any time.",
  },
  {
    title: "Get paid over Lightning",
    text: "Every call is paid before it reaches you, straight into your own node.",
  },
];

export default function Home() {
  return (
    <div className="space-y-16 pt-6">
      <section className="max-w-3xl">
        <p className="inline-flex items-center gap-2 rounded-full bg-amber-50 px-3 py-1 text-xs font-medium text-amber-700 ring-1 ring-amber-200">
          HTTP 402 · Lightning · L402
        </p>
        <h1 className="mt-4 text-4xl font-semibold tracking-tight text-zinc-900 sm:text-5xl">
          Sell any API per call. Paid before it reaches you.
        </h1>
        <p className="mt-4 text-lg text-zinc-600">
          Tollbooth puts a Lightning paywall in front of your existing API. Builders and AI agents pay a few
          sats per call — no accounts, no API keys, no invoices to chase.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <ButtonLink href="/hub">Browse the hub</ButtonLink>
          <ButtonLink href="/signup" variant="secondary">
            Sell your API
          </ButtonLink>
        </div>
      </section>
      <section aria-labelledby="how" className="grid gap-4 sm:grid-cols-3">
        <h2 id="how" className="sr-only">
          How it works
        </h2>
        {STEPS.map((s, i) => (
          <div key={s.title} className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm">
            <span className="grid h-7 w-7 place-items-center rounded-full bg-zinc-900 text-xs font-semibold text-white">
              {i + 1}
            </span>
            <h3 className="mt-3 font-semibold text-zinc-900">{s.title}</h3>
            <p className="mt-1 text-sm text-zinc-600">{s.text}</p>
          </div>
        ))}
      </section>
    </div>
  );
}

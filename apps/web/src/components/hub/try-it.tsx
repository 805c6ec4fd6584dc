"use client";

import { useEffect, useId, useState } from "react";
import { formatSats } from "@/lib/format";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { Field, Input, Select, Textarea } from "../ui/field";
import { InvoiceQr } from "./invoice-qr";
import {
  askForChallenge,
  browserWallet,
  callWithToken,
  type GatewayAnswer,
  payWithBuilder,
  payWithWebln,
} from "./try-it-api";

type Step = { name: string; ms: number; detail: string };
type Phase = "idle" | "asking" | "challenged" | "paying" | "calling" | "done";

export function TryIt({
  slug,
  routes,
  defaultIndex = 0,
  builderWallet,
}: {
  slug: string;
  routes: { label: string; method: string; path: string }[];
  defaultIndex?: number;
  builderWallet: boolean;
}) {
  const ids = useId();
  const [routeIndex, setRouteIndex] = useState(defaultIndex);
  const [method, setMethod] = useState(routes[defaultIndex]?.method ?? "GET");
  const [path, setPath] = useState(routes[defaultIndex]?.path ?? "/");
  const [body, setBody] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [steps, setSteps] = useState<Step[]>([]);
  const [challenge, setChallenge] = useState<GatewayAnswer["challenge"]>(null);
  const [answer, setAnswer] = useState<GatewayAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hasWebln, setHasWebln] = useState(false);
  useEffect(() => setHasWebln(browserWallet() !== null), []);

  const request = { slug, method, path, body: method === "GET" || !body ? undefined : body };

  function reset() {
    setSteps([]);
    setChallenge(null);
    setAnswer(null);
    setError(null);
  }

  async function ask() {
    reset();
    setPhase("asking");
    try {
      const res = await askForChallenge(request);
      setSteps([
        {
          name: "Request without payment",
          ms: res.ms,
          detail: `${res.status}${res.status === 402 ? " Payment Required" : ""}`,
        },
      ]);
      if (res.status === 402 && res.challenge) {
        setChallenge(res.challenge);
        setPhase("challenged");
      } else {
        setAnswer(res);
        setPhase("done");
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong.");
      setPhase("idle");
    }
  }

  async function pay(how: "builder" | "webln") {
    if (!challenge) return;
    setPhase("paying");
    setError(null);
    try {
      const paid =
        how === "webln"
          ? await payWithWebln(challenge.invoice)
          : await payWithBuilder({ slug, invoice: challenge.invoice });
      setSteps((s) => [
        ...s,
        {
          name: how === "webln" ? "Paid with your browser wallet" : "Paid with the simnet builder wallet",
          ms: paid.ms,
          detail: "preimage received",
        },
      ]);
      setPhase("calling");
      const res = await callWithToken({ ...request, macaroon: challenge.macaroon, preimage: paid.preimage });
      setSteps((s) => [...s, { name: "Request with L402 token", ms: res.ms, detail: String(res.status) }]);
      setAnswer(res);
      setPhase("done");
    } catch (err) {
      setError(err instanceof Error ? err.message : "The payment did not go through.");
      setPhase("challenged");
    }
  }

  const busy = phase === "asking" || phase === "paying" || phase === "calling";
  return (
    <Card className="lg:sticky lg:top-20">
      <CardHeader
        title="Try it"
        description="A real request through the gateway: see the 402, pay it, get the answer."
      />
      <CardBody className="space-y-4">
        {routes.length > 1 && (
          <Field label="Route" htmlFor={`${ids}-route`}>
            <Select
              id={`${ids}-route`}
              value={routeIndex}
              onChange={(e) => {
                const i = Number(e.target.value);
                setRouteIndex(i);
                setMethod(routes[i]?.method ?? "GET");
                setPath(routes[i]?.path ?? "/");
                reset();
                setPhase("idle");
              }}
            >
              {routes.map((r, i) => (
                <option key={r.label} value={i}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <div className="grid grid-cols-[6.5rem_1fr] gap-2">
          <Field label="Method" htmlFor={`${ids}-method`}>
            <Select id={`${ids}-method`} value={method} onChange={(e) => setMethod(e.target.value)}>
              {["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
          </Field>
          <Field label="Path" htmlFor={`${ids}-path`}>
            <Input
              id={`${ids}-path`}
              value={path}
              onChange={(e) => setPath(e.target.value)}
              className="font-mono"
              spellCheck={false}
            />
          </Field>
        </div>
        {method !== "GET" && (
          <Field label="JSON body (optional)" htmlFor={`${ids}-body`}>
            <Textarea
              id={`${ids}-body`}
              rows={3}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              className="font-mono"
            />
          </Field>
        )}
        <Button onClick={ask} busy={phase === "asking"} disabled={busy} className="w-full">
          {phase === "idle" ? "Send request" : "Send again"}
        </Button>

        {error && <Alert>{error}</Alert>}

        {challenge && (phase === "challenged" || phase === "paying") && (
          <div
            className="space-y-3 rounded-lg border border-amber-200 bg-amber-50/60 p-4"
            data-testid="challenge"
          >
            <p className="text-sm text-zinc-800">
              <span className="font-semibold">402 Payment Required.</span>{" "}
              {challenge.amountSats !== null ? (
                <>Pay {formatSats(challenge.amountSats)}</>
              ) : (
                "Pay the invoice"
              )}
              {challenge.calls && challenge.calls > 1 ? ` for ${challenge.calls} calls` : ""} to continue.
            </p>
            <div className="flex justify-center">
              <InvoiceQr invoice={challenge.invoice} />
            </div>
            <div>
              <div className="flex items-center justify-between">
                <span className="text-xs font-medium text-zinc-600">Lightning invoice</span>
                <CopyButton text={challenge.invoice} />
              </div>
              <p
                className="mt-1 max-h-20 overflow-y-auto break-all rounded-md bg-white p-2 font-mono text-[11px] text-zinc-700"
                data-testid="invoice"
              >
                {challenge.invoice}
              </p>
            </div>
            <div className="flex flex-col gap-2">
              {hasWebln && (
                <Button onClick={() => pay("webln")} busy={phase === "paying"} disabled={busy}>
                  Pay with browser wallet
                </Button>
              )}
              {builderWallet && (
                <Button
                  onClick={() => pay("builder")}
                  busy={phase === "paying"}
                  disabled={busy}
                  variant={hasWebln ? "secondary" : "primary"}
                >
                  Pay with test wallet (simnet)
                </Button>
              )}
              {!hasWebln && !builderWallet && (
                <p className="text-xs text-zinc-600">
                  Pay this invoice with any Lightning wallet, or install a WebLN browser wallet to pay in one
                  click.
                </p>
              )}
            </div>
          </div>
        )}

        {steps.length > 0 && (
          <ol className="space-y-1.5" aria-label="Steps" data-testid="steps">
            {steps.map((s, i) => (
              <li key={s.name} className="flex items-start gap-3 text-sm">
                <span className="mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full bg-zinc-900 text-[11px] font-semibold text-white">
                  {i + 1}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block text-zinc-800">{s.name}</span>
                  <span className="block text-xs text-zinc-500">{s.detail}</span>
                </span>
                <span className="shrink-0 font-mono text-xs text-zinc-500">{s.ms} ms</span>
              </li>
            ))}
            {phase === "calling" && <li className="text-sm text-zinc-500">Calling with the token…</li>}
          </ol>
        )}

        {answer && (
          <div data-testid="response">
            <div className="mb-1 flex items-center justify-between">
              <span className="text-xs font-medium text-zinc-600">
                Response{" "}
                <span className={answer.status < 400 ? "text-emerald-700" : "text-red-700"}>
                  {answer.status}
                </span>
              </span>
              <CopyButton text={answer.body} />
            </div>
            <pre
              className="max-h-72 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
              data-testid="response-body"
            >
              {pretty(answer.body)}
            </pre>
            {answer.truncated && <p className="mt-1 text-xs text-zinc-500">Cut at 32 KiB.</p>}
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { Field, Input, Select, Textarea } from "../ui/field";
import {
  askForChallenge,
  browserWallet,
  callWithToken,
  type GatewayAnswer,
  payWithBuilder,
  payWithWebln,
} from "./try-it-api";
import { ChallengeBox } from "./try-it-challenge";
import { SavedTokenPanel } from "./try-it-saved-token";
import { countCall, dropToken, keepToken, type SavedToken, TOKEN_DONE, tokenFor } from "./try-it-tokens";

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
  const [saved, setSaved] = useState<SavedToken | null>(null);
  useEffect(() => setHasWebln(browserWallet() !== null), []);
  // The saved token (sessionStorage, browser only) that covers what is in the form now.
  const refreshSaved = () => setSaved(tokenFor(slug, method, path));
  useEffect(() => setSaved(tokenFor(slug, method, path)), [slug, method, path]);

  const request = { slug, method, path, body: method === "GET" || !body ? undefined : body };

  function reset() {
    setSteps([]);
    setChallenge(null);
    setAnswer(null);
    setError(null);
  }

  async function ask() {
    reset();
    const token = tokenFor(slug, method, path);
    if (token) return callSaved(token);
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

  /** Calls with the token already bought; a 402 shows why and the fresh challenge that came with it. */
  async function callSaved(token: SavedToken) {
    setPhase("calling");
    try {
      const res = await callWithToken({ ...request, macaroon: token.macaroon, preimage: token.preimage });
      const why =
        res.errorCode === "token_exhausted"
          ? " — its calls are used up"
          : res.errorCode === "token_expired"
            ? " — it expired"
            : res.status === 402
              ? " — it is for another route"
              : "";
      setSteps([{ name: "Request with your saved token", ms: res.ms, detail: `${res.status}${why}` }]);
      if (res.status === 401 || (res.status === 402 && TOKEN_DONE.has(res.errorCode ?? ""))) {
        dropToken(slug, token.macaroon);
      } else if (res.status !== 402 && res.status < 500) {
        countCall(slug, token);
      }
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
    refreshSaved();
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
      if (res.status !== 401 && res.status !== 402) {
        keepToken(slug, {
          macaroon: challenge.macaroon,
          preimage: paid.preimage.toLowerCase(),
          scope: challenge.scope ?? { method, path: path.split("?")[0] || "/" },
          calls: challenge.grantedCalls,
          used: res.status < 500 ? 1 : 0,
          validUntil: challenge.validUntil,
        });
      }
      refreshSaved();
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

        {saved && (
          <SavedTokenPanel
            token={saved}
            onForget={() => {
              dropToken(slug, saved.macaroon);
              refreshSaved();
            }}
          />
        )}

        {challenge && (phase === "challenged" || phase === "paying") && (
          <ChallengeBox
            challenge={challenge}
            hasWebln={hasWebln}
            builderWallet={builderWallet}
            busy={busy}
            paying={phase === "paying"}
            pay={pay}
          />
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

"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "../ui/button";
import { Alert, Card, CardBody, CardHeader } from "../ui/card";
import { Field, Input, Select, Textarea } from "../ui/field";
import {
  askForChallenge,
  browserWallet,
  callWithToken,
  type GatewayAnswer,
  type Paid,
  payWithBuilder,
  payWithWebln,
} from "./try-it-api";
import { payWithBitcoinConnect } from "./try-it-bitcoin-connect";
import { ChallengeBox, type PayWith } from "./try-it-challenge";
import { type Step, TryResponse, TrySteps } from "./try-it-result";
import { SavedTokenPanel } from "./try-it-saved-token";
import { useSettlementWatch } from "./try-it-settlement";
import { countCall, dropToken, keepToken, type SavedToken, TOKEN_DONE, tokenFor } from "./try-it-tokens";

type Phase = "idle" | "asking" | "challenged" | "paying" | "calling" | "done";

/** The ways this page pays by itself, each returning the preimage; every one then ends in `complete`. */
const PAY: Record<PayWith, { pay: (b: { slug: string; invoice: string }) => Promise<Paid>; step: string }> = {
  webln: { pay: (b) => payWithWebln(b.invoice), step: "Paid with your browser wallet" },
  "bitcoin-connect": {
    pay: (b) => payWithBitcoinConnect(b.invoice),
    step: "Paid with your wallet through Bitcoin Connect",
  },
  builder: { pay: payWithBuilder, step: "Paid with the simnet builder wallet" },
};

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
  // The macaroon whose paid call this page has started: every way of paying (browser wallet,
  // test wallet, the hand-off after a QR payment, a pasted preimage) ends in one call, never two.
  const finishing = useRef<string | null>(null);
  const challengedAt = useRef(0);
  const watch = useSettlementWatch({
    slug,
    challenge,
    // Not while this page's own wallet pays: it returns the preimage itself (and a failure resumes watching).
    active: phase === "challenged",
    onSettled: (preimage) =>
      void complete(preimage, {
        name: "Paid from your wallet — the gateway confirmed it",
        ms: Math.round(performance.now() - challengedAt.current),
        detail: "settlement seen, preimage handed over",
      }),
  });

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
      if (res.status === 402 && res.challenge) showChallenge(res.challenge);
      else {
        setAnswer(res);
        setPhase("done");
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong.");
      setPhase("idle");
    }
  }

  function showChallenge(next: NonNullable<GatewayAnswer["challenge"]>) {
    challengedAt.current = performance.now();
    setChallenge(next);
    setPhase("challenged");
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
      if (res.status === 402 && res.challenge) showChallenge(res.challenge);
      else {
        setAnswer(res);
        setPhase("done");
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong.");
      setPhase("idle");
    }
    refreshSaved();
  }

  async function pay(how: PayWith) {
    if (!challenge) return;
    setPhase("paying");
    setError(null);
    try {
      const paid = await PAY[how].pay({ slug, invoice: challenge.invoice });
      await complete(paid.preimage, { name: PAY[how].step, ms: paid.ms, detail: "preimage received" });
    } catch (err) {
      if (finishing.current === challenge.macaroon) return; // paid meanwhile by other means
      setError(err instanceof Error ? err.message : "The payment did not go through.");
      setPhase("challenged");
    }
  }

  /** The call with the paid token, once per challenge whichever way the preimage came. */
  async function complete(preimage: string, step: Step) {
    const c = challenge;
    if (!c || finishing.current === c.macaroon) return;
    finishing.current = c.macaroon;
    setError(null);
    setSteps((s) => [...s, step]);
    setPhase("calling");
    const keep = (used: number) =>
      keepToken(slug, {
        macaroon: c.macaroon,
        preimage: preimage.toLowerCase(),
        scope: c.scope ?? { method, path: path.split("?")[0] || "/" },
        calls: c.grantedCalls,
        used,
        validUntil: c.validUntil,
      });
    try {
      const res = await callWithToken({ ...request, macaroon: c.macaroon, preimage });
      setSteps((s) => [...s, { name: "Request with L402 token", ms: res.ms, detail: String(res.status) }]);
      if (res.status !== 401 && res.status !== 402) keep(res.status < 500 ? 1 : 0);
      refreshSaved();
      setAnswer(res);
      setPhase("done");
    } catch (err) {
      // Paid, but the call's answer never came back: keep the token (the payment is not lost) and
      // let the visitor send again with it — no automatic retry, which could spend calls in a loop.
      keep(0);
      refreshSaved();
      const why = err instanceof Error ? err.message : "The paid call did not go through.";
      setError(`${why} Your paid token is kept: send the request again to use it.`);
      setPhase("idle");
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
            watch={watch}
            pay={pay}
            submitPreimage={(preimage) =>
              void complete(preimage, {
                name: "Preimage pasted",
                ms: 0,
                detail: "checked against the invoice",
              })
            }
            newInvoice={ask}
          />
        )}
        <TrySteps steps={steps} calling={phase === "calling"} />
        {answer && <TryResponse answer={answer} />}
      </CardBody>
    </Card>
  );
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { ChallengeWriter } from "../src/payment/challenge-writer";
import type { NewChallenge } from "../src/store/challenge-store";

const challenge = (tokenId: string) => ({ tokenId }) as NewChallenge;

/** A store whose statements finish only when the test says so. */
function heldStore() {
  const calls: { tokens: string[]; finish: (err?: Error) => void }[] = [];
  return {
    calls,
    insertMany(cs: readonly NewChallenge[]) {
      return new Promise<void>((resolve, reject) => {
        calls.push({ tokens: cs.map((c) => c.tokenId), finish: (err) => (err ? reject(err) : resolve()) });
      });
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

test("a challenge under light load is written alone, at once", async () => {
  const store = heldStore();
  const writer = new ChallengeWriter(store, { connections: 2 });
  const done = writer.insert(challenge("a"));
  assert.deepEqual(
    store.calls.map((c) => c.tokens),
    [["a"]],
  );
  store.calls[0]!.finish();
  await done;
});

test("challenges arriving while every connection is busy go together in the next statement", async () => {
  const store = heldStore();
  const writer = new ChallengeWriter(store, { connections: 1 });
  const first = writer.insert(challenge("a"));
  const rest = ["b", "c", "d"].map((t) => writer.insert(challenge(t)));
  assert.equal(store.calls.length, 1, "nothing more starts while the one connection is busy");
  store.calls[0]!.finish();
  await first;
  await tick();
  assert.deepEqual(
    store.calls.map((c) => c.tokens),
    [["a"], ["b", "c", "d"]],
  );
  store.calls[1]!.finish();
  await Promise.all(rest);
});

test("a failed statement fails its own challenges only", async () => {
  const store = heldStore();
  const writer = new ChallengeWriter(store, { connections: 1 });
  const a = writer.insert(challenge("a"));
  const b = writer.insert(challenge("b"));
  const c = writer.insert(challenge("c"));
  store.calls[0]!.finish(new Error("postgres went away"));
  await assert.rejects(a, /postgres went away/);
  await tick();
  assert.deepEqual(store.calls[1]!.tokens, ["b", "c"]);
  store.calls[1]!.finish(new Error("still away"));
  await assert.rejects(b, /still away/);
  await assert.rejects(c, /still away/);
  const d = writer.insert(challenge("d"));
  assert.deepEqual(store.calls[2]!.tokens, ["d"], "the writer goes on after failures");
  store.calls[2]!.finish();
  await d;
});

test("no statement carries more than maxBatch challenges", async () => {
  const store = heldStore();
  const writer = new ChallengeWriter(store, { connections: 1, maxBatch: 2 });
  const all = ["a", "b", "c", "d", "e"].map((t) => writer.insert(challenge(t)));
  for (let i = 0; i < 3; i++) {
    await tick();
    store.calls[i]!.finish();
  }
  await Promise.all(all);
  assert.deepEqual(
    store.calls.map((c) => c.tokens),
    [["a"], ["b", "c"], ["d", "e"]],
  );
});

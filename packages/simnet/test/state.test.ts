import assert from "node:assert/strict";
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { Network } from "../src/network";
import { SimnetStore } from "../src/state";

test("journal + snapshot: a reopened store has every invoice and index; a torn last line is ignored", async () => {
  const dir = mkdtempSync(join(tmpdir(), "simnet-state-"));
  try {
    const network = new Network(new SimnetStore(dir), { builderFundingSats: 10 });
    const node = network.ensureNode("tenant-x");
    const created = [1, 2, 3].map((n) =>
      network.addInvoice(node, {
        valueMsat: BigInt(n * 1000),
        memo: `m${n}`,
        expirySeconds: 600,
        cltvExpiry: 0,
      }),
    );
    const first = created[0];
    assert.ok(first);
    network.settle(node, first, 1000n);
    await network.store.commit([
      SimnetStore.nodeRecord(node),
      { t: "invoice", node: node.name, invoice: first },
    ]);
    assert.notEqual(readFileSync(join(dir, "journal.ndjson"), "utf8"), "", "changes went to the journal");
    appendFileSync(join(dir, "journal.ndjson"), '{"t":"invoice","node":"tenant-x","invo');

    const reopened = new SimnetStore(dir);
    const again = reopened.nodes.get("tenant-x");
    assert.ok(again);
    assert.deepEqual(
      again.invoices.map((i) => [i.addIndex, i.state, i.settleIndex]),
      [
        [1, "SETTLED", 1],
        [2, "OPEN", 0],
        [3, "OPEN", 0],
      ],
    );
    assert.equal(again.addIndex, 3);
    assert.equal(again.settleIndex, 1);
    assert.ok(reopened.nodes.get("builder"));
    assert.equal(readFileSync(join(dir, "journal.ndjson"), "utf8"), "", "compacted on open");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the state files, which hold node keys and preimages, are readable by their owner only", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "simnet-perm-")), "data");
  try {
    const network = new Network(new SimnetStore(dir), { builderFundingSats: 10 });
    const node = network.ensureNode("tenant-p");
    await network.store.commit([SimnetStore.nodeRecord(node)]);
    for (const file of ["state.json", "journal.ndjson"]) {
      assert.equal(statSync(join(dir, file)).mode & 0o077, 0, `${file} is private`);
    }
    chmodSync(join(dir, "state.json"), 0o644);
    new SimnetStore(dir);
    assert.equal(
      statSync(join(dir, "state.json")).mode & 0o077,
      0,
      "an older world-readable file is tightened",
    );
  } finally {
    rmSync(dirname(dir), { recursive: true, force: true });
  }
});

test("group commit: invoices added in one turn go out in one write, before the callers are answered", async () => {
  const dir = mkdtempSync(join(tmpdir(), "simnet-group-"));
  try {
    const network = new Network(new SimnetStore(dir), { builderFundingSats: 10 });
    const node = network.ensureNode("tenant-g");
    const journal = () => readFileSync(join(dir, "journal.ndjson"), "utf8");
    const before = journal();
    for (let n = 1; n <= 200; n++) {
      network.addInvoice(node, { valueMsat: 1000n, memo: `g${n}`, expirySeconds: 600, cltvExpiry: 0 });
    }
    assert.equal(journal(), before, "nothing written yet: the write is grouped");
    const unwritten = network.store.unwritten();
    assert.ok(unwritten, "callers have a write to wait for");
    await unwritten;
    assert.equal(
      journal().split("\n").filter(Boolean).length - before.split("\n").filter(Boolean).length,
      200,
    );
    assert.equal(network.store.unwritten(), undefined);

    const again = new SimnetStore(dir).nodes.get("tenant-g");
    assert.equal(again?.invoices.length, 200);
    assert.equal(again?.addIndex, 200, "the add index comes back from the invoice records");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

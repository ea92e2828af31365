import { strict as assert } from "node:assert";
import { applyHunkSubset, makeFileChange } from "../../../agent-core/edits/diff";
import { ReviewSession } from "../../../extension/review/reviewSession";

/** A file with two independent changes: a wanted rounding fix and an unwanted debug line. */
const cartBefore = [
  "export function subtotal(items: Item[]): number {",
  "  return items.reduce((sum, i) => sum + i.price * i.qty, 0);",
  "}",
  "",
  "export function applyDiscount(amount: number, percent: number): number {",
  "  return amount - (amount * percent) / 100;",
  "}",
  "",
  "export function shipping(amount: number): number {",
  "  return amount >= 50 ? 0 : 4.95;",
  "}",
  "",
  "export function total(items: Item[], percent = 0): number {",
  "  const sum = applyDiscount(subtotal(items), percent);",
  "  return sum + shipping(sum);",
  "}",
  "",
].join("\n");
const rounding =
  "  const raw = items.reduce((sum, i) => sum + i.price * i.qty, 0);\n  return Math.round(raw * 100) / 100;";
const cartAfter = cartBefore
  .replace("  return items.reduce((sum, i) => sum + i.price * i.qty, 0);", rounding)
  .replace("  return sum + shipping(sum);", '  console.log("total", sum);\n  return sum + shipping(sum);');
const cart = makeFileChange("src/cart.ts", cartBefore, cartAfter);
const helper = makeFileChange("src/money.ts", "", "export const cents = (n: number) => Math.round(n * 100) / 100;\n");

function session(): ReviewSession {
  return new ReviewSession(
    "p-3",
    [cart, helper].map((f) => ({ path: f.path, hunkCount: f.hunks.length })),
  );
}

describe("extension review session (per-hunk decisions)", () => {
  it("the fixture really has two hunks in the first file and one in the second", () => {
    assert.equal(cart.hunks.length, 2);
    assert.equal(helper.hunks.length, 1);
  });

  it("starts with every hunk open, files in proposal order", () => {
    const s = session();
    assert.deepEqual(s.paths, ["src/cart.ts", "src/money.ts"]);
    assert.equal(s.hunkCount("src/cart.ts"), 2);
    assert.equal(s.hunkCount("src/other.ts"), 0);
    assert.equal(s.verdict("src/cart.ts", 0), undefined);
    assert.equal(s.isFileComplete("src/cart.ts"), false);
    assert.equal(s.isComplete(), false);
    assert.deepEqual(s.firstUndecided(), { proposalId: "p-3", path: "src/cart.ts", hunk: 0 });
  });

  it("accept one hunk, reject the other: the decision applies only the accepted change", () => {
    const s = session();
    s.decide("src/cart.ts", 0, "accepted");
    assert.deepEqual(s.firstUndecided(), { proposalId: "p-3", path: "src/cart.ts", hunk: 1 });
    s.decide("src/cart.ts", 1, "rejected");
    assert.equal(s.isFileComplete("src/cart.ts"), true);
    assert.equal(s.isComplete(), false);
    assert.deepEqual(s.firstUndecided(), { proposalId: "p-3", path: "src/money.ts", hunk: 0 });
    s.decide("src/money.ts", 0, "accepted");
    assert.equal(s.isComplete(), true);
    assert.equal(s.firstUndecided(), undefined);

    const decision = s.toDecision();
    assert.deepEqual(decision, {
      files: [
        { path: "src/cart.ts", acceptedHunks: [0] },
        { path: "src/money.ts", acceptedHunks: [0] },
      ],
      feedback: "The user rejected src/cart.ts: change 2.",
    });
    const written = applyHunkSubset(cart.before, cart.hunks, decision.files[0].acceptedHunks);
    assert.ok(written.includes("return Math.round(raw * 100) / 100;"));
    assert.ok(!written.includes("console.log"));
    assert.equal(written, cartBefore.replace("  return items.reduce((sum, i) => sum + i.price * i.qty, 0);", rounding));
  });

  it("a later verdict on the same hunk replaces the earlier one", () => {
    const s = session();
    s.decide("src/cart.ts", 1, "accepted");
    s.decide("src/cart.ts", 1, "rejected");
    assert.equal(s.verdict("src/cart.ts", 1), "rejected");
    s.decide("src/cart.ts", 1, "accepted");
    assert.equal(s.verdict("src/cart.ts", 1), "accepted");
  });

  it("accept-all decides only the hunks still open and keeps earlier rejections", () => {
    const s = session();
    s.decide("src/cart.ts", 1, "rejected");
    s.decideAll("accepted");
    assert.equal(s.verdict("src/cart.ts", 0), "accepted");
    assert.equal(s.verdict("src/cart.ts", 1), "rejected");
    assert.equal(s.verdict("src/money.ts", 0), "accepted");
    assert.deepEqual(s.toDecision().files, [
      { path: "src/cart.ts", acceptedHunks: [0] },
      { path: "src/money.ts", acceptedHunks: [0] },
    ]);
  });

  it("accept-all on one file leaves the other files open", () => {
    const s = session();
    s.decideAll("accepted", { path: "src/money.ts" });
    assert.equal(s.verdict("src/money.ts", 0), "accepted");
    assert.equal(s.verdict("src/cart.ts", 0), undefined);
    assert.equal(s.verdict("src/cart.ts", 1), undefined);
    assert.deepEqual(s.firstUndecided(), { proposalId: "p-3", path: "src/cart.ts", hunk: 0 });
  });

  it("decide-all with overwrite replaces verdicts already given", () => {
    const s = session();
    s.decide("src/cart.ts", 0, "accepted");
    s.decideAll("rejected", { path: "src/cart.ts", overwrite: true });
    assert.equal(s.verdict("src/cart.ts", 0), "rejected");
    assert.equal(s.verdict("src/cart.ts", 1), "rejected");
    assert.equal(s.verdict("src/money.ts", 0), undefined);
  });

  it("open hunks count as rejected; feedback numbers changes from 1 and joins files", () => {
    const s = session();
    assert.deepEqual(s.toDecision(), {
      files: [
        { path: "src/cart.ts", acceptedHunks: [] },
        { path: "src/money.ts", acceptedHunks: [] },
      ],
      feedback: "The user rejected src/cart.ts: changes 1, 2; src/money.ts: change 1.",
    });
  });

  it("all accepted: no feedback key at all; extra feedback still gets through", () => {
    const s = session();
    s.decideAll("accepted");
    const plain = s.toDecision();
    assert.equal("feedback" in plain, false);
    assert.deepEqual(s.toDecision(["prefer integers for cents"]).feedback, "prefer integers for cents");
  });

  it("rejection text comes first, then each extra note on its own line", () => {
    const s = session();
    s.decide("src/cart.ts", 0, "accepted");
    s.decide("src/money.ts", 0, "accepted");
    assert.equal(
      s.toDecision(["keep the debug line out", "round in total() instead"]).feedback,
      "The user rejected src/cart.ts: change 2.\nkeep the debug line out\nround in total() instead",
    );
  });

  it("a file edited by the user during review: its accepted hunks are withdrawn, others stay", () => {
    // The review controller does exactly this when the text on disk no longer matches `before`.
    const s = session();
    s.decideAll("accepted");
    const decision = s.toDecision(["file changed by user, re-propose: src/cart.ts"], new Set(["src/cart.ts"]));
    assert.deepEqual(decision.files, [
      { path: "src/cart.ts", acceptedHunks: [] },
      { path: "src/money.ts", acceptedHunks: [0] },
    ]);
    // The user accepted those hunks: the model must not hear that they were rejected.
    assert.equal(decision.feedback, "file changed by user, re-propose: src/cart.ts");
    assert.equal(s.verdict("src/cart.ts", 0), "accepted", "the verdicts themselves are kept");
  });

  it("rejects unknown files and hunk numbers with a clear error and keeps every verdict", () => {
    const s = session();
    s.decide("src/cart.ts", 0, "accepted");
    assert.throws(() => s.decide("src/nope.ts", 0, "accepted"), { message: "Proposal p-3 has no file src/nope.ts" });
    assert.throws(() => s.decide("src/cart.ts", 2, "accepted"), {
      message: "Proposal p-3: src/cart.ts has no change #3 (it has 2)",
    });
    assert.throws(() => s.decide("src/cart.ts", -1, "accepted"), /src\/cart\.ts has no change #0 \(it has 2\)/);
    assert.throws(() => s.decide("src/cart.ts", 0.5, "rejected"), /has no change/);
    assert.throws(() => s.decide("src/cart.ts", Number.NaN, "rejected"), /has no change/);
    assert.equal(s.verdict("src/cart.ts", 0), "accepted");
    assert.equal(s.verdict("src/cart.ts", 1), undefined);
  });

  it("a file without hunks is complete at once and contributes no rejection text", () => {
    const s = new ReviewSession("p-9", [{ path: "src/empty.ts", hunkCount: 0 }]);
    assert.equal(s.isComplete(), true);
    assert.equal(s.firstUndecided(), undefined);
    assert.deepEqual(s.toDecision(), { files: [{ path: "src/empty.ts", acceptedHunks: [] }] });
  });
});

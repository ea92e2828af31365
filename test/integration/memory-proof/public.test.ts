import assert from "node:assert/strict";
import { BUGSJS_SET_FILE, loadPublicSet } from "../../memory-proof/public/dataset";
import { publicReport } from "../../memory-proof/public/evaluatePublic";

describe("proof:public (the public real-bug evaluation)", function () {
  this.timeout(180_000);

  it("prints the same report twice on a slice of the set", async () => {
    const slice = loadPublicSet().bugs.filter((b) => b.project === "Codec" || b.project === "Csv");
    const first = await publicReport(slice);
    const second = await publicReport(slice);
    assert.equal(second, first);
    const queries = slice.reduce((n, b) => n + b.failures.length, 0);
    assert.match(first, new RegExp(`^n = ${slice.length} bugs, ${queries} failing tests`));
    assert.match(first, /\| project, with change \| \d+ \|/);
    assert.match(first, /\| all, no change \| \d+ \|/);
  });

  it("prints the same report twice on the BugsJS set", async () => {
    const { bugs } = loadPublicSet(BUGSJS_SET_FILE);
    const first = await publicReport(bugs);
    assert.equal(await publicReport(bugs), first);
    assert.match(
      first,
      new RegExp(`^n = ${bugs.length} bugs, .* ${new Set(bugs.map((b) => b.project)).size} projects`),
    );
  });
});

import assert from "node:assert/strict";
import { LoopConfig } from "../../../agent-core/config";
import { makeFileChange } from "../../../agent-core/edits/diff";
import type { ParsedAnswer } from "../../../agent-core/edits/formats";
import { StopRun } from "../../../agent-core/loop/context";
import { EditFormatPolicy, UNUSABLE_ANSWERS_LIMIT } from "../../../agent-core/loop/editFormat";
import { NO_CHANGE_FEEDBACK, type Proposal } from "../../../agent-core/loop/proposal";

const config = (editFormat: LoopConfig["editFormat"] = "auto") =>
  LoopConfig.parse({ workspace: "/w", targetFile: "a.py", editFormat });
const small = "def f(x):\n    return x\n";
const big = Array.from({ length: 500 }, (_, i) => `v${i} = ${i}`).join("\n") + "\n";

const nothing: ParsedAnswer = { edits: [], errors: [] };
const edit: ParsedAnswer = {
  format: "search-replace",
  edits: [{ path: "a.py", search: "x", replace: "y" }],
  errors: [],
};
const proposal = (changed: boolean, feedback: string[] = []): Proposal => ({
  id: "p",
  source: "model",
  changes: changed ? [makeFileChange("a.py", small, small.replace("x\n", "x + 1\n"))] : [],
  feedback,
  fingerprint: "f",
});

describe("edit format per request", () => {
  it("starts from the setting or the auto table, within what the file allows", () => {
    assert.equal(new EditFormatPolicy(config(), "llama3.1:8b").next(small).format, "whole");
    assert.equal(new EditFormatPolicy(config(), "llama3.1:8b").next(big).format, "search-replace");
    assert.equal(new EditFormatPolicy(config(), "gpt-4o").next(small).format, "search-replace");
    assert.equal(new EditFormatPolicy(config("udiff"), "llama3.1:8b").next(small).format, "udiff");
    // A file the prompt cannot show whole is never asked for whole.
    const narrow = LoopConfig.parse({ workspace: "/w", targetFile: "a.py", editFormat: "whole", maxFileChars: 10 });
    assert.equal(new EditFormatPolicy(narrow, "x").next(small).format, "search-replace");
  });

  it("after an unusable answer asks for the whole file and says why; switches once; stops at the limit", () => {
    const log: string[] = [];
    const policy = new EditFormatPolicy(config("search-replace"), "gpt-4o", (m) => log.push(m));
    assert.deepEqual(policy.next(small), { format: "search-replace" });
    policy.record(
      "search-replace",
      { edits: [], errors: ["Edit block 1: the closing `>>>>>>> REPLACE` line is missing"] },
      undefined,
      small,
    );
    const second = policy.next(small);
    assert.equal(second.format, "whole");
    assert.match(
      second.note!,
      /Your last answer could not be applied \(Edit block 1: the closing .* missing\)\. This time answer with the whole file instead of SEARCH\/REPLACE blocks\./,
    );
    assert.deepEqual(log, ["Asking for the whole file next: the answer could not be applied."]);
    policy.record("whole", nothing, undefined, small);
    const third = policy.next(small);
    assert.equal(third.format, "whole", "the format is switched once per streak");
    assert.match(third.note!, /Your last 2 answers could not be applied .* one more unusable answer ends the run/);
    assert.equal(UNUSABLE_ANSWERS_LIMIT, 3);
    assert.throws(
      () => policy.record("whole", nothing, undefined, small),
      (e: unknown) =>
        e instanceof StopRun &&
        e.reason === "stuck" &&
        /Stuck: 3 answers in a row .*asked for SEARCH\/REPLACE blocks, then the whole file.*Last problem: it contained no edit/.test(
          e.message,
        ),
    );
  });

  it("edits that match nothing count as unusable; an applied answer ends the streak and its format is kept", () => {
    const policy = new EditFormatPolicy(config("search-replace"), "gpt-4o");
    policy.record(
      "search-replace",
      edit,
      proposal(false, ["a.py: The SEARCH section does not match any lines of a.py."]),
      small,
    );
    policy.record(
      "whole",
      edit,
      proposal(false, ["a.py: The SEARCH section does not match any lines of a.py."]),
      small,
    );
    policy.record("whole", { ...edit, format: "udiff" }, proposal(true), small);
    assert.deepEqual(
      policy.next(small),
      { format: "udiff" },
      "the model answered in a diff that applied: ask for that",
    );
    // The streak starts over: two more unusable answers do not stop the run.
    policy.record("udiff", nothing, undefined, small);
    policy.record("whole", nothing, undefined, small);
  });

  it("an answer that changed nothing is neither progress nor a format problem", () => {
    const policy = new EditFormatPolicy(config("search-replace"), "gpt-4o");
    for (let i = 0; i < 5; i++) policy.record("search-replace", edit, proposal(false, [NO_CHANGE_FEEDBACK]), small);
    assert.deepEqual(policy.next(small), { format: "search-replace" });
  });

  it("after a partly applied answer asks for the whole file; beyond the size limit switches blocks and diffs", () => {
    const partly = new EditFormatPolicy(config("search-replace"), "gpt-4o");
    partly.record("search-replace", edit, proposal(true, ["a.py: The SEARCH section matches 2 places"]), small);
    assert.equal(partly.next(small).format, "whole");
    assert.match(partly.next(small).note!, /Part of your last answer could not be applied/);
    const large = new EditFormatPolicy(config("search-replace"), "gpt-4o");
    large.record("search-replace", nothing, undefined, big);
    assert.equal(large.next(big).format, "udiff");
  });
});

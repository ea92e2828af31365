import assert from "node:assert/strict";
import { EDIT_FORMATS } from "../../../agent-core/edits/formats";
import { buildMessages, type PromptInput, SYSTEM_PROMPT, systemPrompt } from "../../../agent-core/loop/prompts";

const input: PromptInput = {
  target: { path: "a.py", content: "def f():\n    return 1\n" },
  tests: [],
  todos: [],
  failures: [],
  totalFailed: 1,
  attempts: [],
  feedback: [],
  maxFileChars: 24_000,
};

describe("prompts per edit format", () => {
  it("asks SEARCH/REPLACE blocks by default, as before formats existed", () => {
    const [system, user] = buildMessages(input);
    assert.equal(system.content, SYSTEM_PROMPT);
    assert.match(SYSTEM_PROMPT, /^You are Greenloop.*\n\nAnswer ONLY with SEARCH\/REPLACE blocks/s);
    assert.ok(user.content.endsWith("Reply with SEARCH/REPLACE blocks only."));
  });

  it("each format brings its own instructions and closing line, and a switch says why", () => {
    for (const format of EDIT_FORMATS) {
      const [system, user] = buildMessages({ ...input, format: format.id, formatNote: `Switched to ${format.label}.` });
      assert.equal(system.content, systemPrompt(format.id));
      assert.ok(system.content.includes(format.instructions), format.id);
      assert.ok(
        user.content.endsWith(`## Answer format\nSwitched to ${format.label}.\n\n${format.reminder}`),
        format.id,
      );
    }
  });
});

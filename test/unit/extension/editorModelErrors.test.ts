import { strict as assert } from "node:assert";
import { describeEditorModelError } from "../../../extension/providers/editorModelErrors";

/** What `LanguageModelError.NoPermissions(...)` and friends look like when they reach the caller. */
function lmError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { name: "LanguageModelError", code });
}

const MODEL = '"Fixture Coder" (greenloop-fixture)';

describe("editor model errors → messages with the action to take", () => {
  it("no permission: allow it in the editor's dialog or Manage Language Model Access; never retried", () => {
    const f = describeEditorModelError(
      lmError("NoPermissions", "Language model 'x' cannot be used by 'greenloop.greenloop'."),
      MODEL,
    );
    assert.equal(f.kind, "auth");
    assert.equal(f.retryable, false);
    assert.match(f.message, /may not use the editor model "Fixture Coder" \(greenloop-fixture\)/);
    assert.match(f.message, /choose Allow .*Manage Language Model Access/);
  });

  it("blocked: wait, or choose another model; never retried", () => {
    const f = describeEditorModelError(lmError("Blocked", "Too busy"), MODEL);
    assert.equal(f.kind, "rate-limited");
    assert.equal(f.retryable, false);
    assert.match(
      f.message,
      /blocked Greenloop's request .*\(Too busy\).*Wait a minute.*Greenloop: Choose Editor Model/,
    );
  });

  it("not found: the model went away; choose another", () => {
    const f = describeEditorModelError(lmError("NotFound", ""), MODEL);
    assert.equal(f.kind, "not-found");
    assert.equal(f.retryable, false);
    assert.match(f.message, /is not available any more: .*Choose another with "Greenloop: Choose Editor Model"/);
  });

  it("quota, named in the code or in the message of any LanguageModelError, wins over the code", () => {
    for (const error of [
      lmError("Blocked", "You have exceeded your premium request quota"),
      lmError("quotaExceeded", ""),
    ]) {
      const f = describeEditorModelError(error, MODEL);
      assert.equal(f.kind, "rate-limited", error.code);
      assert.equal(f.retryable, false);
      assert.match(f.message, /used up its quota or rate limit.*Wait until it resets/);
    }
    // A plain error that mentions a quota is just a failure of the model.
    assert.equal(describeEditorModelError(new Error("quota exceeded"), MODEL).kind, "server");
  });

  it("cancellation is reported as such, not as a failure", () => {
    const canceled = Object.assign(new Error("Canceled"), { name: "Canceled" });
    assert.deepEqual(describeEditorModelError(canceled, MODEL), {
      kind: "cancelled",
      message: "The request to the editor model was cancelled.",
      retryable: false,
    });
  });

  it("anything else is a failure of the model that may pass when tried again", () => {
    const f = describeEditorModelError(new Error("socket hang up"), MODEL);
    assert.deepEqual(f, {
      kind: "server",
      message: `The editor model ${MODEL} failed (socket hang up).`,
      retryable: true,
    });
    assert.match(describeEditorModelError("boom", MODEL).message, /failed \(boom\)/);
    assert.equal(
      describeEditorModelError(undefined, MODEL).message,
      `The editor model ${MODEL} failed without saying why.`,
    );
  });
});

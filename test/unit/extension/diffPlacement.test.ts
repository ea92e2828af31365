import { strict as assert } from "node:assert";
import { diffPlacement } from "../../../extension/review/diffPlacement";

describe("where a review diff opens", () => {
  const user = { isUserDocument: true, isDirty: false, typedIn: false };

  it("beside an editor the user typed in or left unsaved, never over it", () => {
    assert.equal(diffPlacement({ ...user, typedIn: true }), "beside");
    assert.equal(diffPlacement({ ...user, isDirty: true }), "beside");
  });

  it("in the active group when no editor is open, the user's is untouched, or a proposal is active", () => {
    assert.equal(diffPlacement(undefined), "active");
    assert.equal(diffPlacement(user), "active");
    assert.equal(diffPlacement({ isUserDocument: false, isDirty: true, typedIn: true }), "active");
  });
});

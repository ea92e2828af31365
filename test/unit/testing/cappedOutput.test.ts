import assert from "node:assert/strict";
import { CappedOutput, stripAnsi } from "../../../agent-core/testing/cappedOutput";

describe("CappedOutput", () => {
  it("keeps everything under the budget", () => {
    const out = new CappedOutput(100, 20);
    out.push("hello ");
    out.push("world");
    assert.equal(out.text(), "hello world");
    assert.equal(out.truncated, false);
  });

  it("keeps the head and the most recent tail, with the omitted byte count", () => {
    const out = new CappedOutput(30, 10);
    out.push("0123456789"); // head
    for (let i = 0; i < 10; i++) out.push(`<${i}>abcdefg\n`); // 11 bytes each
    assert.equal(out.truncated, true);
    const text = out.text();
    assert.ok(text.startsWith("0123456789\n[… 90 bytes omitted …]\n"), text);
    assert.ok(text.endsWith("<9>abcdefg\n"));
    const tail = text.split("omitted …]\n")[1];
    assert.equal(Buffer.byteLength(tail), 20);
  });

  it("counts UTF-8 bytes and never splits a character", () => {
    const out = new CappedOutput(12, 6);
    out.push("ééééé"); // 10 bytes: 3 characters fit the 6-byte head
    out.push("😀😀😀"); // 12 bytes
    const text = out.text();
    assert.ok(text.startsWith("ééé\n"), text);
    assert.ok(!text.includes("\uFFFD"));
    assert.ok(text.endsWith("😀"), text);
  });
});

describe("stripAnsi", () => {
  it("removes colour, cursor and OSC sequences", () => {
    assert.equal(
      stripAnsi("\u001b[31mred\u001b[0m \u001b[2K\u001b[1Gline \u001b]8;;http://x\u0007link\u001b]8;;\u0007"),
      "red line link",
    );
  });
});

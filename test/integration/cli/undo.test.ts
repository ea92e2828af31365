import assert from "node:assert/strict";
import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, read } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

describe("greenloop undo", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  async function fixedProject() {
    const fixed = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY }],
      files: { ...JS_CALC, "notes.md": "notes\n" },
    });
    assert.equal(fixed.code, 0, fixed.stderr);
    return fixed;
  }

  it("keeps the user's later work, says how to bring the run back, and lists runs", async () => {
    const { ws, cli } = await fixedProject();
    await appendFile(path.join(ws, "calc.js"), "// mine\n");
    await writeFile(path.join(ws, "notes.md"), "notes, later\n");
    const undo = await cli.run(["undo", "--workspace", ws]);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"] + "// mine\n");
    assert.equal(await read(ws, "notes.md"), "notes, later\n");
    const again = /greenloop undo --run (\S+)/.exec(undo.stdout)?.[1];
    assert.ok(again, undo.stdout);

    const list = await cli.run(["undo", "--list", "--workspace", ws]);
    assert.match(list.stdout, /undone/);
    const redo = await cli.run(["undo", "--run", again!, "--workspace", ws]);
    assert.equal(redo.code, 0, redo.stderr);
    assert.match(await read(ws, "calc.js"), /return a \* b;[\s\S]*\/\/ mine\n$/);
  });

  it("changes nothing and exits 1 when a later edit overlaps the run's change, until --force", async () => {
    const { ws, cli } = await fixedProject();
    const mine = (await read(ws, "calc.js")).replace("return a + b;", "return a + b; // checked by me");
    await writeFile(path.join(ws, "calc.js"), mine);
    const undo = await cli.run(["undo", "--workspace", ws]);
    assert.equal(undo.code, 1);
    assert.match(undo.stderr, /Nothing was changed[\s\S]*calc\.js[\s\S]*\.before, \.run, \.now/);
    assert.equal(await read(ws, "calc.js"), mine);
    const forced = await cli.run(["undo", "--force", "--workspace", ws]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("restores a whole checkpoint only with --force when it would delete files", async () => {
    const { ws, cli } = await fixedProject();
    const list = await cli.run(["undo", "--list", "--workspace", ws]);
    const checkpoint = /checkpoint ([0-9a-f]{12})/.exec(list.stdout)![1];
    await writeFile(path.join(ws, "new.txt"), "created later\n");
    const refused = await cli.run(["undo", "--checkpoint", checkpoint, "--workspace", ws]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /delete\s+new\.txt[\s\S]*--force/);
    assert.equal(await read(ws, "new.txt"), "created later\n");
    const done = await cli.run(["undo", "--checkpoint", checkpoint, "--force", "--workspace", ws]);
    assert.equal(done.code, 0, done.stderr);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });
});

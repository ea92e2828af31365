import assert from "node:assert/strict";
import path from "node:path";
import { block, cliSession, makeProject, read } from "../../support/cliHarness";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** A Go module of two packages: `cart` has a bug (quantities ignored), `money` passes. */
const GO_CART = {
  "go.mod": "module example.com/cart\n\ngo 1.18\n",
  "cart/cart.go": [
    "package cart",
    "",
    "// Item is one line of a cart.",
    "type Item struct {",
    "\tName  string",
    "\tPrice int // cents",
    "\tQty   int",
    "}",
    "",
    "// Total is the sum of price times quantity over the items.",
    "func Total(items []Item) int {",
    "\ttotal := 0",
    "\tfor _, it := range items {",
    "\t\ttotal += it.Price",
    "\t}",
    "\treturn total",
    "}",
    "",
  ].join("\n"),
  "cart/cart_test.go": [
    "package cart",
    "",
    'import "testing"',
    "",
    "func TestTotal(t *testing.T) {",
    "\tcases := []struct {",
    "\t\tname  string",
    "\t\titems []Item",
    "\t\twant  int",
    "\t}{",
    '\t\t{"single", []Item{{"pen", 150, 1}}, 150},',
    '\t\t{"several", []Item{{"pen", 150, 2}, {"pad", 300, 2}}, 900},',
    "\t}",
    "\tfor _, c := range cases {",
    "\t\tt.Run(c.name, func(t *testing.T) {",
    "\t\t\tif got := Total(c.items); got != c.want {",
    '\t\t\t\tt.Errorf("Total() = %d, want %d", got, c.want)',
    "\t\t\t}",
    "\t\t})",
    "\t}",
    "}",
    "",
  ].join("\n"),
  "money/money.go": [
    "package money",
    "",
    'import "fmt"',
    "",
    "// Format shows cents as dollars.",
    "func Format(cents int) string {",
    '\treturn fmt.Sprintf("$%d.%02d", cents/100, cents%100)',
    "}",
    "",
  ].join("\n"),
  "money/money_test.go": [
    "package money",
    "",
    'import "testing"',
    "",
    "func TestFormat(t *testing.T) {",
    '\tif got := Format(150); got != "$1.50" {',
    '\t\tt.Errorf("Format(150) = %q", got)',
    "\t}",
    "}",
    "",
  ].join("\n"),
};

describe("greenloop fix on a Go module (go test -json, scripted model)", function () {
  this.timeout(120_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("takes the module from red to green, after an edit that does not compile is reverted", async () => {
    server = await startScriptedModelServer([
      { reply: block("cart/cart.go", "\t\ttotal += it.Price", "\t\ttotal += it.Price * it.Quantity") },
      { reply: block("cart/cart.go", "\t\ttotal += it.Price", "\t\ttotal += it.Price * it.Qty") },
    ]);
    const ws = await makeProject(GO_CART, "gl-go-");
    const cli = await cliSession();
    const result = await cli.run(["fix", path.join(ws, "cart/cart.go"), ...scriptedModelFlags(server), "--yes"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, "cart/cart.go"), /total \+= it\.Price \* it\.Qty\n/);
    assert.match(result.stderr, /go test -json \.\/\.\.\./, "the run names the detected command");
    assert.match(result.stderr, /All tests pass after 2 iterations/);

    const chats = server.chatRequests();
    assert.equal(chats.length, 2);
    const first = chats[0].messages.at(-1)!.content;
    const failing = first.split("## Failing tests")[1].split("\n## ")[0];
    assert.match(failing, /example\.com\/cart\/cart > TestTotal\/several/);
    assert.match(failing, /Total\(\) = 450, want 900 \(expected 900, got 450\)/);
    assert.doesNotMatch(failing, /TestTotal\/single|TestFormat/, "only the failing subtest is listed");
    assert.match(first, /```go\n/, "Go files are fenced as go");
    const second = chats[1].messages.at(-1)!.content;
    assert.match(second, /Previous attempts/);
    assert.match(second, /reverted/, "the edit that did not compile was taken back");
  });
});

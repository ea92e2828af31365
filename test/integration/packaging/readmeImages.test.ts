import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
// @ts-expect-error: a plain .mjs script of the packaging step, without type declarations.
import { imagesNotPacked, readmeImages, withImageBase } from "../../../scripts/package/readmeImages.mjs";

const ROOT = path.resolve(__dirname, "../../..");

/** The files `vsce package` would put in the .vsix, as vsce itself lists them (the .vscodeignore applied). */
function packedFiles(): string[] {
  const vsce = path.join(ROOT, "node_modules", "@vscode", "vsce", "vsce");
  const result = spawnSync(process.execPath, [vsce, "ls", "--no-dependencies"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(result.signal, null, `vsce ls was killed by ${result.signal}`);
  assert.equal(result.status, 0, `vsce ls failed: ${result.stderr}`);
  return result.stdout.split("\n").filter(Boolean);
}

describe("the README on the extension's details page", function () {
  this.timeout(120_000);

  it("shows only images the .vsix carries (or absolute ones), and the same paths work in the repository", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const images: string[] = readmeImages(readme);
    assert.ok(images.length >= 5, `only ${images.length} images found in the README`);
    const files = packedFiles();
    assert.ok(files.includes("README.md") && files.includes("package.json"), files.slice(0, 5).join(", "));
    assert.deepEqual(imagesNotPacked(readme, files), [], "README images missing from the package");
    for (const image of images.filter((i) => !/^https:/.test(i))) {
      assert.ok(readFileSync(path.join(ROOT, image)).length > 0, `${image} is empty`);
    }
  });

  it("catches an image the package leaves out, and an http: one", () => {
    const text =
      "![a](media/screenshots/a.png)\n![b](docs/b.png)\n<img src='http://example.com/c.png'>\n![d](https://example.com/d.png)";
    assert.deepEqual(imagesNotPacked(text, ["media/screenshots/a.png"]), ["docs/b.png", "http://example.com/c.png"]);
  });

  it("with --images-url, every relative picture points under that https folder and nothing else changes", () => {
    const text =
      "![a](media/screenshots/a.png) [doc](docs/MEMORY.md)\n<img alt='x' src=\"./media/b.png\">\n![c](https://x.org/c.png)";
    const out: string = withImageBase(text, "https://example.org/greenloop/raw/main");
    assert.deepEqual(readmeImages(out), [
      "https://example.org/greenloop/raw/main/media/screenshots/a.png",
      "https://x.org/c.png",
      "https://example.org/greenloop/raw/main/media/b.png",
    ]);
    assert.match(out, /\[doc\]\(docs\/MEMORY\.md\)/);
    assert.deepEqual(imagesNotPacked(out, []), []);
    assert.throws(() => withImageBase(text, "http://example.org/"), /must be an https URL/);
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => m[1]);
}

describe("layer boundaries", () => {
  it("agent-core never imports vscode, the extension or the webview", () => {
    const offenders = sources(path.join(ROOT, "agent-core")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === "vscode" || /(^|\/)(extension|webview-ui)\//.test(spec))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it("the webview imports nothing from node or vscode", () => {
    const offenders = sources(path.join(ROOT, "webview-ui")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === "vscode" || spec.startsWith("node:") || /(^|\/)extension\//.test(spec))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it("the scan itself sees imports (guards against a check that cannot fail)", () => {
    assert.deepEqual(importsOf(__filename).includes("node:fs"), true);
  });
});

import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
/** Packages the webview bundle may use; everything else (vscode, node:*, native modules) breaks in a browser. */
const ALLOWED_PACKAGES = new Set(["zod"]);

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  }
  if (existsSync(base)) return base;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every module the webview entry reaches, with the bare packages each one imports (type-only imports skipped). */
function walk(entry: string): { files: string[]; packages: Map<string, string> } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !file.endsWith(".ts")) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/gm)) {
      if (m[2]) continue;
      const spec = m[3];
      if (spec.startsWith(".")) queue.push(resolveLocal(file, spec));
      else packages.set(spec, path.relative(ROOT, file));
    }
  }
  return { files: [...seen], packages };
}

describe("webview bundle boundary", () => {
  it("reaches only browser-safe modules from webview-ui/main.ts", () => {
    const { files, packages } = walk(path.join(ROOT, "webview-ui/main.ts"));
    assert.ok(
      files.some((f) => f.endsWith(path.join("agent-core", "events.ts"))),
      "the walk follows imports",
    );
    const bad = [...packages].filter(([spec]) => !ALLOWED_PACKAGES.has(spec));
    assert.deepEqual(
      bad,
      [],
      `imports not allowed in the webview: ${bad.map(([s, f]) => `${s} (in ${f})`).join(", ")}`,
    );
  });
});

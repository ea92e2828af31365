/** The local modules a JS/TS or Python file imports, found by reading its import lines (no parser). */
import { statSync } from "node:fs";
import path from "node:path";
import { isTestFile } from "../edits/safety";

/** The languages whose files can be the fix's sources. */
export const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py)$/;
const DEPENDENCIES = /(?:^|\/)(?:node_modules|site-packages|dist-packages|\.venv|venv|__pypackages__)\//;

/**
 * `abs` relative to `root` with "/", when it is one of the workspace's own source files: inside it, a JS/TS or
 * Python file that exists, neither a test nor a dependency. Undefined otherwise.
 */
export function workspaceSource(root: string, abs: string | undefined): string | undefined {
  if (!abs) return undefined;
  const rel = path.relative(root, abs).split(path.sep).join("/");
  if (rel.startsWith("../") || rel === ".." || path.isAbsolute(rel)) return undefined;
  if (!SOURCE_FILE.test(rel) || DEPENDENCIES.test(`/${rel}`) || isTestFile(rel) || !isFile(abs)) return undefined;
  return rel;
}

/** The workspace's own source files that `rel` (a file in `root` whose text is `text`) imports, in import order. */
export function localImports(root: string, rel: string, text: string): string[] {
  const abs = path.join(root, rel);
  const dir = path.dirname(abs);
  const python = /\.py$/.test(rel);
  const found = importsOf(text, python)
    .map((spec) => (python ? resolvePython(dir, root, spec) : resolveJs(dir, spec)))
    .map((file) => workspaceSource(root, file))
    .filter((file): file is string => file !== undefined && file !== rel);
  return [...new Set(found)];
}

/** Relative imports of a JS/TS file, and the modules a Python file imports (module names, unresolved). */
export function importsOf(text: string, python: boolean): string[] {
  const out: string[] = [];
  if (python) {
    for (const m of text.matchAll(/^\s*from\s+(\.*[\w.]*)\s+import\s+([\w*, ()]+)/gm)) {
      out.push(m[1]);
      // `from . import calc` and `from pkg import calc` may name a module, not a symbol.
      for (const name of m[2]
        .replace(/[()]/g, "")
        .split(",")
        .map((n) => n.trim().split(/\s+/)[0])
        .filter((n) => /^\w+$/.test(n)))
        out.push(`${m[1]}${m[1].endsWith(".") ? "" : "."}${name}`);
    }
    for (const m of text.matchAll(/^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm))
      out.push(...m[1].split(",").map((s) => s.trim()));
    return out;
  }
  for (const m of text.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm,
  ))
    out.push(m[1]);
  return out;
}

const JS_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

export function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** The file a relative JS/TS import names (TypeScript's `./x.js` → `./x.ts` included). */
export function resolveJs(fromDir: string, spec: string): string | undefined {
  const base = path.resolve(fromDir, spec);
  const stripped = base.replace(/\.[cm]?js$/, "");
  const tries = [
    base,
    ...JS_EXTENSIONS.map((ext) => stripped + ext),
    ...JS_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  return tries.find(isFile);
}

/** The file a Python module name could be, from the test's folder and each folder above it (and their src/). */
export function resolvePython(fromDir: string, root: string, module: string): string | undefined {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rel = module.slice(dots).split(".").filter(Boolean).join("/");
  if (!rel) return undefined;
  const bases: string[] = [];
  if (dots > 0) {
    bases.push(path.resolve(fromDir, ...Array(dots - 1).fill("..")));
  } else {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      bases.push(dir, path.join(dir, "src"));
      if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
    }
  }
  for (const base of bases) {
    const found = [path.join(base, `${rel}.py`), path.join(base, rel, "__init__.py")].find(isFile);
    if (found) return found;
  }
  return undefined;
}

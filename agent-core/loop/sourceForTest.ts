/**
 * Which source file a failing test exercises, for "Fix with Greenloop" on a test from any test extension:
 * a stack frame in the workspace's own code first (what was running when it failed), then what the test file
 * imports, preferring the import named like the test, then a file named like the test anywhere. Test files are
 * never chosen. Shared by the CLI (a run started on a test file) and the editor ("Fix with Greenloop").
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isTestFile } from "../edits/safety";
import { importsOf, resolveJs, resolvePython, workspaceSource } from "./imports";
import { listWorkspaceFiles, stemOf } from "./related";

/** What is known of the test. */
export interface TestEvidence {
  /** The test file, absolute. */
  file?: string;
  /** Failure texts (messages, stack traces as text). */
  texts: string[];
  /** Positions named by the failure (message locations, stack frames), innermost first; absolute files, 0-based lines. */
  frames: Array<{ file: string; line: number }>;
}

/** How the source was found, for the log and the progress title. */
export type SourceReason = "stack frame" | "import named like the test" | "file named like the test" | "import";

export type SourceChoice =
  | { target: string; reason: SourceReason; candidates: string[] }
  | { target?: undefined; message: string };

/** "path/to/file.ext:line" in stack traces, `file://` URLs included; Python's `File "x.py", line 3` separately. */
const JS_FRAME = /(?:file:\/\/)?((?:[A-Za-z]:[\\/]|\/|\.{1,2}\/)?[^\s()'"`:]+\.(?:[cm]?[jt]sx?|py)):(\d+)(?::\d+)?/g;
const PY_FRAME = /File "([^"]+\.py)", line (\d+)/g;

/** Positions named in failure texts, in order of appearance. */
export function framesInText(text: string): Array<{ path: string; line: number }> {
  const out: Array<{ index: number; path: string; line: number }> = [];
  for (const m of text.matchAll(PY_FRAME)) out.push({ index: m.index ?? 0, path: m[1], line: Number(m[2]) - 1 });
  for (const m of text.matchAll(JS_FRAME)) out.push({ index: m.index ?? 0, path: m[1], line: Number(m[2]) - 1 });
  return out.sort((a, b) => a.index - b.index).map(({ path: p, line }) => ({ path: p, line: Math.max(0, line) }));
}

/** See the module comment. `root` is the workspace folder; the target comes back relative to it. */
export async function findSourceForTest(root: string, evidence: TestEvidence): Promise<SourceChoice> {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/");
  const usable = (abs: string | undefined): abs is string => workspaceSource(root, abs) !== undefined;
  const testDir = evidence.file ? path.dirname(evidence.file) : root;
  // A relative path in a trace is relative to where the runner ran: the test's folder or the workspace, say.
  const fromText = evidence.texts
    .flatMap(framesInText)
    .flatMap((f) => (path.isAbsolute(f.path) ? [f.path] : [path.resolve(root, f.path), path.resolve(testDir, f.path)]));
  const frames = [...new Set([...evidence.frames.map((f) => f.file), ...fromText])].filter(usable);

  const python = evidence.file ? /\.py$/.test(evidence.file) : false;
  const testText =
    evidence.file && existsSync(evidence.file) ? await readFile(evidence.file, "utf8").catch(() => "") : "";
  const imported = importsOf(testText, python)
    .map((spec) => (python ? resolvePython(testDir, root, spec) : resolveJs(testDir, spec)))
    .filter(usable);
  const stem = evidence.file ? stemOf(evidence.file) : "";
  const candidates = [...new Set([...frames, ...imported])].map(rel);

  const choose = (abs: string, reason: SourceReason): SourceChoice => ({ target: rel(abs), reason, candidates });
  const frameInImports = frames.find((f) => imported.includes(f));
  if (frameInImports) return choose(frameInImports, "stack frame");
  if (frames[0]) return choose(frames[0], "stack frame");
  const namedImport = imported.find((f) => stemOf(f) === stem);
  if (namedImport) return choose(namedImport, "import named like the test");
  if (stem) {
    const language = python ? /\.py$/ : /\.[cm]?[jt]sx?$/;
    const distance = (f: string) =>
      path
        .relative(testDir, path.dirname(path.join(root, f)))
        .split(path.sep)
        .filter(Boolean).length;
    const named = (await listWorkspaceFiles(root))
      .filter((f) => language.test(f) && !isTestFile(f) && stemOf(f) === stem)
      .sort((a, b) => distance(a) - distance(b));
    if (named[0]) return choose(path.join(root, named[0]), "file named like the test");
  }
  if (imported[0]) return choose(imported[0], "import");
  const what = evidence.file ? rel(evidence.file) : "this test";
  return {
    message: `Greenloop could not tell which source file ${what} exercises: no stack frame in the workspace's code, no import of a source file, and no file named like it. Run the fix on the source file itself (in the editor: "Greenloop: Fix Until Tests Pass").`,
  };
}

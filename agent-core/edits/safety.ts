/** Flags risky code an edit ADDS, and recognises test files (edits to tests deserve the user's eye). */
import type { DangerFlag, DangerKind } from "./types";

interface Rule {
  kind: DangerKind;
  re: RegExp;
}

const NODE_MODULE = (names: string) =>
  new RegExp(`(?:require\\s*\\(\\s*|import\\s*\\(\\s*|from\\s+|import\\s+)["'](?:node:)?(?:${names})["']`);

const COMMON_RULES: Rule[] = [
  { kind: "process", re: /\bchild_process\b/ },
  { kind: "process", re: NODE_MODULE("child_process") },
  { kind: "process", re: /\b(?:execSync|execFile|execFileSync|spawn|spawnSync|fork)\s*\(/ },
  { kind: "process", re: /\b(?:subprocess|Popen)\b/ },
  { kind: "process", re: /\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s*\(/ },
  { kind: "process", re: /\b(?:Deno\.Command|Bun\.spawn)\b/ },
  { kind: "eval", re: /\beval\s*\(/ },
  { kind: "eval", re: /\bnew\s+Function\s*\(/ },
  { kind: "eval", re: /\bvm\.(?:runIn\w*Context|Script)\b/ },
  { kind: "delete", re: /\bfs(?:\.promises)?\.(?:rm|rmSync|unlink|unlinkSync|rmdir|rmdirSync)\b/ },
  { kind: "delete", re: /(?:^|[^.\w])(?:rm|rmSync|unlinkSync|rmdirSync)\s*\(/ },
  { kind: "delete", re: /\b(?:unlink|rmdir)\s*\(/ },
  { kind: "delete", re: /\b(?:shutil\.rmtree|os\.remove|os\.removedirs|rimraf)\b/ },
  { kind: "delete", re: /(?:^|[\s;&|`"'(])rm\s+-[a-zA-Z]*[rf]/ },
  { kind: "network", re: /\bfetch\s*\(/ },
  { kind: "network", re: NODE_MODULE("http|https|http2|net|dgram|tls|undici") },
  { kind: "network", re: /\b(?:axios|urllib|socket|XMLHttpRequest|WebSocket)\b/ },
  { kind: "network", re: /\brequests\.\w+/ },
  { kind: "network", re: /\bhttp\.client\b/ },
  { kind: "network", re: /\b(?:curl|wget)\s+\S/ },
];

/** In Python `exec(` runs code; elsewhere a bare `exec(` is child_process.exec (but `re.exec(` is RegExp). */
const PY_EXEC: Rule = { kind: "eval", re: /(?:^|[^.\w])exec\s*\(/ };
const JS_EXEC: Rule = { kind: "process", re: /(?:^|[^.\w])exec\s*\(|\b(?:child_process|cp|childProcess)\.exec\b/ };

function rulesFor(path: string): Rule[] {
  return [...COMMON_RULES, /\.pyw?$/i.test(path) ? PY_EXEC : JS_EXEC];
}

function isCommentOnly(trimmed: string): boolean {
  return /^(?:\/\/|\/\*|\*|#(?!!)|--\s)/.test(trimmed);
}

/**
 * Danger flags for lines present in `after` but not in `before` (compared as sets of trimmed lines,
 * so moved or pre-existing risky code is not reported). Comment-only lines are ignored.
 */
export function scanDangers(before: string, after: string, path: string): DangerFlag[] {
  const existing = new Set(before.split(/\r?\n/).map((l) => l.trim()));
  const rules = rulesFor(path);
  const flags: DangerFlag[] = [];
  const seen = new Set<string>();
  for (const raw of after.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || existing.has(line) || isCommentOnly(line)) continue;
    for (const rule of rules) {
      const key = `${rule.kind}\0${line}`;
      if (seen.has(key) || !rule.re.test(line)) continue;
      seen.add(key);
      flags.push({ kind: rule.kind, line });
    }
  }
  return flags;
}

const TEST_DIRS = new Set(["test", "tests", "__tests__", "spec", "specs", "__test__"]);

/** True for paths that hold tests: test/ tests/ __tests__/ dirs, *.test.*, *.spec.*, test_*.py, *_test.py, conftest.py. */
export function isTestFile(relPath: string): boolean {
  const parts = relPath.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  const name = parts.pop() ?? "";
  if (parts.some((dir) => TEST_DIRS.has(dir.toLowerCase()))) return true;
  return (
    /\.(?:test|spec)\.\w/i.test(name) ||
    /^test_.+\.py$/i.test(name) ||
    /_test\.(?:py|go)$/i.test(name) ||
    name.toLowerCase() === "conftest.py"
  );
}

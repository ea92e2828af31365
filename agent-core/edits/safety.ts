/** Flags risky code an edit ADDS, and recognises test files (edits to tests deserve the user's eye). */
import { isLanguageTestDir, isTestFileName, languageRowOf } from "../languages";
import type { DangerFlag, DangerKind } from "./types";

interface Rule {
  kind: DangerKind;
  re: RegExp;
}

const NODE_MODULE = (names: string) =>
  new RegExp(`(?:require\\s*\\(\\s*|import\\s*\\(\\s*|from\\s+|import\\s+)["'](?:node:)?(?:${names})["']`);

/** A Python import of one of `names` (`import socket`, `import os, socket`, `from urllib.request import urlopen`). */
const PY_IMPORT = (names: string) =>
  new RegExp(`^(?:import\\s+(?:[\\w.]+(?:\\s+as\\s+\\w+)?\\s*,\\s*)*|from\\s+)(?:${names})(?:[\\s.,]|$)`);

// Calls and imports only: a variable or attribute that happens to be called `socket` or `requests` opens nothing.
const COMMON_RULES: Rule[] = [
  { kind: "process", re: /\bchild_process\.\w+\s*\(/ },
  { kind: "process", re: NODE_MODULE("child_process") },
  { kind: "process", re: /\b(?:execSync|execFile|execFileSync|spawn|spawnSync|fork)\s*\(/ },
  { kind: "process", re: /\bsubprocess\.\w+\s*\(|(?:^|[^.\w])Popen\s*\(/ },
  { kind: "process", re: PY_IMPORT("subprocess|pty") },
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
  { kind: "network", re: /(?:^|[^.\w]|\b(?:window|globalThis)\.)fetch\s*\(/ },
  {
    kind: "network",
    re: NODE_MODULE("http|https|http2|net|dgram|tls|undici|axios|node-fetch|got|ws|superagent|socket\\.io-client"),
  },
  { kind: "network", re: /\baxios(?:\.\w+)?\s*\(|\bnew\s+(?:XMLHttpRequest|WebSocket|EventSource)\b/ },
  {
    kind: "network",
    re: PY_IMPORT(
      "socket|urllib\\d?|requests|httpx|aiohttp|http\\.client|ftplib|smtplib|telnetlib|websockets?|paramiko",
    ),
  },
  {
    kind: "network",
    re: /\bsocket\.(?:socket|create_connection|create_server|socketpair|fromfd|getaddrinfo|gethostbyname)\s*\(/,
  },
  { kind: "network", re: /\burllib\d?\.request\.\w+\s*\(|(?:^|[^.\w])urlopen\s*\(/ },
  {
    kind: "network",
    re: /\b(?:requests|httpx)\.(?:get|post|put|patch|delete|head|options|request|stream|Session|Client|AsyncClient)\s*\(|\baiohttp\.ClientSession\s*\(/,
  },
  { kind: "network", re: /\bhttp\.client\.\w+\s*\(/ },
  { kind: "network", re: /\b(?:curl|wget)\s+\S/ },
];

/** In Python `exec(` runs code; elsewhere a bare `exec(` is child_process.exec (but `re.exec(` is RegExp). */
const PY_EXEC: Rule = { kind: "eval", re: /(?:^|[^.\w])exec\s*\(/ };
const JS_EXEC: Rule = { kind: "process", re: /(?:^|[^.\w])exec\s*\(|\b(?:child_process|cp|childProcess)\.exec\b/ };

function rulesFor(path: string): Rule[] {
  return [...COMMON_RULES, ...(languageRowOf(path)?.dangers ?? []), /\.pyw?$/i.test(path) ? PY_EXEC : JS_EXEC];
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
  const parts = relPath
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  const name = parts.pop() ?? "";
  if (parts.some((dir) => TEST_DIRS.has(dir.toLowerCase()) || isLanguageTestDir(dir))) return true;
  return (
    isTestFileName(name) ||
    // Beyond the known languages: the common `.test.` / `.spec.` and Go's `_test` names.
    /\.(?:test|spec)\.\w/i.test(name) ||
    /_test\.go$/i.test(name)
  );
}

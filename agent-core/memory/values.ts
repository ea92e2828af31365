/**
 * A tolerant reader for the values test runners print (JavaScript inspect output, Python repr, JSON):
 * numbers, booleans, null/undefined/None, quoted strings, lists/tuples, objects/dicts, promises/coroutines and
 * constructor calls such as `datetime.date(2024, 3, 4)`. Anything else becomes `{ kind: "other" }`; it never throws.
 */

/** A printed value, as far as it could be read. */
export type PrintedValue =
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "nullish"; literal: string }
  | { kind: "string"; value: string }
  | { kind: "list"; items: PrintedValue[]; truncated: boolean }
  | { kind: "object"; entries: Array<[string, PrintedValue]>; truncated: boolean }
  | { kind: "promise" }
  | { kind: "call"; name: string; args: PrintedValue[] }
  | { kind: "other"; text: string };

const NULLISH = new Set(["null", "undefined", "None", "nil", "NULL"]);
const TRUE = new Set(["true", "True"]);
const FALSE = new Set(["false", "False"]);
const NUMBER_WORDS: Record<string, number> = { NaN: NaN, nan: NaN, Infinity: Infinity, inf: Infinity };
// Async results printed instead of awaited: Node inspect, String(promise), Python's repr of a coroutine.
const PROMISE = /^(?:Promise\s*\{|\[object Promise\]$|<coroutine object\b|<Task\b.*\bcoro=|<Future\b)/;
const NUMBER = /^-?(?:\d[\d_]*(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?n?/i;
const IDENT = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/;
const MAX_ITEMS = 200;
const MAX_DEPTH = 8;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? "";
  }

  rest(): string {
    return this.text.slice(this.pos);
  }
}

/** Read one printed value; unreadable or partial text gives `{ kind: "other", text }`. */
export function parsePrintedValue(raw: string): PrintedValue {
  const text = raw.trim();
  if (PROMISE.test(text)) return { kind: "promise" };
  const reader = new Reader(text);
  const value = readValue(reader, 0);
  reader.skipSpace();
  if (value === undefined || reader.pos < text.length) return { kind: "other", text };
  return value;
}

function readValue(r: Reader, depth: number): PrintedValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const c = r.peek();
  if (c === "'" || c === '"' || c === "`") return readString(r, c);
  if (c === "[") return readList(r, "]", depth);
  if (c === "(") return readList(r, ")", depth);
  if (c === "{") return readObject(r, depth);
  if (c === "<") return readAngle(r);
  const number = NUMBER.exec(r.rest());
  if (number) {
    r.pos += number[0].length;
    return { kind: "number", value: Number(number[0].replace(/[_n]/g, "")) };
  }
  if (r.rest().startsWith("-Infinity")) {
    r.pos += 9;
    return { kind: "number", value: -Infinity };
  }
  const ident = IDENT.exec(r.rest());
  if (!ident) return undefined;
  r.pos += ident[0].length;
  const word = ident[0];
  if (TRUE.has(word)) return { kind: "boolean", value: true };
  if (FALSE.has(word)) return { kind: "boolean", value: false };
  if (NULLISH.has(word)) return { kind: "nullish", literal: word };
  if (word in NUMBER_WORDS) return { kind: "number", value: NUMBER_WORDS[word] };
  if (r.peek() === "(") {
    const args = readList(r, ")", depth);
    return args?.kind === "list" ? { kind: "call", name: word, args: args.items } : undefined;
  }
  // Node prints class instances as `Name { ... }` and `Name(2) [ ... ]`; the braces hold the value.
  if (r.peek() === "{" || r.peek() === "[") return readValue(r, depth + 1);
  return { kind: "other", text: word };
}

function readString(r: Reader, quote: string): PrintedValue | undefined {
  let out = "";
  for (let i = r.pos + 1; i < r.text.length; i++) {
    const ch = r.text[i];
    if (ch === "\\" && i + 1 < r.text.length) {
      out += r.text[++i];
      continue;
    }
    if (ch === quote) {
      r.pos = i + 1;
      return { kind: "string", value: out };
    }
    out += ch;
  }
  return undefined;
}

/** `[a, b, ...]` or `(a, b)`; `...` / `…` items mark a list the runner shortened. */
function readList(r: Reader, close: string, depth: number): PrintedValue | undefined {
  r.pos++;
  const items: PrintedValue[] = [];
  let truncated = false;
  for (;;) {
    if (r.peek() === close) {
      r.pos++;
      return { kind: "list", items, truncated };
    }
    if (skipEllipsis(r)) truncated = true;
    else {
      const item = readValue(r, depth + 1);
      if (!item || items.length >= MAX_ITEMS) return undefined;
      items.push(item);
    }
    if (r.peek() === ",") r.pos++;
    else if (r.peek() !== close) return undefined;
  }
}

function readObject(r: Reader, depth: number): PrintedValue | undefined {
  r.pos++;
  const entries: Array<[string, PrintedValue]> = [];
  let truncated = false;
  for (;;) {
    if (r.peek() === "}") {
      r.pos++;
      return { kind: "object", entries, truncated };
    }
    if (skipEllipsis(r)) truncated = true;
    else {
      const key = readKey(r);
      if (key === undefined || r.peek() !== ":") return undefined;
      r.pos++;
      const value = readValue(r, depth + 1);
      if (!value || entries.length >= MAX_ITEMS) return undefined;
      entries.push([key, value]);
    }
    if (r.peek() === ",") r.pos++;
    else if (r.peek() !== "}") return undefined;
  }
}

function readKey(r: Reader): string | undefined {
  const c = r.peek();
  if (c === "'" || c === '"') {
    const key = readString(r, c);
    return key?.kind === "string" ? key.value : undefined;
  }
  const bare = /^[^\s:,{}[\]()'"]+/.exec(r.rest());
  if (!bare) return undefined;
  r.pos += bare[0].length;
  return bare[0];
}

/** `<coroutine object f at 0x…>` is a promise; other `<…>` reprs are opaque objects. */
function readAngle(r: Reader): PrintedValue | undefined {
  const end = r.text.indexOf(">", r.pos);
  if (end < 0) return undefined;
  const inner = r.text.slice(r.pos, end + 1);
  r.pos = end + 1;
  return PROMISE.test(inner) ? { kind: "promise" } : { kind: "other", text: inner };
}

function skipEllipsis(r: Reader): boolean {
  r.skipSpace();
  for (const mark of ["...", "…"]) {
    if (r.text.startsWith(mark, r.pos)) {
      r.pos += mark.length;
      return true;
    }
  }
  return false;
}

/** Canonical text of a value, for equality and ordering checks between values. */
export function canonicalValue(value: PrintedValue): string {
  switch (value.kind) {
    case "number":
      return Number.isNaN(value.value) ? "NaN" : String(value.value);
    case "boolean":
      return String(value.value);
    case "nullish":
      return "nullish";
    case "string":
      return JSON.stringify(value.value);
    case "list":
      return `[${value.items.map(canonicalValue).join(",")}${value.truncated ? ",…" : ""}]`;
    case "object":
      return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalValue(v)}`).join(",")}${value.truncated ? ",…" : ""}}`;
    case "promise":
      return "promise";
    case "call":
      return `${value.name}(${value.args.map(canonicalValue).join(",")})`;
    case "other":
      return `?${value.text}`;
  }
}

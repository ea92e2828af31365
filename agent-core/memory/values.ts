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
const BOOLEAN: Record<string, boolean> = { true: true, True: true, false: false, False: false };
const NUMBER_WORDS: Record<string, number> = { NaN: NaN, nan: NaN, Infinity: Infinity, inf: Infinity };
// Async results printed instead of awaited: Node inspect, String(promise), Python's repr of a coroutine.
const PROMISE = /^(?:Promise\s*\{|\[object Promise\]$|<coroutine object\b|<Task\b.*\bcoro=|<Future\b)/;
const NUMBER = /^-?(?:\d[\d_]*(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?n?/i;
const IDENT = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/;
const MAX_ITEMS = 200;
const MAX_DEPTH = 8;

/** Read one printed value; unreadable or partial text gives `{ kind: "other", text }`. */
export function parsePrintedValue(raw: string): PrintedValue {
  const text = raw.trim();
  if (PROMISE.test(text)) return { kind: "promise" };
  const reader = new Reader(text);
  const value = reader.value(0);
  return value === undefined || reader.peek() !== "" ? { kind: "other", text } : value;
}

/** A recursive-descent reader over one printed value; every read returns undefined on text it cannot read. */
class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** The next character after white space ("" at the end). */
  peek(): string {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
    return this.text[this.pos] ?? "";
  }

  value(depth: number): PrintedValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const c = this.peek();
    if (c === "'" || c === '"' || c === "`") return this.string(c);
    if (c === "[" || c === "(") {
      const list = this.items(c === "[" ? "]" : ")", () => this.value(depth + 1));
      return list && { kind: "list", ...list };
    }
    if (c === "{") {
      const object = this.items("}", () => this.entry(depth));
      return object && { kind: "object", entries: object.items, truncated: object.truncated };
    }
    if (c === "<") return this.angle();
    const rest = this.text.slice(this.pos);
    const number = NUMBER.exec(rest)?.[0] ?? (rest.startsWith("-Infinity") ? "-Infinity" : undefined);
    if (number) {
      this.pos += number.length;
      return { kind: "number", value: number === "-Infinity" ? -Infinity : Number(number.replace(/[_n]/g, "")) };
    }
    const word = IDENT.exec(rest)?.[0];
    if (!word) return undefined;
    this.pos += word.length;
    if (Object.hasOwn(BOOLEAN, word)) return { kind: "boolean", value: BOOLEAN[word] };
    if (NULLISH.has(word)) return { kind: "nullish", literal: word };
    if (Object.hasOwn(NUMBER_WORDS, word)) return { kind: "number", value: NUMBER_WORDS[word] };
    if (this.peek() === "(") {
      const args = this.items(")", () => this.value(depth + 1));
      return args && { kind: "call", name: word, args: args.items };
    }
    // Node prints class instances as `Name { ... }` and `Name(2) [ ... ]`; the braces hold the value.
    if (this.peek() === "{" || this.peek() === "[") return this.value(depth + 1);
    return { kind: "other", text: word };
  }

  private string(quote: string): PrintedValue | undefined {
    let out = "";
    for (let i = this.pos + 1; i < this.text.length; i++) {
      if (this.text[i] === "\\" && i + 1 < this.text.length) out += this.text[++i];
      else if (this.text[i] !== quote) out += this.text[i];
      else {
        this.pos = i + 1;
        return { kind: "string", value: out };
      }
    }
    return undefined;
  }

  /** Items of `[a, b]`, `(a, b)` or `{k: v}` up to `close`; `...` / `…` mark a value the runner shortened. */
  private items<T>(close: string, item: () => T | undefined): { items: T[]; truncated: boolean } | undefined {
    this.pos++;
    const items: T[] = [];
    let truncated = false;
    for (;;) {
      if (this.peek() === close) {
        this.pos++;
        return { items, truncated };
      }
      const mark = this.text.startsWith("...", this.pos) ? 3 : this.text.startsWith("…", this.pos) ? 1 : 0;
      if (mark) {
        this.pos += mark;
        truncated = true;
      } else {
        const next = item();
        if (next === undefined || items.length >= MAX_ITEMS) return undefined;
        items.push(next);
      }
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== close) return undefined;
    }
  }

  /** `key: value` of an object, the key bare or quoted. */
  private entry(depth: number): [string, PrintedValue] | undefined {
    const c = this.peek();
    const quoted = c === "'" || c === '"' ? this.string(c) : undefined;
    const bare = quoted ? undefined : /^[^\s:,{}[\]()'"]+/.exec(this.text.slice(this.pos))?.[0];
    if (bare) this.pos += bare.length;
    const key = quoted?.kind === "string" ? quoted.value : bare;
    if (key === undefined || this.peek() !== ":") return undefined;
    this.pos++;
    const value = this.value(depth + 1);
    return value && [key, value];
  }

  /** `<coroutine object f at 0x…>` is a promise; other `<…>` reprs are opaque objects. */
  private angle(): PrintedValue | undefined {
    const end = this.text.indexOf(">", this.pos);
    if (end < 0) return undefined;
    const inner = this.text.slice(this.pos, end + 1);
    this.pos = end + 1;
    return PROMISE.test(inner) ? { kind: "promise" } : { kind: "other", text: inner };
  }
}

/** Canonical text of a value, for equality and ordering checks between values. */
export function canonicalValue(value: PrintedValue): string {
  const more = (v: { truncated: boolean }) => (v.truncated ? ",…" : "");
  switch (value.kind) {
    case "number":
      return Number.isNaN(value.value) ? "NaN" : String(value.value);
    case "boolean":
      return String(value.value);
    case "string":
      return JSON.stringify(value.value);
    case "list":
      return `[${value.items.map(canonicalValue).join(",")}${more(value)}]`;
    case "object":
      return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalValue(v)}`).join(",")}${more(value)}}`;
    case "call":
      return `${value.name}(${value.args.map(canonicalValue).join(",")})`;
    case "other":
      return `?${value.text}`;
    default:
      return value.kind; // nullish, promise
  }
}

/**
 * Redaction of secrets from text that leaves the process (prompts, output) or is stored (run logs, memory).
 * A Redactor is a plain immutable value: hosts build one per run from the environment and the key in use and
 * hand it to what needs it; components given none build their own from `process.env`.
 */
import { REDACTED, redactShapes } from "./patterns";

export { REDACTED, redactUrl } from "./patterns";

/** Shorter values are too likely to be ordinary words ("true", "admin") to hide everywhere. */
export const MIN_SECRET_LENGTH = 8;
/** A cut-off start or end of a known secret at least this long is hidden too (truncated output, capped fields). */
const FRAGMENT_LENGTH = 12;

const SECRET_NAME = /(?:^|_)(?:API_?KEY|TOKEN|SECRET|ACCESS_KEY|PRIVATE_KEY|AUTH_KEY)(?:$|_)|PASSWORD|PASSWD/i;
/** An absolute path (SSH_PRIVATE_KEY_PATH, *_TOKEN_FILE) points at a secret and is not one; hiding it would hide every path under it. */
const FILE_PATH = /^(?:\/|~\/|[A-Za-z]:[\\/])\S*$/;

/** True for environment variable names that hold secrets by convention (*_API_KEY, *_TOKEN, *_SECRET, *PASSWORD*). */
export function isSecretName(name: string): boolean {
  return name === "GREENLOOP_API_KEY" || name === "OPENAI_API_KEY" || SECRET_NAME.test(name);
}

/** Values of the secret-named variables of `env`, at least MIN_SECRET_LENGTH long, file paths left out. */
export function secretValuesFromEnv(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        value !== undefined && value.trim().length >= MIN_SECRET_LENGTH && isSecretName(name) && !FILE_PATH.test(value),
    )
    .map(([, value]) => value as string);
}

/** Hides known secret values (exactly, URL-encoded, or a long enough cut-off end) and secret-shaped text. */
export class Redactor {
  /** Longest first, so a secret containing another is hidden whole. */
  private readonly values: readonly string[];

  constructor(values: Iterable<string | undefined> = []) {
    const known = new Set<string>();
    for (const value of values) {
      if (!value || value.trim().length < MIN_SECRET_LENGTH) continue;
      known.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) known.add(encoded);
    }
    this.values = [...known].sort((a, b) => b.length - a.length);
  }

  /** The secret-named variables of `env` (see isSecretName) plus `extra` values such as the API key in use. */
  static fromEnvironment(
    env: Record<string, string | undefined> = process.env,
    extra: Iterable<string | undefined> = [],
  ): Redactor {
    return new Redactor([...secretValuesFromEnv(env), ...extra]);
  }

  /** How many exact values are known (for diagnostics; the values themselves are never exposed). */
  get knownValues(): number {
    return this.values.length;
  }

  /** `text` with every secret replaced by REDACTED; the same string when there was none. */
  redact(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
      if (value.length > FRAGMENT_LENGTH) out = hideFragments(out, value);
    }
    return redactShapes(out);
  }

  /**
   * A copy of `value` with every string inside (object values and array items, nested) redacted. Parts
   * without secrets are shared, not copied; numbers, typed arrays and other objects pass unchanged.
   */
  redactDeep<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item) => {
        const next = this.walk(item);
        changed ||= next !== item;
        return next;
      });
      return changed ? items : value;
    }
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      let changed = false;
      const entries = Object.entries(value).map(([key, item]) => {
        const next = this.walk(item);
        changed ||= next !== item;
        return [key, next] as const;
      });
      return changed ? Object.fromEntries(entries) : value;
    }
    return value;
  }
}

/**
 * Hides runs of FRAGMENT_LENGTH or more characters that are the start or the end of `secret`: what is left
 * when output was truncated in the middle of a key.
 */
function hideFragments(text: string, secret: string): string {
  const head = secret.slice(0, FRAGMENT_LENGTH);
  const tail = secret.slice(-FRAGMENT_LENGTH);
  if (!text.includes(head) && !text.includes(tail)) return text;
  const cuts: Array<[number, number]> = [];
  for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
    let end = at + FRAGMENT_LENGTH;
    while (end < text.length && end - at < secret.length && text[end] === secret[end - at]) end++;
    cuts.push([at, end]);
  }
  for (let at = text.indexOf(tail); at !== -1; at = text.indexOf(tail, at + 1)) {
    let start = at;
    const offset = secret.length - FRAGMENT_LENGTH;
    while (start > 0 && at - start < offset && text[start - 1] === secret[offset - (at - start) - 1]) start--;
    cuts.push([start, at + FRAGMENT_LENGTH]);
  }
  cuts.sort((a, b) => a[0] - b[0]);
  let out = "";
  let from = 0;
  for (const [start, end] of cuts) {
    if (end <= from) continue;
    out += text.slice(from, Math.max(from, start)) + (start >= from ? REDACTED : "");
    from = end;
  }
  return out + text.slice(from);
}

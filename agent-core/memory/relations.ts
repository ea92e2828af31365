/**
 * Relation features between an expected and an actual value: what KIND of wrong the actual value is (one
 * too many, negated, empty, null, flipped, other case, reordered, a key renamed…). Two failures whose values
 * differ but relate the same way share these features, which is what number masking alone cannot see.
 */
import { canonicalValue, type PrintedValue } from "./values";

type ListValue = Extract<PrintedValue, { kind: "list" }>;
type ObjectValue = Extract<PrintedValue, { kind: "object" }>;

/** Short kind name; empty containers and NaN get their own names since they say the most. */
function kindName(value: PrintedValue): string {
  if (value.kind === "number" && Number.isNaN(value.value)) return "nan";
  if (value.kind === "string" && value.value === "") return "empty-string";
  if (value.kind === "list" && value.items.length === 0 && !value.truncated) return "empty-list";
  if (value.kind === "object" && value.entries.length === 0 && !value.truncated) return "empty-object";
  return value.kind;
}

/**
 * Features relating `actual` to `expected`, each prefixed with `prefix` (nested values use "item " / "field ").
 * Only the top level and one nested level are described: deeper values add noise, not meaning.
 */
export function relationFeatures(expected: PrintedValue, actual: PrintedValue, prefix = "", depth = 0): string[] {
  const [e, a] = [kindName(expected), kindName(actual)];
  const out = [`expected ${e}`, `actual ${a}`, `${e} became ${a}`];
  if (expected.kind === "number" && actual.kind === "number")
    out.push(...numberRelations(expected.value, actual.value));
  else if (expected.kind === "boolean" && actual.kind === "boolean")
    out.push(actual.value === expected.value ? "same boolean" : "boolean flipped");
  else if (expected.kind === "string" && actual.kind === "string")
    out.push(...stringRelations(expected.value, actual.value));
  else if (expected.kind === "list" && actual.kind === "list") out.push(...listRelations(expected, actual, depth));
  else if (expected.kind === "object" && actual.kind === "object")
    out.push(...objectRelations(expected, actual, depth));
  else if (expected.kind === "call" && actual.kind === "call" && expected.name === actual.name) {
    const args = (items: PrintedValue[]): ListValue => ({ kind: "list", items, truncated: false });
    const argFeatures = listRelations(args(expected.args), args(actual.args), depth);
    out.push("same constructor", ...argFeatures.map((f) => `argument ${f}`));
  } else out.push(...mixedRelations(expected, actual));
  return out.map((f) => (f.startsWith(prefix) ? f : `${prefix}${f}`));
}

function numberRelations(e: number, a: number): string[] {
  if (Number.isNaN(a) || Number.isNaN(e)) return [];
  const d = a - e;
  if (d === 0) return ["equal numbers"];
  const out = [d > 0 ? "number too large" : "number too small"];
  if (Math.abs(d) === 1) out.push("off by one", d > 0 ? "one too many" : "one too few");
  else if (Number.isInteger(d) && Math.abs(d) <= 3) out.push("off by a few");
  if (a === -e) out.push("sign flipped");
  if (a === 0) out.push("actual zero");
  if (e === 0) out.push("expected zero");
  if (a !== 0 && e !== 0) {
    if (Math.abs(a * e - 1) < 1e-9 && Math.abs(a) !== 1) out.push("reciprocal");
    const ratio = Math.abs(a / e);
    const factor = ratio >= 1 ? ratio : 1 / ratio;
    // Small integers are multiples of each other by accident (1 and 4); the factor says something past that.
    if (Math.min(Math.abs(a), Math.abs(e)) >= 2 && factor >= 2 && Math.abs(factor - Math.round(factor)) < 1e-9)
      out.push("off by a whole factor");
    if (factor >= 10) out.push("different magnitude");
    else if (Math.abs(d) <= 0.1 * Math.max(Math.abs(a), Math.abs(e))) out.push("close numbers");
    if (Math.sign(a) !== Math.sign(e)) out.push("different sign");
  }
  out.push(Number.isInteger(a) && Number.isInteger(e) ? "integers" : "fractions");
  return out;
}

function isSubsequence(short: string, long: string): boolean {
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long[i] === short[j]) j++;
  return j === short.length;
}

function stringRelations(e: string, a: string): string[] {
  if (a === e) return ["equal strings"];
  const out: string[] = [];
  if (a.toLowerCase() === e.toLowerCase()) {
    out.push("case differs");
    if (a === a.toLowerCase()) out.push("actual lower case");
    else if (a === a.toUpperCase()) out.push("actual upper case");
  }
  if (a.replace(/\s+/g, "") === e.replace(/\s+/g, "")) out.push("whitespace differs");
  const sorted = (s: string) => [...s].sort().join("");
  if (a.length > 1 && a === [...e].reverse().join("")) out.push("string reversed");
  else if (a.length === e.length && sorted(a) === sorted(e)) out.push("same characters reordered");
  if (a.length < e.length) {
    out.push("string shorter");
    if (e.startsWith(a)) out.push("actual is a prefix");
    else if (e.endsWith(a)) out.push("actual is a suffix");
    else if (isSubsequence(a, e)) out.push("characters missing");
  } else if (a.length > e.length) {
    out.push("string longer");
    if (a.startsWith(e)) out.push("extra text at end");
    else if (a.endsWith(e)) out.push("extra text at start");
    else if (isSubsequence(e, a)) out.push("characters added");
  } else out.push("same length");
  if (Math.abs(a.length - e.length) === 1) out.push("length off by one");
  let prefix = 0;
  while (prefix < a.length && prefix < e.length && a[prefix] === e[prefix]) prefix++;
  let suffix = 0;
  const end = Math.min(a.length, e.length) - prefix;
  while (suffix < end && a[a.length - 1 - suffix] === e[e.length - 1 - suffix]) suffix++;
  const shared = (prefix + suffix) / Math.max(a.length, e.length);
  out.push(shared >= 0.5 ? "mostly the same text" : shared === 0 ? "unrelated text" : "partly the same text");
  const numeric = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));
  if (numeric(a) && numeric(e)) out.push(...numberRelations(Number(e), Number(a)).map((f) => `numeric text ${f}`));
  return out;
}

const sameItems = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);

function listRelations(expected: ListValue, actual: ListValue, depth: number): string[] {
  const e = expected.items.map(canonicalValue);
  const a = actual.items.map(canonicalValue);
  const out: string[] = [];
  if (!expected.truncated && !actual.truncated) {
    if (a.length === e.length) out.push("same length list");
    else {
      out.push(a.length < e.length ? "list too short" : "list too long");
      if (Math.abs(a.length - e.length) === 1) out.push("list length off by one");
      if (sameItems(a, e.slice(0, a.length))) out.push("list missing tail items");
      else if (sameItems(a, e.slice(e.length - a.length))) out.push("list missing head items");
      else if (sameItems(e, a.slice(0, e.length))) out.push("list has extra tail items");
      else if (sameItems(e, a.slice(a.length - e.length))) out.push("list has extra head items");
      else if (a.every((v) => e.includes(v))) out.push("list missing some items");
      else if (e.every((v) => a.includes(v))) out.push("list has extra items");
    }
    if (a.length === e.length && a.length > 1 && !sameItems(a, e) && sameItems([...a].sort(), [...e].sort()))
      out.push(sameItems(a, [...e].reverse()) ? "list reversed" : "list reordered");
  }
  const common = Math.min(a.length, e.length);
  const differing = [...Array(common).keys()].filter((i) => a[i] !== e[i]);
  // Shifted by one: the sequence starts a step too early or too late (that explains more than item by item).
  const n = common - 1;
  const shifted = sameItems(a.slice(1, n + 1), e.slice(0, n)) || sameItems(a.slice(0, n), e.slice(1, n + 1));
  if (n >= 2 && differing.length >= 2 && shifted) out.push("list shifted by one");
  if (common > 0 && differing.length === 1) out.push("one list item differs");
  else if (common > 1 && differing.length === common) out.push("every list item differs");
  if (differing.length > 0 && depth === 0)
    out.push(...relationFeatures(expected.items[differing[0]], actual.items[differing[0]], "item ", depth + 1));
  return out;
}

function objectRelations(expected: ObjectValue, actual: ObjectValue, depth: number): string[] {
  const e = new Map(expected.entries);
  const a = new Map(actual.entries);
  const missing = [...e.keys()].filter((k) => !a.has(k));
  const extra = [...a.keys()].filter((k) => !e.has(k));
  const complete = !expected.truncated && !actual.truncated;
  const out: string[] = [];
  if (missing.length === 0 && extra.length === 0) out.push("same keys");
  if (complete && missing.length > 0) out.push("key missing");
  if (complete && extra.length > 0) out.push("unexpected key");
  const values = (m: Map<string, PrintedValue>, keys: string[]) => keys.map((k) => canonicalValue(m.get(k)!)).sort();
  if (missing.length > 0 && extra.length > 0 && sameItems(values(e, missing), values(a, extra)))
    out.push("key renamed, same value");
  const changed = [...e.keys()].filter((k) => a.has(k) && canonicalValue(e.get(k)!) !== canonicalValue(a.get(k)!));
  if (changed.length > 0) out.push("field value differs");
  if (changed.length > 0 && depth === 0)
    out.push(...relationFeatures(e.get(changed[0])!, a.get(changed[0])!, "field ", depth + 1));
  return out;
}

/** Values of different kinds: a number printed as text, a boolean kept as text, a missing value. */
function mixedRelations(expected: PrintedValue, actual: PrintedValue): string[] {
  const out: string[] = [];
  if (actual.kind === "nullish") out.push("actual missing");
  if (actual.kind === "promise") out.push("actual not awaited");
  if (actual.kind === "string" && (expected.kind === "number" || expected.kind === "boolean")) {
    const same = actual.value.toLowerCase() === canonicalValue(expected).toLowerCase();
    out.push(same ? "value left as text" : "text instead of value");
  }
  if (expected.kind === "string" && (actual.kind === "number" || actual.kind === "boolean"))
    out.push("value instead of text");
  if (expected.kind === "list" && actual.kind !== "list") out.push("expected a list");
  return out;
}

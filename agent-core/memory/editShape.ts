/**
 * The shape of a code edit, as features that carry across programs and languages: which operators,
 * keywords and kinds of token a fix removes and adds, with identifiers, numbers and strings abstracted
 * (`hits.length > this.#limit` → `ID . ID > THIS . ID`). Two fixes of the same kind in unrelated code
 * (`>` → `>=`, an added `await`, swapped arguments) get similar features. A fix is read as pairs of
 * (before, after) texts: SEARCH/REPLACE blocks, or the hunks of a unified diff read in reverse (the
 * developer's change undone is the candidate fix).
 */
import { diffArrays } from "diff";
import { splitIdentifier } from "./embedder";
import { storedBlocks } from "./storedFix";

/** One edit: the code before and after it. */
export interface EditPair {
  before: string;
  after: string;
}

const TOKEN =
  /[A-Za-z_$#][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|===|!==|\*\*|==|!=|<=|>=|=>|->|&&|\|\||\?\?|\?\.|\+=|-=|\+\+|--|[-+*/%<>=!?:.,;()[\]{}&|^~@]/g;

// Words that mean the same in JavaScript, TypeScript and Python map to one symbol.
const SYNONYM_PAIRS =
  "raise:THROW throw:THROW null:NULL None:NULL undefined:NULL true:TRUE True:TRUE false:FALSE False:FALSE ===:== !==:!= &&:and ||:or !:not this:SELF self:SELF elif:if function:def except:catch let:const var:const";
const SYNONYMS: Record<string, string> = Object.fromEntries(SYNONYM_PAIRS.split(" ").map((pair) => pair.split(":")));
const KEYWORD_LIST =
  "await async return new if else for while in of not and or is def const class try catch yield lambda typeof instanceof delete break continue import from with as pass";
const KEYWORDS = new Set(KEYWORD_LIST.split(" "));

/** A token reduced to what carries across programs: keywords and operators stay, names become ID. */
export function abstractToken(token: string): string {
  // Own keys only: `toString` or `constructor` must not find Object.prototype's members.
  if (Object.hasOwn(SYNONYMS, token)) return SYNONYMS[token];
  if (KEYWORDS.has(token)) return token;
  if (/^\d/.test(token)) return token === "0" || token === "1" ? token : "NUM";
  if (/^["'`]/.test(token)) return "STR";
  if (/^[A-Za-z_$#]/.test(token)) return /(Error|Exception)$/.test(token) ? "ERRTYPE" : "ID";
  return token;
}

// Strings are matched first and kept, so `"http://…"` or `'a # b'` is not read as a comment.
// A `#` comment needs a space after it, so JavaScript's `#private` names survive.
const COMMENT_OR_STRING =
  /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(?:^|\s)#(?=\s|$)[^\n]*/gm;

/** Code tokens, comments left out; a template literal becomes STR tokens around its `${…}` parts. */
export function codeTokens(code: string): string[] {
  const withoutComments = code.replace(COMMENT_OR_STRING, (_match, literal: string | undefined) => literal ?? " ");
  const tokens: string[] = [];
  for (const token of withoutComments.match(TOKEN) ?? []) {
    if (token.startsWith("`") && token.includes("${")) tokens.push(...templateTokens(token));
    else tokens.push(token);
  }
  return tokens;
}

/** `a${b}c` → the literal parts as strings, the expressions as code. */
function templateTokens(literal: string): string[] {
  const out: string[] = [];
  const body = literal.slice(1, -1);
  let text = "";
  const flushText = () => {
    if (text) out.push(`"${text}"`);
    text = "";
  };
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") text += body[i] + (body[++i] ?? "");
    else if (body.startsWith("${", i)) {
      let depth = 1;
      let j = i + 2;
      for (; j < body.length && depth > 0; j++) depth += body[j] === "{" ? 1 : body[j] === "}" ? -1 : 0;
      flushText();
      out.push(...codeTokens(body.slice(i + 2, j - 1)));
      i = j - 1;
    } else text += body[i];
  }
  flushText();
  return out;
}

/** Feature → weight for one or more edits. */
export type ShapeFeatures = Map<string, number>;

const MAX_TOKENS = 400;

const add = (features: ShapeFeatures, key: string, weight: number) =>
  features.set(key, (features.get(key) ?? 0) + weight);
const sortedKey = (tokens: string[]) => [...tokens].sort().join(" ");

function addPairFeatures(features: ShapeFeatures, pair: EditPair): void {
  const before = codeTokens(pair.before).slice(0, MAX_TOKENS);
  const after = codeTokens(pair.after).slice(0, MAX_TOKENS);
  if (before.join(" ") === after.join(" ")) return;
  if (before.length > 1 && sortedKey(before) === sortedKey(after)) add(features, "reorder", 2);
  let left = "^";
  const parts = diffArrays(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      left = abstractToken(part.value[part.value.length - 1]);
      continue;
    }
    // A removed run directly followed by an added run is one replacement.
    const removed = part.removed ? part.value : [];
    if (part.removed && parts[i + 1]?.added) i++;
    const added = parts[i].added ? parts[i].value : [];
    const following = parts[i + 1];
    const right = following && !following.added && !following.removed ? abstractToken(following.value[0]) : "$";
    addRegionFeatures(features, removed, added, left, right);
  }
}

/** Features of one changed region: `removed` tokens replaced by `added` between the tokens `left` and `right`. */
function addRegionFeatures(features: ShapeFeatures, removed: string[], added: string[], left: string, right: string) {
  const r = removed.map(abstractToken);
  const a = added.map(abstractToken);
  const kind = r.length === 0 ? "insert" : a.length === 0 ? "delete" : "replace";
  add(features, `kind:${kind}`, 1);
  for (const t of new Set(r)) add(features, `-${t}`, 1);
  for (const t of new Set(a)) add(features, `+${t}`, 1);
  const short = (xs: string[]) =>
    xs.length <= 8 ? xs.join(" ") : `${xs.slice(0, 4).join(" ")} … ${xs.slice(-3).join(" ")}`;
  add(features, `edit:${short(r)}→${short(a)}`, 1.5);
  add(features, `at:${left}_${kind}_${right}`, 0.5);
  if (r.length === 1 && a.length === 1) addSwapFeatures(features, removed[0], added[0], r[0], a[0]);
  // Adding or removing "+ 1" / "- 1" moves a value by one, like changing 4 to 3.
  const moved = r.length === 0 ? added : a.length === 0 ? removed : [];
  if (moved.length === 2 && (moved[0] === "+" || moved[0] === "-") && /^\d/.test(moved[1]))
    add(features, moved[1] === "1" ? "value±1" : "value-shifted", 1.5);
  // Words of changed names: `toLowerCase` and `lower` share "lower", `RangeError` and `ValueError` share "error".
  const words = (tokens: string[]) => new Set(tokens.filter((t) => /^[A-Za-z_$]/.test(t)).flatMap(splitIdentifier));
  for (const word of words(removed)) add(features, `-w:${word}`, 0.5);
  for (const word of words(added)) add(features, `+w:${word}`, 0.5);
}

const COMPARISON = new Set(["<", "<=", ">", ">=", "==", "!=", "===", "!==", "is", "in"]);
const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "**", "//"]);
const INCLUSIVE: Record<string, string> = { "<": "<=", ">": ">=", "<=": "<", ">=": ">" };

/** One token replaced by one token: what kind of replacement it is. */
function addSwapFeatures(features: ShapeFeatures, removed: string, added: string, r: string, a: string): void {
  const [x, y] = [Number(removed), Number(added)];
  if (Number.isFinite(x) && Number.isFinite(y)) add(features, Math.abs(x - y) === 1 ? "value±1" : "value-changed", 1.5);
  else if (COMPARISON.has(removed) && COMPARISON.has(added))
    add(features, INCLUSIVE[removed] === added ? "comparison:bound" : "comparison:other", 1.5);
  else if (ARITHMETIC.has(removed) && ARITHMETIC.has(added)) add(features, "arithmetic-operator", 1.5);
  else if (r === "ID" && a === "ID") add(features, "rename", 1);
  else if (r === "ERRTYPE" && a === "ERRTYPE") add(features, "error-type", 1);
  else if (r === "STR" && a === "STR")
    add(features, removed.toLowerCase() === added.toLowerCase() ? "string:case" : "string:text", 1);
}

/** Shape features of edits (empty when nothing changes). */
export function editShapeFeatures(pairs: readonly EditPair[]): ShapeFeatures {
  const features: ShapeFeatures = new Map();
  for (const pair of pairs) addPairFeatures(features, pair);
  return features;
}

/** The edits of a stored fix: its SEARCH/REPLACE blocks, or the hunks of a unified diff. */
export function fixEdits(fix: string): EditPair[] {
  return storedBlocks(fix)?.map((b) => ({ before: b.search, after: b.replace })) ?? diffHunks(fix);
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** The hunks of a unified diff as (before, after) pairs, context lines on both sides. */
export function diffHunks(diff: string): EditPair[] {
  const pairs: EditPair[] = [];
  // A hunk ends after the line counts of its header (so the next file's `---`/`+++` headers stay out);
  // a header without counts runs to the next hunk or `diff` line.
  let hunk: { before: string[]; after: string[]; oldLines: number; newLines: number } | undefined;
  const flush = () => {
    if (hunk && (hunk.before.length || hunk.after.length))
      pairs.push({ before: hunk.before.join("\n"), after: hunk.after.join("\n") });
    hunk = undefined;
  };
  for (const line of diff.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.startsWith("@@")) {
      flush();
      const counts = HUNK_HEADER.exec(line);
      const [oldLines, newLines] = counts ? [Number(counts[1] ?? 1), Number(counts[2] ?? 1)] : [Infinity, Infinity];
      hunk = { before: [], after: [], oldLines, newLines };
    } else if (!hunk || line.startsWith("\\")) continue;
    else if (line.startsWith("diff ") || (hunk.before.length >= hunk.oldLines && hunk.after.length >= hunk.newLines))
      flush();
    else {
      // "-" lines are before only, "+" lines after only, context lines both.
      if (!line.startsWith("+")) hunk.before.push(line.slice(1));
      if (!line.startsWith("-")) hunk.after.push(line.slice(1));
    }
  }
  flush();
  return pairs;
}

/** The fix that would undo a change: each hunk read from after to before. */
export function undoEdits(change: string): EditPair[] {
  return diffHunks(change).map(({ before, after }) => ({ before: after, after: before }));
}

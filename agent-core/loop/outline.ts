/**
 * A source file too large to show whole, shown as an outline: its imports and declarations (signatures,
 * exported names, class members) one line each, plus whole regions around given lines (where a failure's stack
 * passed). Lines are shown verbatim so an edit can quote them; `⋮` stands for lines left out. Regular
 * expressions over lines, for JavaScript, TypeScript and Python: no parser, so broken code outlines too.
 */

/** The line that stands for lines not shown. */
export const GAP = "⋮";

const JS_DECLARATION =
  /^\s*(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:async\s+)?(?:function\*?\s+[\w$]+|class\s+[\w$]+|interface\s+[\w$]+|type\s+[\w$]+\s*[=<]|enum\s+[\w$]+|(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\(|[\w$]+\s*=>|class\b))/;
const JS_EXPORT = /^\s*(?:export\s|module\.exports\b|exports\.[\w$]+\s*=)/;
const JS_IMPORT = /^\s*(?:import\s|(?:const|let|var)\s+.+=\s*require\s*\()/;
/** A class member: `name(`, `async name(`, `static name(`, `get name(`, `#name(`, with modifiers. */
const JS_MEMBER =
  /^\s+(?:(?:public|private|protected|static|readonly|async|override|get|set)\s+)*\*?#?[\w$]+\s*(?:<[^>]*>)?\s*\([^;]*$/;
const JS_KEYWORD = /^\s*(?:if|for|while|switch|catch|return|else|do|try|with|function)\b/;

const PY_DECLARATION = /^\s*(?:async\s+def|def|class)\s+\w+/;
const PY_DECORATOR = /^\s*@[\w.]+/;
const PY_TOP_NAME = /^(?:__all__|[A-Z_][A-Z0-9_]*)\s*(?::[^=]+)?=/;
const PY_IMPORT = /^(?:from\s+\S+\s+import\s|import\s)/;

/** Whether `line` belongs in the outline of a file in `python` or JS/TS. */
function isOutlineLine(line: string, python: boolean): boolean {
  if (python)
    return PY_DECLARATION.test(line) || PY_DECORATOR.test(line) || PY_TOP_NAME.test(line) || PY_IMPORT.test(line);
  if (JS_DECLARATION.test(line) || JS_EXPORT.test(line) || JS_IMPORT.test(line)) return true;
  return JS_MEMBER.test(line) && !JS_KEYWORD.test(line) && /\)\s*(?::[^{]+)?\{?\s*$|\(\s*$/.test(line);
}

const indentOf = (line: string) => /^\s*/.exec(line)?.[0].length ?? 0;

/** The 0-based indexes of the outline lines of `lines`. */
export function outlineLines(lines: readonly string[], python: boolean): number[] {
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() && isOutlineLine(line, python)) out.push(i);
  });
  return out;
}

/** Most lines a region around one focus line spans. */
const MAX_REGION = 40;

/**
 * The region shown around 0-based line `focus`: from the declaration that encloses it (the nearest outline line
 * above it that is indented less, or a top-level one) to just before the next declaration at that depth,
 * within MAX_REGION lines; ±6 lines when no declaration encloses it.
 */
export function regionAround(
  lines: readonly string[],
  declarations: readonly number[],
  focus: number,
): [number, number] {
  const line = Math.min(Math.max(focus, 0), lines.length - 1);
  const depth = indentOf(lines[line] ?? "");
  const enclosing = [...declarations]
    .reverse()
    .find(
      (d) =>
        d <= line && line - d < MAX_REGION && (d === line || indentOf(lines[d]) < depth || indentOf(lines[d]) === 0),
    );
  if (enclosing === undefined) return [Math.max(0, line - 6), Math.min(lines.length - 1, line + 6)];
  const level = indentOf(lines[enclosing]);
  const next = declarations.find((d) => d > line && indentOf(lines[d]) <= level);
  let end = Math.min(next === undefined ? lines.length - 1 : next - 1, enclosing + MAX_REGION - 1, lines.length - 1);
  end = Math.max(end, Math.min(line + 2, lines.length - 1));
  while (end > line && !lines[end].trim()) end--;
  return [enclosing, end];
}

/**
 * The outline of `content` with whole regions around `focus` (1-based lines), at most `maxChars` characters:
 * regions first, then declarations in file order while they fit. Lines left out show as GAP lines.
 */
export function outlineOf(filePath: string, content: string, focus: readonly number[], maxChars: number): string {
  const lines = content.replace(/\r\n/g, "\n").split("\n");
  const python = /\.pyw?$/i.test(filePath);
  const declarations = outlineLines(lines, python);
  const chosen = new Set<number>();
  let used = 0;
  const take = (i: number): boolean => {
    if (chosen.has(i)) return true;
    // Each line may bring a gap line ("⋮\n") with it.
    const cost = lines[i].length + 1 + GAP.length + 1;
    if (used + cost > maxChars) return false;
    chosen.add(i);
    used += cost;
    return true;
  };
  for (const line of [...new Set(focus)]) {
    const [start, end] = regionAround(lines, declarations, line - 1);
    for (let i = start; i <= end; i++) if (!take(i)) break;
  }
  for (const i of declarations) if (!take(i)) break;
  const out: string[] = [];
  let last = -1;
  for (const i of [...chosen].sort((a, b) => a - b)) {
    if (i > last + 1) out.push(GAP);
    out.push(lines[i]);
    last = i;
  }
  if (last < lines.length - 1 && lines.slice(last + 1).some((l) => l.trim())) out.push(GAP);
  return out.join("\n");
}

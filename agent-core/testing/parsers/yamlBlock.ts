/** Just enough YAML for the diagnostic blocks in node:test's TAP output. */

/** A parsed diagnostic block: scalars as strings, nested maps rendered to one line. */
export type YamlFields = Record<string, string | null>;

/** Parsed fields plus `raw`: single-line values as written (quotes kept), for showing values to people. */
export interface YamlBlock {
  fields: YamlFields;
  raw: Record<string, string>;
}

/** Parses the lines between `---` and `...` (indentation preserved). */
export function parseYamlBlock(lines: string[]): YamlBlock {
  const fields: YamlFields = {};
  const raw: Record<string, string> = {};
  const base = lines.find((l) => l.trim())?.search(/\S/) ?? 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.search(/\S/) !== base) continue;
    const m = /^\s*([\w$]+):(?:\s(.*))?$/.exec(line);
    if (!m) continue;
    const key = m[1];
    const value = (m[2] ?? "").trim();
    const nested: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === "" || lines[i + 1].search(/\S/) > base))
      nested.push(lines[++i]);
    if (value === "|-" || value === "|" || value === ">-") fields[key] = raw[key] = blockScalar(nested);
    else if (value === "" && nested.length) fields[key] = raw[key] = renderNested(nested);
    else {
      fields[key] = scalar(value);
      raw[key] = value;
    }
  }
  return { fields, raw };
}

function blockScalar(lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.search(/\S/)));
  return lines
    .map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
    .join("\n")
    .replace(/\s+$/, "");
}

function scalar(value: string): string | null {
  if (value === "~" || value === "null") return null;
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}

/** `0: 1 / 1: 2` → "[1, 2]"; `a: 1 / b: 2` → "{ a: 1, b: 2 }"; deeper structures as compact text. */
function renderNested(lines: string[]): string {
  const own = lines.filter((l) => l.trim());
  const indent = Math.min(...own.map((l) => l.search(/\S/)));
  const top = own.filter((l) => l.search(/\S/) === indent);
  if (top.length !== own.length) return own.map((l) => l.trim()).join(" ");
  const pairs = top.map((l) => /^\s*([^:]+):\s?(.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (pairs.length !== top.length) return own.map((l) => l.trim()).join(" ");
  const values = pairs.map((m) => {
    const v = scalar(m[2].trim());
    return v === null ? "null" : /^'/.test(m[2].trim()) ? `'${v}'` : v;
  });
  const isArray = pairs.every((m, i) => m[1].trim() === String(i));
  if (isArray) return `[${values.join(", ")}]`;
  return `{ ${pairs.map((m, i) => `${m[1].trim()}: ${values[i]}`).join(", ")} }`;
}

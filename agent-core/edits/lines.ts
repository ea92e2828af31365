/** Line-level helpers shared by the edit applier: files keep their own line endings, model text is LF. */

/** A file split into line texts (without terminators) and the terminator that followed each line. */
export interface SplitText {
  texts: string[];
  /** "\r\n", "\n", or "" for a last line without a newline. */
  eols: string[];
}

/** Splits file content into lines, remembering each line's ending so unchanged lines round-trip byte-exact. */
export function splitLines(content: string): SplitText {
  const texts: string[] = [];
  const eols: string[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf("\n", start);
    if (nl === -1) {
      texts.push(content.slice(start));
      eols.push("");
      break;
    }
    const cr = nl > start && content.charCodeAt(nl - 1) === 13;
    texts.push(content.slice(start, cr ? nl - 1 : nl));
    eols.push(cr ? "\r\n" : "\n");
    start = nl + 1;
  }
  return { texts, eols };
}

/** Inverse of splitLines. */
export function joinLines(split: SplitText): string {
  const parts = new Array<string>(split.texts.length);
  for (let i = 0; i < split.texts.length; i++) parts[i] = split.texts[i] + split.eols[i];
  return parts.join("");
}

/** The line ending most used in the file ("\n" when it has none). */
export function dominantEol(eols: readonly string[]): string {
  let crlf = 0;
  let lf = 0;
  for (const e of eols) {
    if (e === "\r\n") crlf++;
    else if (e === "\n") lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/**
 * Splits a SEARCH or REPLACE section into lines. Sections carry one "\n" per line
 * ("" = no lines, "\n" = one blank line); a missing final newline is tolerated.
 */
export function splitModelText(text: string): string[] {
  if (text === "") return [];
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** Model lines back to section text, one "\n" per line. */
export function joinModelLines(lines: readonly string[]): string {
  return lines.map((l) => l + "\n").join("");
}

/** True for lines holding only whitespace. */
export function isBlank(line: string): boolean {
  return line.trim() === "";
}

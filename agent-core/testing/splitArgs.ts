/** A small POSIX-like word splitter for user-typed test commands (no expansion, no globbing). */

/**
 * Splits a command line into argv. Single quotes are literal, double quotes allow `\"`, `\\`, `\$`
 * and `` \` `` escapes, a backslash outside quotes escapes the next character.
 * Throws on an unclosed quote or a trailing backslash.
 */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      if (i + 1 >= line.length) throw new Error(`Trailing backslash in command: ${line}`);
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote === "'" ? "single" : "double"} quote in command: ${line}`);
  if (inWord) args.push(current);
  return args;
}

/**
 * True when the line needs a real shell: operators, redirections, variable or command substitution,
 * globs, or leading `NAME=value` assignments. Single-quoted text is ignored.
 */
export function needsShell(line: string): boolean {
  if (/"(?:[^"\\]|\\.)*[$`]/.test(line.replace(/'[^']*'/g, "''"))) return true;
  const unquoted = line.replace(/'[^']*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/[$`*?]|[;|&<>]/.test(unquoted)) return true;
  return /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(unquoted);
}

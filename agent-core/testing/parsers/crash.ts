/** Describes a load-time crash (syntax error, missing module) from raw stderr lines. */
import { compactMessage, isStackLine, normaliseErrorLine, userFrames } from "./common";

/** Message (error line, then the offending source line and caret when shown) and "file:line". */
export interface CrashDescription {
  message: string;
  location?: string;
  /** The user's stack frames below the error, innermost first, when it printed a stack. */
  frames?: string[];
}

const ERROR_LINE = /^\s*(?:Uncaught\s+)?[\w.$]*(?:Error|Exception)\w*(?:\s\[[\w_]+\])?:\s/;
const FILE_LINE = /^\s*((?:[A-Za-z]:)?[^\s:]+):(\d+)\s*$/;

/** Finds the first error in `rawLines` and the file position printed above it or in its stack. */
export function describeCrash(rawLines: string[]): CrashDescription | undefined {
  const lines = rawLines.map((l) => l.replace(/^\s*Exception during run:\s*/, ""));
  const idx = lines.findIndex((l) => ERROR_LINE.test(l));
  if (idx < 0) return undefined;
  let location: string | undefined;
  let context: string[] = [];
  // node prints "file:line", the source line and a caret above a SyntaxError.
  for (let j = Math.max(0, idx - 6); j < idx; j++) {
    const m = FILE_LINE.exec(lines[j]);
    if (!m) continue;
    location = `${m[1]}:${m[2]}`;
    context = lines.slice(j + 1, idx).filter((l) => l.trim());
  }
  const details: string[] = [];
  for (let k = idx + 1; k < lines.length && details.length < 4; k++) {
    if (isStackLine(lines[k]) || !lines[k].trim()) break;
    details.push(lines[k]);
  }
  const stack = lines.slice(idx + 1, idx + 40).filter(isStackLine);
  const frames = userFrames(stack);
  location ??= frames[0];
  const message = compactMessage([normaliseErrorLine(lines[idx].trim()), ...details.map((l) => l.trim()), ...context]);
  return { message, location, ...(frames.length ? { frames } : {}) };
}

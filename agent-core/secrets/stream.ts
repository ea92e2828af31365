/** Redaction for text written in pieces (a terminal, streamed test output), where a secret may straddle two writes. */
import { PRIVATE_KEY_BEGIN, PRIVATE_KEY_END } from "./patterns";
import type { Redactor } from "./redact";

/** An unfinished line longer than this is written without waiting (a runner printing dots for minutes). */
const MAX_HELD = 64 * 1024;

/** Options for createRedactingWriter. */
export interface RedactingWriterOptions {
  /** How long an unfinished line waits for the rest before it is written anyway (default 25 ms). */
  holdMs?: number;
}

/** A writer that redacts; `flush` writes what it still holds. */
export interface RedactingWriter {
  (text: string): void;
  flush(): void;
}

/**
 * Wraps `write` so everything passes through `redactor`. Whole lines go out at once; the unfinished last
 * line is held until its end arrives or for `holdMs` (a prompt waiting for an answer still shows promptly),
 * so a key cut between two chunks is still seen whole. The body of a private key block split over several
 * writes is swallowed up to its END line.
 */
export function createRedactingWriter(
  write: (text: string) => void,
  redactor: Redactor,
  options: RedactingWriterOptions = {},
): RedactingWriter {
  const holdMs = options.holdMs ?? 25;
  let held = "";
  let insideKey = false;
  let timer: NodeJS.Timeout | undefined;

  const emit = (text: string): void => {
    let rest = text;
    if (insideKey) {
      const end = PRIVATE_KEY_END.exec(rest);
      if (!end) return;
      rest = rest.slice(end.index + end[0].length);
      insideKey = false;
    }
    if (!rest) return;
    insideKey = opensKeyBlock(rest);
    write(redactor.redact(rest));
  };

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = held;
    held = "";
    if (text) emit(text);
  };

  const writer = ((text: string) => {
    held += text;
    const lineEnd = held.lastIndexOf("\n");
    if (lineEnd !== -1) {
      const lines = held.slice(0, lineEnd + 1);
      held = held.slice(lineEnd + 1);
      emit(lines);
    }
    if (held.length > MAX_HELD) return flush();
    if (timer) clearTimeout(timer);
    timer = held ? setTimeout(flush, holdMs) : undefined;
  }) as RedactingWriter;
  writer.flush = flush;
  return writer;
}

/** True when the last private key block in `text` has no END line yet (the redactor hid it to the end). */
function opensKeyBlock(text: string): boolean {
  let lastBegin = -1;
  for (const match of text.matchAll(PRIVATE_KEY_BEGIN)) lastBegin = match.index;
  return lastBegin !== -1 && !PRIVATE_KEY_END.test(text.slice(lastBegin));
}

/** Bounded capture of a process's combined output: keeps a head and a tail, drops the middle. */

/** ANSI escape sequences (CSI, OSC and two-character escapes). */
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes ANSI colour and cursor codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, "");
}

/**
 * Accumulates text while never holding more than `maxBytes` (plus one chunk):
 * the first `headBytes` are kept, then a rolling tail fills the rest of the budget.
 * Sizes are counted in UTF-8 bytes.
 */
export class CappedOutput {
  private head = "";
  private headSize = 0;
  private tail: string[] = [];
  private tailSize = 0;
  private omitted = 0;
  private readonly tailBudget: number;

  constructor(
    maxBytes: number,
    private readonly headBytes: number,
  ) {
    this.headBytes = Math.min(headBytes, Math.floor(maxBytes / 2));
    this.tailBudget = Math.max(0, maxBytes - this.headBytes);
  }

  /** True once any output has been dropped. */
  get truncated(): boolean {
    return this.omitted > 0;
  }

  /** Appends one decoded chunk. */
  push(chunk: string): void {
    if (!chunk) return;
    let rest = chunk;
    if (this.headSize < this.headBytes) {
      const room = this.headBytes - this.headSize;
      const size = Buffer.byteLength(rest);
      if (size <= room) {
        this.head += rest;
        this.headSize += size;
        return;
      }
      // Split by characters: room bytes is at least room/4 characters and at most room characters.
      const cut = cutToBytes(rest, room);
      this.head += rest.slice(0, cut);
      this.headSize += Buffer.byteLength(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    this.tail.push(rest);
    this.tailSize += Buffer.byteLength(rest);
    this.trimTail();
  }

  /** The kept output with an omission marker where the middle was dropped. */
  text(): string {
    const tail = this.tail.join("");
    if (this.omitted === 0) return this.head + tail;
    const sep = this.head.endsWith("\n") || this.head === "" ? "" : "\n";
    return `${this.head}${sep}[… ${this.omitted} bytes omitted …]\n${tail}`;
  }

  private trimTail(): void {
    while (this.tailSize > this.tailBudget && this.tail.length > 0) {
      const first = this.tail[0];
      const firstSize = Buffer.byteLength(first);
      const excess = this.tailSize - this.tailBudget;
      if (firstSize <= excess) {
        this.tail.shift();
        this.tailSize -= firstSize;
        this.omitted += firstSize;
        continue;
      }
      const cut = cutToBytes(first, excess, true);
      const dropped = first.slice(0, cut);
      const droppedSize = Buffer.byteLength(dropped);
      this.tail[0] = first.slice(cut);
      this.tailSize -= droppedSize;
      this.omitted += droppedSize;
    }
  }
}

/** Index in `text` where its UTF-8 prefix reaches `bytes` (at most, or at least when `atLeast`). */
function cutToBytes(text: string, bytes: number, atLeast = false): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 4 : 3;
    const step = width === 4 ? 2 : 1;
    if (size + width > bytes) return atLeast ? Math.min(text.length, i + step) : i;
    size += width;
    i += step - 1;
    if (size === bytes) return i + 1;
  }
  return text.length;
}

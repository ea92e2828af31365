/**
 * Errors of the WorkspaceFiles port, and the one strict way both hosts decode a file's bytes.
 * Browser-safe: no Node or editor import.
 */

/**
 * The extension bundles its own copy of this module while the loop runs from dist/core.js, so `instanceof`
 * checks a registered symbol instead of the class object: an error from either copy matches both.
 */
function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
const WRITE_CONFLICT = Symbol.for("greenloop.WriteConflict");
const NOT_TEXT_FILE = Symbol.for("greenloop.NotTextFile");

/** A write found the file other than the caller expected; nothing was written. */
export class WriteConflict extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, WRITE_CONFLICT);
  }
  readonly [WRITE_CONFLICT] = true;
  constructor(
    readonly path: string,
    /** The text found instead (undefined: the file was missing). */
    readonly found: string | undefined,
    message?: string,
  ) {
    super(
      message ??
        `${path} changed since it was read${found === undefined ? " (it no longer exists)" : ""}; nothing was written.`,
    );
    this.name = "WriteConflict";
  }
}

/** The WriteConflict for a file found holding `found` (undefined: missing) where `expected` was wanted. */
export function conflictFor(path: string, expected: string | null, found: string | undefined): WriteConflict {
  const what =
    expected === null
      ? "was created by someone else"
      : found === undefined
        ? "was deleted"
        : "was changed by someone else";
  return new WriteConflict(path, found, `${path} ${what} since Greenloop read it; nothing was written.`);
}

/** The file is not UTF-8 text (or has NUL bytes): Greenloop refuses to edit it. */
export class NotTextFile extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, NOT_TEXT_FILE);
  }
  readonly [NOT_TEXT_FILE] = true;
  constructor(
    readonly path: string,
    message?: string,
  ) {
    super(message ?? `${path} is not UTF-8 text; Greenloop only edits UTF-8 files.`);
    this.name = "NotTextFile";
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** True when `bytes` start with the UTF-8 byte order mark. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a file's bytes as strict UTF-8; throws NotTextFile for invalid UTF-8 or NUL bytes (binary files).
 * `keepBom`: a leading BOM stays in the text as U+FEFF, so writing the text back gives the same bytes.
 */
export function decodeUtf8Text(bytes: Uint8Array, relPath: string, keepBom = true): string {
  if (bytes.includes(0)) {
    throw new NotTextFile(
      relPath,
      `${relPath} contains NUL bytes (a binary file?); Greenloop only edits UTF-8 text files.`,
    );
  }
  try {
    // A new decoder per call: `fatal` decoders are cheap and this keeps the function reentrant.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: keepBom }).decode(bytes);
  } catch {
    throw new NotTextFile(relPath);
  }
}

/** Best-effort text of bytes that may not be UTF-8, for a WriteConflict's `found` (never for editing). */
export function describeFound(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

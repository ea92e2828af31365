/** Stored shapes of failure memory, validated with zod where they come from files (the JSONL store, imports). */
import { promises as fs } from "node:fs";
import { z } from "zod";

/** Caps keep one noisy test run from bloating the store and the prompt. */
export const LIMITS = { errorText: 2048, codeContext: 800, fixPatch: 16_384, field: 512 } as const;

const count = z.number().int().nonnegative();

/** One remembered failure and the fix that finally turned it green (if any). */
export const failureRecordSchema = z.object({
  id: z.string().min(1),
  /** exactKey(): project, whole target file, test files, test id and exact failure text; replay matches on it. */
  signature: z.string(),
  /** ProjectIdentity.id of the project the failure happened in ("" for records imported from before projects). */
  project: z.string().default(""),
  projectName: z.string().default(""),
  errorText: z.string().max(LIMITS.errorText),
  testId: z.string(),
  language: z.string(),
  framework: z.string(),
  file: z.string(),
  codeContext: z.string().max(LIMITS.codeContext),
  vector: z.custom<Float32Array>((value) => value instanceof Float32Array, "vector must be a Float32Array"),
  embedder: z.string().min(1),
  dim: z.number().int().positive(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  lastSeenAt: z.number(),
  timesSeen: count,
  /** How often a fix for this failure was tried (its own fix attempts and replays/hints from memory). */
  timesUsed: count,
  /** How many of those tries turned the tests green. */
  timesSucceeded: count,
  /** SEARCH/REPLACE blocks of the fix that worked; may be empty. */
  fixPatch: z.string().max(LIMITS.fixPatch),
  fixSucceeded: z.boolean(),
  iterations: count,
  tokens: count,
});

/** One remembered failure; see failureRecordSchema. */
export type FailureRecord = z.infer<typeof failureRecordSchema>;

/** Fields that may change after a record is written. */
export type FailureRecordPatch = Partial<Omit<FailureRecord, "id" | "embedder" | "dim">>;

/** The JSON form of a record, as written to JSONL files (vector optional on import, so it can be re-embedded). */
const failureRecordJsonSchema = failureRecordSchema.extend({
  vector: z.array(z.number()).optional(),
  dim: z.number().int().nonnegative(),
});
export type FailureRecordJson = z.infer<typeof failureRecordJsonSchema>;

/** Record → plain JSON object (vector as numbers, rounded to keep files small). */
export const recordToJson = (record: FailureRecord): FailureRecordJson => ({
  ...record,
  vector: Array.from(record.vector, (x) => Math.round(x * 1e7) / 1e7),
});

/** Validate one JSON object as an exported record (vector optional); throws a readable Error otherwise. */
export function parseRecordJson(value: unknown): FailureRecordJson {
  const parsed = failureRecordJsonSchema.safeParse(value);
  if (!parsed.success) throw new Error(`not a failure record: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Parse one JSON object into a complete record (vector required); throws a readable Error otherwise. */
export function recordFromJson(value: unknown): FailureRecord {
  const json = parseRecordJson(value);
  if (!json.vector?.length) throw new Error(`record ${json.id} has no vector`);
  return { ...json, vector: Float32Array.from(json.vector), dim: json.vector.length };
}

/** Write one JSON value a line, via a temp file so that a crash leaves no half-written file. */
export async function writeJsonl(path: string, values: unknown[]): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await fs.writeFile(tmp, values.map((value) => `${JSON.stringify(value)}\n`).join(""), "utf8");
  await fs.rename(tmp, path);
}

/** Cut text to `max` characters, keeping the head (where runners put the message) and marking the cut. */
export function cap(text: string, max: number): string {
  const marker = "\n…[truncated]";
  return text.length <= max ? text : text.slice(0, Math.max(0, max - marker.length)) + marker;
}

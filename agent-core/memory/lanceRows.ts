/**
 * Mapping between FailureRecord and LanceDB rows. Columns are snake_case because LanceDB's SQL filters
 * fold unquoted identifiers to lower case.
 */
import type * as Arrow from "apache-arrow";
import { type FailureRecord, type FailureRecordPatch, failureRecordSchema } from "./records";
import type { SearchRecord } from "./store";

/** The loaded apache-arrow module (loaded lazily together with LanceDB). */
export type ArrowModule = typeof Arrow;

/** One stored row, as queries return it. */
export type FailureRow = {
  id: string;
  signature: string;
  context_hash: string;
  error_text: string;
  test_id: string;
  language: string;
  framework: string;
  file: string;
  code_context: string;
  vector: number[];
  embedder: string;
  dim: number;
  created_at: number;
  last_seen_at: number;
  times_seen: number;
  times_used: number;
  times_succeeded: number;
  fix_patch: string;
  fix_succeeded: boolean;
  iterations: number;
  tokens: number;
};

const COLUMN: Record<keyof Omit<FailureRecord, "vector">, keyof FailureRow> = {
  id: "id",
  signature: "signature",
  contextHash: "context_hash",
  errorText: "error_text",
  testId: "test_id",
  language: "language",
  framework: "framework",
  file: "file",
  codeContext: "code_context",
  embedder: "embedder",
  dim: "dim",
  createdAt: "created_at",
  lastSeenAt: "last_seen_at",
  timesSeen: "times_seen",
  timesUsed: "times_used",
  timesSucceeded: "times_succeeded",
  fixPatch: "fix_patch",
  fixSucceeded: "fix_succeeded",
  iterations: "iterations",
  tokens: "tokens",
};

/** Every column but `vector`: what a search reads back (see SearchRecord) from a table without SEARCH_BLOB. */
export const SEARCH_COLUMNS: readonly string[] = Object.values(COLUMN);

/**
 * A copy of every field but the vector as one JSON string, kept next to the columns (which stay the truth for
 * get, filters and updates). A search reads back this one column instead of twenty: each column is one more
 * random read per hit, and at 100k rows that was about 2 ms of a 7 ms search. Tables created before it have no
 * such column and are read column by column.
 */
export const SEARCH_BLOB = "search_blob";

/** The columns of a complete record (SEARCH_BLOB left out). */
export const RECORD_COLUMNS: readonly string[] = [...SEARCH_COLUMNS, "vector"];

const searchRecordSchema = failureRecordSchema.omit({ vector: true });

const RECORD_KEY = Object.fromEntries(Object.entries(COLUMN).map(([key, column]) => [column, key])) as Record<string, keyof Omit<FailureRecord, "vector">>;

/** Arrow schema of a failures table with `dim`-long float32 vectors; `searchBlob` adds SEARCH_BLOB (new tables). */
export function failureSchema(arrow: ArrowModule, dim: number, searchBlob = true): Arrow.Schema {
  const { Field, Utf8, Int32, Float64, Bool, FixedSizeList, Float32, Schema } = arrow;
  const text = (name: string) => new Field(name, new Utf8(), false);
  const int = (name: string) => new Field(name, new Int32(), false);
  const time = (name: string) => new Field(name, new Float64(), false);
  return new Schema([
    text("id"),
    text("signature"),
    text("context_hash"),
    text("error_text"),
    text("test_id"),
    text("language"),
    text("framework"),
    text("file"),
    text("code_context"),
    new Field("vector", new FixedSizeList(dim, new Field("item", new Float32(), true)), false),
    text("embedder"),
    int("dim"),
    time("created_at"),
    time("last_seen_at"),
    int("times_seen"),
    int("times_used"),
    int("times_succeeded"),
    text("fix_patch"),
    new Field("fix_succeeded", new Bool(), false),
    int("iterations"),
    int("tokens"),
    ...(searchBlob ? [text(SEARCH_BLOB)] : []),
  ]);
}

/** The SEARCH_BLOB value of a record: its fields but the vector, as JSON. */
export function searchBlobOf(record: SearchRecord | FailureRecord): string {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(COLUMN) as Array<keyof typeof COLUMN>) fields[key] = record[key];
  return JSON.stringify(fields);
}

/** A SEARCH_BLOB with `patch` applied the way patchToValues applies it to the columns (id, embedder, dim stay). */
export function patchSearchBlob(blob: string, patch: FailureRecordPatch): string {
  const record = parseSearchBlob(blob);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === "vector" || !(key in COLUMN)) continue;
    if (key === "id" || key === "embedder" || key === "dim") continue;
    (record as Record<string, unknown>)[key] = value;
  }
  return searchBlobOf(record);
}

function parseSearchBlob(blob: string): SearchRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(blob);
  } catch (err) {
    throw new Error(`memory: unreadable ${SEARCH_BLOB}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = searchRecordSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`memory: unreadable ${SEARCH_BLOB}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Records → Arrow table for `table.add`. Building columns directly (vectors copied into one Float32Array)
 * is ~5x faster than handing LanceDB row objects with 384-number arrays to convert.
 */
export function recordsToArrow(arrow: ArrowModule, schema: Arrow.Schema, records: FailureRecord[]): Arrow.Table {
  const columns: Record<string, Arrow.Vector> = {};
  for (const field of schema.fields) {
    if (field.name === "vector") {
      const dim = (field.type as Arrow.FixedSizeList).listSize;
      const flat = new Float32Array(records.length * dim);
      records.forEach((r, i) => flat.set(r.vector, i * dim));
      const child = arrow.makeData({ type: new arrow.Float32(), length: flat.length, data: flat });
      columns.vector = arrow.makeVector(arrow.makeData({ type: field.type as Arrow.FixedSizeList, length: records.length, child }));
      continue;
    }
    if (field.name === SEARCH_BLOB) {
      columns[field.name] = arrow.vectorFromArray(records.map(searchBlobOf), field.type);
      continue;
    }
    const key = RECORD_KEY[field.name];
    columns[field.name] = arrow.vectorFromArray(
      records.map((r) => r[key]),
      field.type,
    );
  }
  return new arrow.Table(columns);
}

/** Patch → `values` for `table.update`; plain values, which LanceDB turns into escaped SQL literals. */
export function patchToValues(patch: FailureRecordPatch): Record<string, string | number | boolean | number[]> {
  const values: Record<string, string | number | boolean | number[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === "vector") continue; // see vectorSql
    const column = COLUMN[key as keyof typeof COLUMN];
    if (!column || column === "id" || column === "embedder" || column === "dim") continue;
    values[column] = value as string | number | boolean;
  }
  return values;
}

/** A patch as SQL literals per column, for one `update({ valuesSql })` that also sets the vector. */
export function patchToSql(patch: FailureRecordPatch): Record<string, string> {
  const sql: Record<string, string> = {};
  for (const [column, value] of Object.entries(patchToValues(patch))) {
    sql[column] = typeof value === "string" ? sqlString(value) : typeof value === "number" ? numberSql(value) : String(value);
  }
  if (patch.vector) sql.vector = vectorSql(patch.vector);
  return sql;
}

function numberSql(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`memory: cannot store ${value}`);
  return String(value);
}

/**
 * A vector as an SQL list literal for `update({ valuesSql })`. Plain number arrays turn whole numbers into
 * integers, and LanceDB then rejects the list for mixing Int64 and Float64.
 */
export function vectorSql(vector: Float32Array): string {
  return `[${Array.from(vector, (x) => (Number.isInteger(x) ? x.toFixed(1) : String(x))).join(",")}]`;
}

/** Row from a query (arrow Vector for the vector column, BigInt-free numbers) → validated record. */
export function rowToRecord(row: Record<string, unknown>): FailureRecord {
  const raw: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMN)) raw[key] = row[column];
  const vector = row.vector as { toArray?: () => ArrayLike<number> } | ArrayLike<number> | undefined;
  const values = vector && "toArray" in vector && typeof vector.toArray === "function" ? vector.toArray() : (vector as ArrayLike<number>);
  raw.vector = Float32Array.from(values ?? []);
  const parsed = failureRecordSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`memory: unreadable row ${String(row.id)}: ${parsed.error.message}`);
  return parsed.data;
}

/** Row of a search that selected SEARCH_BLOB or SEARCH_COLUMNS → validated record without its vector. */
export function rowToSearchRecord(row: Record<string, unknown>): SearchRecord {
  const blob = row[SEARCH_BLOB];
  if (typeof blob === "string") return parseSearchBlob(blob);
  const raw: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMN)) raw[key] = row[column];
  const parsed = searchRecordSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`memory: unreadable row ${String(row.id)}: ${parsed.error.message}`);
  return parsed.data;
}

/** SQL string literal with quotes escaped, for `where` filters. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Filter for a single id or a set of ids. */
export function idFilter(ids: string[]): string {
  return ids.length === 1 ? `id = ${sqlString(ids[0])}` : `id IN (${ids.map(sqlString).join(", ")})`;
}

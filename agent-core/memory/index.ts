/** Failure memory: embedders, exact keys, stores (LanceDB with a built-in fallback) and FailureMemory. */

export {
  abstractToken,
  codeTokens,
  diffHunks,
  type EditPair,
  editShapeFeatures,
  fixEdits,
  undoEdits,
} from "./editShape";
export { cosine, type Embedder, type EmbedFunction, HashingEmbedder, l2Normalise, RemoteEmbedder } from "./embedder";
export { JsonStore, type JsonStoreOptions } from "./jsonStore";
export {
  type ArrowModule,
  CorruptStoreError,
  INDEX_FROM,
  type LanceModule,
  LanceStore,
  type LanceStoreOptions,
} from "./lanceStore";
export {
  FailureMemory,
  type FailureMemoryOptions,
  type FixAttempt,
  FLOORS,
  type Floors,
  type MemoryHit,
  type MemoryStats,
  type MemoryStatus,
} from "./memory";
export {
  cpuLacksLanceFeatures,
  type LanceModules,
  loadLanceModules,
  type OpenedMemoryStore,
  type OpenMemoryStoreOptions,
  openMemoryStore,
} from "./openStore";
export { memoryLogFrom, type OpenFailureMemoryOptions, openFailureMemory } from "./port";
export {
  cap,
  type FailureRecord,
  type FailureRecordJson,
  type FailureRecordPatch,
  failureRecordSchema,
  LIMITS,
  parseRecordJson,
  recordFromJson,
  recordToJson,
} from "./records";
export { fixAppliesCleanly, fixContentKey, storedBlocks } from "./replay";
export { contentHash, exactKey, normaliseFailure, stripAnsi } from "./signature";
export {
  type MemoryLog,
  type MemoryStore,
  type SearchFilter,
  type SearchHit,
  type SearchRecord,
  tableNameFor,
} from "./store";
export { symptomFeatures } from "./symptoms";
export { embeddingText, failureText } from "./text";
export { exportJsonl, type ImportResult, importJsonl } from "./transfer";
export { EDIT_DIM, EDIT_WEIGHT, editVector, storedSpaceName, VectorLayout } from "./vectorLayout";

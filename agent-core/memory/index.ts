/** Failure memory: embedders, signatures, stores (LanceDB with a built-in fallback) and FailureMemory. */
export { type Embedder, type EmbedFunction, HashingEmbedder, type HashingWeights, RemoteEmbedder, cosine, l2Normalise } from "./embedder";
export { codeContextHash, failureKey, type FailureKeyInput, normaliseFailure, stripAnsi } from "./signature";
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
export { type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit, type SearchRecord, tableNameFor } from "./store";
export { JsonStore, type JsonStoreOptions } from "./jsonStore";
export { CorruptStoreError, type LanceModule, LanceStore, type LanceStoreOptions, type LanceStoreTuning } from "./lanceStore";
export {
  cpuLacksLanceFeatures,
  type LanceModules,
  loadLanceModules,
  type OpenedMemoryStore,
  openMemoryStore,
  type OpenMemoryStoreOptions,
} from "./openStore";
export {
  FailureMemory,
  type FailureMemoryOptions,
  type FixAttempt,
  type MemoryHit,
  type MemoryStats,
  type MemoryStatus,
  type RankWeights,
} from "./memory";
export { memoryLogFrom, openFailureMemory, type OpenFailureMemoryOptions } from "./port";
export { estimateTokens, formatHits } from "./format";
export { fixAppliesCleanly, parseStoredBlocks, type StoredBlock } from "./replay";
export { exportJsonl, importJsonl, type ImportResult } from "./transfer";
export { embeddingText, failureText } from "./text";
export { symptomFeatures } from "./symptoms";
export { EDIT_DIM, EDIT_WEIGHT, editVector, storedSpaceName, VectorLayout } from "./vectorLayout";
export { abstractToken, codeTokens, diffHunks, type EditPair, editShapeFeatures, fixEdits, undoEdits } from "./editShape";

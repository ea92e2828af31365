/** Failure memory: embedders, exact keys, stores (LanceDB with a built-in fallback) and FailureMemory. */
export { type Embedder, type EmbedFunction, HashingEmbedder, RemoteEmbedder, cosine, l2Normalise } from "./embedder";
export { contentHash, exactKey, normaliseFailure, stripAnsi } from "./signature";
export { cap, type FailureRecord, type FailureRecordJson, type FailureRecordPatch, failureRecordSchema, LIMITS, parseRecordJson, recordFromJson, recordToJson } from "./records";
export { type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit, type SearchRecord, tableNameFor } from "./store";
export { JsonStore, type JsonStoreOptions } from "./jsonStore";
export { type ArrowModule, CorruptStoreError, INDEX_FROM, type LanceModule, LanceStore, type LanceStoreOptions } from "./lanceStore";
export { cpuLacksLanceFeatures, type LanceModules, loadLanceModules, type OpenedMemoryStore, openMemoryStore, type OpenMemoryStoreOptions } from "./openStore";
export { FailureMemory, type FailureMemoryOptions, type FixAttempt, FLOORS, type Floors, type MemoryHit, type MemoryStats, type MemoryStatus } from "./memory";
export { memoryLogFrom, openFailureMemory, type OpenFailureMemoryOptions } from "./port";
export { fixAppliesCleanly, fixContentKey, storedBlocks } from "./replay";
export { exportJsonl, importJsonl, type ImportResult } from "./transfer";
export { embeddingText, failureText } from "./text";
export { symptomFeatures } from "./symptoms";
export { EDIT_DIM, EDIT_WEIGHT, editVector, storedSpaceName, VectorLayout } from "./vectorLayout";
export { abstractToken, codeTokens, diffHunks, type EditPair, editShapeFeatures, fixEdits, undoEdits } from "./editShape";

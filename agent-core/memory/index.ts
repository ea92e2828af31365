/** Failure memory: embedders, exact keys, stores (LanceDB with a built-in fallback) and FailureMemory. */
export * from "./editShape";
export * from "./embedder";
export * from "./jsonStore";
export * from "./lanceStore";
export * from "./memory";
export * from "./openStore";
export * from "./records";
export * from "./store";
export * from "./storedFix";
export * from "./symptoms";
export * from "./text";
export * from "./transfer";
export * from "./vectorLayout";

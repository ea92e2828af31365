/** Test detection, running and output parsing (host-free). */
export * from "./types";
export { runProcess, type RunProcessOptions } from "./processRunner";
export { detectTestCommand, guessFramework, type DetectOptions } from "./detect";
export { filterCommand } from "./filter";
export { splitArgs, needsShell } from "./splitArgs";
export { stripAnsi } from "./cappedOutput";
export { parseTestOutput, failureSignature, errorExcerpt, sniffFramework, type ParseOptions } from "./parsers";

/** Test detection, running and output parsing (host-free). */

export { stripAnsi } from "./cappedOutput";
export { type DetectOptions, detectTestCommand, guessFramework } from "./detect";
export { filterCommand } from "./filter";
export { errorExcerpt, failureSignature, type ParseOptions, parseTestOutput, sniffFramework } from "./parsers";
export { type RunProcessOptions, runProcess } from "./processRunner";
export { needsShell, splitArgs } from "./splitArgs";
export * from "./types";

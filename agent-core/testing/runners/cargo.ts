/** cargo test (Rust: libtest's plain output). */
import { existsSync } from "node:fs";
import path from "node:path";
import { LIBRARY_FRAME, parseCargo } from "../parsers/cargo";
import type { TestCommand } from "../types";
import { baseName } from "./args";
import { CARGO_PLACES, findCargo } from "./cargoToolchain";
import type { TestRunner } from "./types";

/** Doc tests cannot be picked by name: rustdoc runs its merged doc tests whatever the filter says. */
const DOC_TEST_ID = /\.rs - .* \(line \d+\)/;
const RUNNING_TOO_LONG = /^test (.+) has been running for over \d+ seconds$/;
const RESULT = /^test (.+?)(?: - should panic)? \.\.\. (?:ok|FAILED|ignored)/;
const STARTED = /^test (.+?)(?: - should panic)? \.\.\. $/;

export const cargoRunner: TestRunner<"cargo"> = {
  id: "cargo",
  sniffCommand: (text) => /\bcargo(?:\.exe)?["']?\s+(?:\+\S+\s+)?test\b/.test(text),
  sniffOutput: (text) =>
    /^test result: (?:ok|FAILED)\. \d+ passed; \d+ failed;/m.test(text) ||
    /^\s+Running (?:unittests )?\S+\.rs \(/m.test(text),
  parse: parseCargo,
  filterTests(cmd, ids) {
    if (!isCargoTest(cmd) || ids.some((id) => DOC_TEST_ID.test(id))) return undefined;
    // libtest takes any number of names after `--`; `--exact` keeps `tests::add` from matching `tests::add_all`.
    const extra = ["--exact", ...ids];
    return { ...cmd, argv: cmd.argv.includes("--") ? [...cmd.argv, ...extra] : [...cmd.argv, "--", ...extra] };
  },
  filterFiles(cmd, _program, _args, files) {
    // An integration test file is its own test binary: `tests/shapes.rs` runs alone with `--test shapes`.
    const binaries = files.map((f) => /^tests\/([^/]+)\.rs$/.exec(f.replace(/\\/g, "/"))?.[1]);
    if (!isCargoTest(cmd) || binaries.some((b) => b === undefined)) return undefined;
    const at = cmd.argv.indexOf("--");
    const before = at < 0 ? cmd.argv : cmd.argv.slice(0, at);
    const after = at < 0 ? [] : cmd.argv.slice(at);
    return { ...cmd, argv: [...before, ...binaries.flatMap((b) => ["--test", b as string]), ...after] };
  },
  // libtest has no per-test timeout on stable Rust; the run's own timeout stops a hang.
  perTestTimeout: async () => undefined,
  libraryFrame: LIBRARY_FRAME,
  stillRunning,
  async detectProject(cwd) {
    if (!existsSync(path.join(cwd, "Cargo.toml"))) return undefined;
    const cargo = findCargo();
    if (!cargo) {
      throw new Error(
        `${path.join(cwd, "Cargo.toml")} needs cargo, which is not installed here (looked in ${CARGO_PLACES}). ` +
          'Install Rust with rustup (https://rustup.rs), or give the test command, e.g. --test "/path/to/cargo test".',
      );
    }
    // Every test binary runs even when one fails, so all failures are seen at once.
    const command: TestCommand = { argv: [cargo, "test", "--no-fail-fast"], cwd, framework: "cargo" };
    if (cargo !== "cargo") command.notes = [`cargo: ${cargo} (not on PATH)`];
    return command;
  },
  findProgram: (program) => (program === "cargo" ? findCargo() : undefined),
};

function isCargoTest(cmd: TestCommand): boolean {
  return /^cargo(?:\.exe)?$/.test(baseName(cmd.argv[0] ?? "")) && cmd.argv.includes("test");
}

/**
 * The test a run killed on its overall timeout was still in: libtest names a test running for over 60 seconds,
 * and with one test thread the last "test name ... " line has no result yet.
 */
function stillRunning(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const finished = new Set(lines.map((l) => RESULT.exec(l)?.[1]).filter((n) => n !== undefined));
  const slow = lines.map((l) => RUNNING_TOO_LONG.exec(l)?.[1]).filter((n) => n !== undefined && !finished.has(n));
  if (slow.length > 0) return [...new Set(slow)].join(", ");
  const last = [...lines].reverse().find((l) => /^test /.test(l));
  return last ? STARTED.exec(last)?.[1] : undefined;
}

import assert from "node:assert/strict";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { listWorkspaceFiles } from "../../../agent-core/loop/related";
import { detectTestCommand, guessFramework } from "../../../agent-core/testing/detect";
import { filterCommand, filterFiles, withPerTestTimeout } from "../../../agent-core/testing/filter";
import { findCargo } from "../../../agent-core/testing/runners/cargoToolchain";
import type { TestCommand } from "../../../agent-core/testing/types";
import { TempProjects } from "./helpers";

const cwd = "/p";
const cargoTest: TestCommand = { argv: ["cargo", "test", "--no-fail-fast"], cwd, framework: "cargo" };

describe("the cargo runner", () => {
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("is named by cargo test commands, and node's --test does not take them", () => {
    assert.equal(guessFramework("cargo test"), "cargo");
    assert.equal(guessFramework("cargo +nightly test --test sizes"), "cargo");
    assert.equal(guessFramework("/home/u/.cargo/bin/cargo test -- --exact a"), "cargo");
    assert.equal(guessFramework("cargo build"), "unknown");
  });

  it("runs the failing tests by exact name after --, and keeps arguments already there", () => {
    assert.deepEqual(filterCommand(cargoTest, ["tests::adds", "perimeter_adds_sides"])?.argv, [
      "cargo",
      "test",
      "--no-fail-fast",
      "--",
      "--exact",
      "tests::adds",
      "perimeter_adds_sides",
    ]);
    const practice: TestCommand = { ...cargoTest, argv: ["cargo", "test", "--", "--include-ignored"] };
    assert.deepEqual(filterCommand(practice, ["adds"])?.argv, [
      "cargo",
      "test",
      "--",
      "--include-ignored",
      "--exact",
      "adds",
    ]);
  });

  it("cannot narrow to doc tests, compile errors or commands that are not cargo test", () => {
    assert.equal(filterCommand(cargoTest, ["tests::adds", "src/lib.rs - add (line 3)"]), undefined);
    assert.equal(filterCommand(cargoTest, ["(compile error) src/lib.rs:9"]), undefined);
    assert.equal(filterCommand({ ...cargoTest, argv: ["make", "test"] }, ["adds"]), undefined);
  });

  it("runs an integration test file alone as its own test binary", () => {
    assert.deepEqual(filterFiles(cargoTest, ["tests/shapes.rs"])?.argv, [
      "cargo",
      "test",
      "--no-fail-fast",
      "--test",
      "shapes",
    ]);
    const practice: TestCommand = { ...cargoTest, argv: ["cargo", "test", "--", "--include-ignored"] };
    assert.deepEqual(filterFiles(practice, ["tests/a.rs", "tests/b.rs"])?.argv, [
      "cargo",
      "test",
      "--test",
      "a",
      "--test",
      "b",
      "--",
      "--include-ignored",
    ]);
    assert.equal(filterFiles(cargoTest, ["src/tests.rs"]), undefined, "a test module is part of its crate");
  });

  it("has no per-test timeout (libtest has none on stable Rust)", () => {
    assert.equal(withPerTestTimeout(cargoTest, 5000), undefined);
  });

  it("is detected from Cargo.toml and runs every test binary", async () => {
    const dir = await projects.make({ "Cargo.toml": '[package]\nname = "p"\nversion = "0.1.0"\n', "src/lib.rs": "" });
    const cmd = await detectTestCommand(dir);
    assert.equal(cmd.framework, "cargo");
    assert.match(cmd.argv[0], /(^|[\\/])cargo(\.exe)?$/);
    assert.deepEqual(cmd.argv.slice(1), ["test", "--no-fail-fast"]);
  });

  it("keeps cargo's target/ out of the workspace listing, but not a module folder called target", async () => {
    const dir = await projects.make({
      "Cargo.toml": "",
      "src/lib.rs": "",
      "src/target/mod.rs": "",
      "tests/shapes.rs": "",
      "target/debug/deps/shapes-1.d": "",
      "target/debug/build/x/out/tests.rs": "",
    });
    assert.deepEqual((await listWorkspaceFiles(dir)).sort(), [
      "Cargo.toml",
      "src/lib.rs",
      "src/target/mod.rs",
      "tests/shapes.rs",
    ]);
  });

  it("finds cargo on PATH, else in $CARGO_HOME/bin, else in ~/.cargo/bin, the way rustup installs it", async () => {
    const dir = await projects.make({
      "path/cargo": "#!/bin/sh\n",
      "cargo-home/bin/cargo": "#!/bin/sh\n",
      "home/.cargo/bin/cargo": "#!/bin/sh\n",
      "home/.cargo/bin/not-executable/cargo": "",
    });
    for (const file of ["path/cargo", "cargo-home/bin/cargo", "home/.cargo/bin/cargo"])
      await chmod(path.join(dir, file), 0o755);
    const home = path.join(dir, "home");
    assert.equal(findCargo({ PATH: path.join(dir, "path"), HOME: home }), "cargo");
    assert.equal(
      findCargo({ PATH: "/nowhere", HOME: home, CARGO_HOME: path.join(dir, "cargo-home") }),
      path.join(dir, "cargo-home/bin/cargo"),
    );
    assert.equal(findCargo({ PATH: "/nowhere", HOME: home }), path.join(home, ".cargo/bin/cargo"));
    assert.equal(findCargo({ PATH: "/nowhere", HOME: path.join(dir, "empty") }), undefined);
    assert.equal(
      findCargo({ PATH: path.join(home, ".cargo/bin/not-executable"), HOME: path.join(dir, "empty") }),
      undefined,
      "a file that cannot run is no cargo",
    );
  });
});

import assert from "node:assert/strict";
import { isTestFile, scanDangers } from "../../../agent-core/edits/safety";

const added = (code: string, path = "src/lib.rs") => scanDangers("", code, path).map((f) => f.kind);

describe("Rust edits: risky calls and test files", () => {
  it("flags processes, deletions and network use added to Rust code", () => {
    assert.deepEqual(added('let out = Command::new("sh").arg("-c").output();'), ["process"]);
    assert.deepEqual(added("use std::process::Command;"), ["process"]);
    assert.deepEqual(added("use std::process::{Command, Stdio};"), ["process"]);
    assert.deepEqual(added('std::fs::remove_dir_all("/tmp/x").unwrap();'), ["delete"]);
    assert.deepEqual(added("fs::remove_file(path)?;"), ["delete"]);
    assert.deepEqual(added('let s = TcpStream::connect("10.0.0.1:80")?;'), ["network"]);
    assert.deepEqual(added("use std::net::UdpSocket;"), ["network"]);
  });

  it("leaves ordinary Rust alone, and these rules off other languages", () => {
    assert.deepEqual(added("let total: u64 = items.iter().map(|i| i.price).sum();"), []);
    assert.deepEqual(added("use std::process;\nprocess::exit(1);"), []);
    assert.deepEqual(added('// Command::new("rm") would be wrong here'), [], "comments are not code");
    assert.deepEqual(added("cache.remove_file(key)", "src/cache.py"), []);
  });

  it("counts tests/ files and tests.rs modules as tests, not src files with inline test modules", () => {
    assert.equal(isTestFile("tests/shapes.rs"), true);
    assert.equal(isTestFile("src/parser/tests.rs"), true);
    assert.equal(isTestFile("src/lib.rs"), false);
    assert.equal(isTestFile("src/testing.rs"), false);
  });
});

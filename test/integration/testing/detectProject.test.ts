import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { isTestFile } from "../../../agent-core/edits/safety";
import { describeHangs, stillRunning } from "../../../agent-core/loop/hangs";
import { listWorkspaceFiles, ownTestFiles } from "../../../agent-core/loop/related";
import { detectTestSetup } from "../../../agent-core/testing/detectProject";
import { choosePython, pytestPluginPolicy } from "../../../agent-core/testing/detectPython";
import { perTestTimeoutFor } from "../../../agent-core/testing/detectTimeout";
import { withPerTestTimeout } from "../../../agent-core/testing/filter";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import { runProcess } from "../../../agent-core/testing/processRunner";
import { practiceTestCommand } from "../../../agent-core/training/testCommand";
import { TempProjects } from "../../unit/testing/helpers";

const pkg = (test: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: "p", scripts: { test }, ...extra });

/** detectTestSetup as the loop calls it: with the target's own tests and every test file of the workspace. */
async function setupFor(root: string, target: string, opts: { python?: string; override?: string } = {}) {
  const files = await listWorkspaceFiles(root);
  return detectTestSetup(root, target, {
    ...opts,
    ownTests: ownTestFiles(target, files),
    allTests: files.filter((f) => isTestFile(f)),
  });
}

describe("detectTestSetup: the test project nearest the target", function () {
  this.timeout(60_000); // pytest detection probes a real interpreter
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("takes an exercise folder holding the target's test as the project inside a clone without project files", async () => {
    const root = await projects.make({
      "exercises/bob/bob.py": "",
      "exercises/bob/bob_test.py": "from bob import response\n",
      "exercises/leap/leap_test.py": "",
      "tests/test_old.py": "import gone\n",
    });
    const setup = await setupFor(root, "exercises/bob/bob.py");
    assert.equal(setup.project, "exercises/bob");
    assert.equal(setup.command.cwd, path.join(root, "exercises/bob"));
    assert.equal(setup.command.framework, "pytest");
    assert.equal(setup.related, undefined, "the target's test is the project's whole suite");
    assert.match(setup.notes[0], /test project: exercises\/bob \(the target's folder, which holds its tests\)/);
  });

  it("takes the nearest folder with a project file, and keeps the target's own tests for when the suite cannot run", async () => {
    const root = await projects.make({
      "package.json": pkg("node --test"),
      "packages/calc/package.json": pkg("node --test"),
      "packages/calc/src/calc.js": "",
      "packages/calc/test/calc.test.js": "",
      "packages/calc/test/other.test.js": "",
    });
    const setup = await setupFor(root, "packages/calc/src/calc.js");
    assert.equal(setup.project, "packages/calc");
    assert.deepEqual(
      setup.command.argv.filter((a) => !a.startsWith("--test-timeout")),
      ["node", "--test"],
    );
    assert.deepEqual(setup.related?.argv, ["node", "--test", "test/calc.test.js"]);
    assert.match(setup.notes.join("\n"), /nearest folder with package\.json/);
  });

  it("falls back to the workspace when nothing nearer can run tests, and runs a typed command from the workspace", async () => {
    const root = await projects.make({
      "package.json": pkg("node --test"),
      "tools/gen/package.json": JSON.stringify({ name: "gen" }), // no tests of its own
      "tools/gen/gen.js": "",
      "test/gen.test.js": "",
    });
    const setup = await setupFor(root, "tools/gen/gen.js");
    assert.equal(setup.project, "");
    assert.equal(setup.command.cwd, root);
    assert.match(setup.notes[0], /test project: the workspace folder/);

    const typed = await setupFor(root, "tools/gen/gen.js", { override: "node --test test/" });
    assert.deepEqual(typed.command.argv, ["node", "--test", "test/"]);
    assert.equal(typed.command.cwd, root);
  });

  it("stays at the workspace for a target with no project file and no tests beside it", async () => {
    const root = await projects.make({
      "pytest.ini": "[pytest]\n",
      "src/app/calc.py": "",
      "tests/test_calc.py": "",
      "tests/test_io.py": "",
    });
    const setup = await setupFor(root, "src/app/calc.py");
    assert.equal(setup.project, "");
    assert.ok(setup.related?.argv.includes("tests/test_calc.py"), JSON.stringify(setup.related?.argv));
  });
});

describe("one Python interpreter choice for fix and training", function () {
  this.timeout(60_000);
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("runs the interpreter's real executable, and training uses the same one", async () => {
    const dir = await projects.make({ "test_x.py": "def test_x():\n    pass\n" });
    const choice = await choosePython(dir);
    assert.ok(path.isAbsolute(choice.executable), choice.executable);
    const real = execFileSync(choice.executable, ["-c", "import sys; print(sys.executable)"], {
      encoding: "utf8",
    }).trim();
    assert.equal(choice.executable, real, "no launcher shim in between");
    const practice = await practiceTestCommand(
      {
        id: "python/x",
        name: "x",
        language: "python",
        difficulty: 1,
        skills: [],
        description: "",
        target: ["x.py"],
        tests: ["test_x.py"],
        testCommand: ["python3", "-m", "pytest"],
        dir,
      },
      dir,
    );
    assert.equal(practice.argv[0], choice.executable);
    assert.equal(practice.env?.PYTEST_DISABLE_PLUGIN_AUTOLOAD, "1");
  });

  it("keeps a virtualenv's own interpreter path (its link target would lose the environment)", async () => {
    const dir = await projects.make({ "test_x.py": "def test_x():\n    pass\n" });
    execFileSync("/usr/bin/python3", [
      "-m",
      "venv",
      "--system-site-packages",
      "--without-pip",
      path.join(dir, ".venv"),
    ]);
    const choice = await choosePython(dir);
    assert.equal(choice.executable, path.join(dir, ".venv", "bin", "python"));
  });

  it("turns plugin auto-loading off only when the project needs no plugins, and says which way it went", async () => {
    const none = await pytestPluginPolicy([
      await projects.make({ "pytest.ini": "[pytest]\naddopts = -p no:cacheprovider -q\n" }),
    ]);
    assert.deepEqual(none.env, { PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" });
    assert.match(none.note, /auto-loading off/);

    const layouts: Array<[Record<string, string>, RegExp]> = [
      [{ "pytest.ini": "[pytest]\naddopts = -p xdist -n 2\n" }, /pytest\.ini configures pytest plugins/],
      [
        { "pyproject.toml": '[tool.pytest.ini_options]\naddopts = ["-p", "pytest_mock"]\n' },
        /pyproject\.toml configures/,
      ],
      [{ "setup.cfg": "[tool:pytest]\nrequired_plugins = pytest-cov\n" }, /setup\.cfg configures/],
      [{ "tests/conftest.py": 'pytest_plugins = ["helpers.fixtures"]\n' }, /tests\/conftest\.py sets pytest_plugins/],
      [{ "requirements-dev.txt": "pytest==8.0\npytest-asyncio==0.23\n" }, /depends on pytest-asyncio/],
    ];
    for (const [files, why] of layouts) {
      const policy = await pytestPluginPolicy([await projects.make(files)]);
      assert.deepEqual(policy.env, {}, JSON.stringify(files));
      assert.match(policy.note, why);
    }
    // Settings of a folder above the test project apply too.
    const above = await projects.make({ "pytest.ini": "[pytest]\naddopts = -p xdist\n", "sub/test_a.py": "" });
    assert.deepEqual((await pytestPluginPolicy([path.join(above, "sub"), above])).env, {});
  });
});

describe("per-test timeouts", function () {
  this.timeout(60_000);
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("uses each JavaScript runner's option unless the project or the command sets its own", async () => {
    const dir = await projects.make({ "package.json": pkg("jest") });
    assert.deepEqual(await perTestTimeoutFor({ argv: ["node", "--test"], cwd: dir, framework: "node" }), {
      flag: "--test-timeout=",
      unit: "ms",
    });
    assert.deepEqual(await perTestTimeoutFor({ argv: ["jest"], cwd: dir, framework: "jest" }), {
      flag: "--testTimeout=",
      unit: "ms",
    });
    assert.equal(
      await perTestTimeoutFor({ argv: ["mocha", "--timeout", "60000"], cwd: dir, framework: "mocha" }),
      undefined,
    );
    const configured = await projects.make({ "package.json": pkg("jest", { jest: { testTimeout: 60000 } }) });
    assert.equal(await perTestTimeoutFor({ argv: ["jest"], cwd: configured, framework: "jest" }), undefined);
    const vitest = await projects.make({ "vitest.config.ts": "export default { test: { testTimeout: 30_000 } };\n" });
    assert.equal(await perTestTimeoutFor({ argv: ["vitest", "run"], cwd: vitest, framework: "vitest" }), undefined);
    assert.equal(
      await perTestTimeoutFor({ argv: ["npm", "test"], cwd: dir, framework: "node" }),
      undefined,
      "node options cannot pass through a script",
    );
  });

  it("without pytest-timeout, has pytest's faulthandler name the test still running", async function () {
    const dir = await projects.make({
      "pytest.ini": "[pytest]\n",
      "slow.py": "import time\n\ndef wait():\n    time.sleep(4)\n",
      "tests/test_slow.py": "from slow import wait\n\nclass TestSlow:\n    def test_waits(self):\n        wait()\n",
    });
    const setup = await setupFor(dir, "slow.py", { python: (await choosePython(dir)).executable });
    if (!setup.command.perTestTimeout?.reportsOnly) this.skip(); // this interpreter has pytest-timeout: the next test covers it
    const timed = withPerTestTimeout({ ...setup.command, env: { ...setup.command.env, PYTHONPATH: dir } }, 1000)!;
    assert.deepEqual(timed.argv.slice(-2), ["-o", "faulthandler_timeout=1"]);
    assert.match(setup.notes.join("\n"), /named \(pytest's faulthandler\)/);
    // The test sleeps past the 1 s mark and then passes: the dump is there without any kill to race with.
    const result = await runProcess(timed, { timeoutMs: 60_000, maxOutputBytes: 1024 * 1024 });
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(stillRunning(result.output, dir), "test_waits in tests/test_slow.py (at slow.py:4 in wait)");
    assert.equal(stillRunning("E   assert 1 == 2\n", dir), undefined);
  });

  it("stops a looping pytest test with pytest-timeout when it is installed, and names it", async function () {
    const probe = await runProcess(
      { argv: ["/usr/bin/python3", "-c", "import pytest_timeout"], cwd: "/", framework: "unknown" },
      { timeoutMs: 30_000, maxOutputBytes: 4096 },
    );
    if (probe.exitCode !== 0) this.skip(); // never required: without it the run's own timeout applies
    const dir = await projects.make({
      "loop.py": "def spin():\n    while True:\n        pass\n",
      "loop_test.py": "from loop import spin\n\ndef test_fine():\n    assert True\n\ndef test_spins():\n    spin()\n",
    });
    const setup = await setupFor(dir, "loop.py", { python: "/usr/bin/python3" });
    assert.ok(setup.command.perTestTimeout, "pytest-timeout found");
    const timed = withPerTestTimeout(setup.command, 2000)!;
    assert.deepEqual(
      timed.argv.slice(-3),
      ["-p", "pytest_timeout", "--timeout=2"],
      "loaded by name: auto-loading is off",
    );
    const result = await runProcess(timed, { timeoutMs: 60_000, maxOutputBytes: 1024 * 1024 });
    assert.equal(result.timedOut, false, result.output);
    const report = parseTestOutput("pytest", result.output, result.exitCode, { cwd: dir });
    assert.deepEqual(describeHangs(report, []), [
      '"loop_test.py::test_spins" did not finish within 2 s: stopped by the per-test timeout (an infinite loop?)',
    ]);
    assert.ok(
      report.tests.some((t) => t.id === "loop_test.py::test_fine" && t.status === "passed"),
      "the other tests still report",
    );
  });
});

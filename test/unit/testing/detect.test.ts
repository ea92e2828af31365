import assert from "node:assert/strict";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { detectTestCommand, guessFramework } from "../../../agent-core/testing/detect";
import { TempProjects } from "./helpers";

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: "p", version: "1.0.0", scripts, ...extra });
const bin = (name: string): Record<string, string> => ({ [`node_modules/.bin/${name}`]: "#!/bin/sh\n" });

describe("detectTestCommand", () => {
  const projects = new TempProjects();
  afterEach(() => projects.cleanup());

  it("runs node --test directly from the test script", async () => {
    const dir = await projects.make({ "package.json": pkg({ test: "node --test" }) });
    const cmd = await detectTestCommand(dir);
    assert.deepEqual(cmd, { argv: ["node", "--test"], cwd: dir, framework: "node" });
  });

  it("runs mocha, jest and vitest from node_modules/.bin so filter flags reach the runner", async () => {
    const mocha = await projects.make({ "package.json": pkg({ test: "mocha --timeout 5000" }), ...bin("mocha") });
    assert.deepEqual((await detectTestCommand(mocha)).argv, [
      path.join(mocha, "node_modules/.bin/mocha"),
      "--timeout",
      "5000",
    ]);
    assert.equal((await detectTestCommand(mocha)).framework, "mocha");

    const jest = await projects.make({ "package.json": pkg({ test: "npx jest --ci" }), ...bin("jest") });
    assert.deepEqual(await detectTestCommand(jest), {
      argv: [path.join(jest, "node_modules/.bin/jest"), "--ci", "--verbose"],
      cwd: jest,
      framework: "jest",
    });

    const vitest = await projects.make({ "package.json": pkg({ test: "vitest" }), ...bin("vitest") });
    assert.deepEqual(
      (await detectTestCommand(vitest)).argv,
      [path.join(vitest, "node_modules/.bin/vitest"), "run", "--reporter=verbose"],
      "never watch mode",
    );
  });

  it("calls the runner itself when a package script only wraps it through a package manager", async () => {
    for (const script of ["corepack pnpm jest --ci", "pnpm exec jest --ci", "yarn jest --ci", "pnpm jest --ci"]) {
      const dir = await projects.make({ "package.json": pkg({ test: script }), ...bin("jest") });
      assert.deepEqual(
        (await detectTestCommand(dir)).argv,
        [path.join(dir, "node_modules/.bin/jest"), "--ci", "--verbose"],
        script,
      );
    }
  });

  it("falls back to npm test when the runner binary is not installed or the script is compound", async () => {
    const missing = await projects.make({ "package.json": pkg({ test: "jest" }) });
    assert.deepEqual(await detectTestCommand(missing), {
      argv: ["npm", "test", "--silent"],
      cwd: missing,
      framework: "jest",
      filterable: true,
    });

    const compound = await projects.make({
      "package.json": pkg({ test: "npm run typecheck && npm run test:unit", "test:unit": "mocha", typecheck: "tsc" }),
      ...bin("mocha"),
    });
    const cmd = await detectTestCommand(compound);
    assert.deepEqual(cmd.argv, ["npm", "test", "--silent"]);
    assert.equal(cmd.framework, "mocha", "framework found through the npm run reference");
    assert.equal(cmd.filterable, false);
  });

  it("guesses the framework from dependencies when the script does not name it", async () => {
    const dir = await projects.make({
      "package.json": pkg({ test: "./scripts/run-tests.sh" }, { devDependencies: { vitest: "^3.0.0" } }),
    });
    const cmd = await detectTestCommand(dir);
    assert.equal(cmd.framework, "vitest");
    assert.deepEqual(cmd.argv, ["npm", "test", "--silent"]);
  });

  it("runs an installed runner when package.json has no real test script", async () => {
    const dir = await projects.make({
      "package.json": pkg({ test: 'echo "Error: no test specified" && exit 1' }, { devDependencies: { jest: "^29" } }),
      ...bin("jest"),
    });
    assert.deepEqual((await detectTestCommand(dir)).argv, [path.join(dir, "node_modules/.bin/jest"), "--verbose"]);
  });

  it("detects pytest projects from config or test files and picks an interpreter that imports pytest", async function () {
    this.timeout(60_000); // each detection probes a real interpreter
    const layouts: Record<string, string>[] = [
      { "pytest.ini": "[pytest]\n" },
      { "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-q'\n" },
      { "setup.cfg": "[tool:pytest]\n" },
      { "tests/test_calc.py": "def test_a():\n    assert True\n" },
      { "test_calc.py": "def test_a():\n    assert True\n" },
    ];
    for (const files of layouts) {
      const dir = await projects.make(files);
      const cmd = await detectTestCommand(dir);
      assert.equal(cmd.framework, "pytest", JSON.stringify(files));
      assert.deepEqual(cmd.argv.slice(1), ["-m", "pytest", "-q", "-rA"]);
      // The interpreter's real executable, never a launcher shim (which costs time on every run).
      assert.ok(path.isAbsolute(cmd.argv[0]) && !/shims/.test(cmd.argv[0]), cmd.argv[0]);
      assert.match(cmd.notes?.[0] ?? "", /^python: \//);
    }
  });

  it("says clearly when no interpreter can import pytest", async () => {
    const dir = await projects.make({
      "tests/test_x.py": "def test_x(): pass\n",
      "fakepy/python": "#!/bin/sh\nexit 1\n",
    });
    await chmod(path.join(dir, "fakepy/python"), 0o755);
    await assert.rejects(
      detectTestCommand(dir, { python: path.join(dir, "fakepy/python") }),
      /no Python interpreter here can import pytest.*fakepy\/python.*pip install pytest/s,
    );
    await assert.rejects(detectTestCommand(dir, { python: "/no/such/python" }), /can import pytest/);
  });

  it("prefers the package.json test script over python files in the same project", async () => {
    const dir = await projects.make({ "package.json": pkg({ test: "node --test" }), "test_tool.py": "" });
    assert.equal((await detectTestCommand(dir)).framework, "node");
  });

  it("uses an override as argv, or through a shell when it needs one", async () => {
    const dir = await projects.make({ "package.json": pkg({ test: "mocha" }) });
    assert.deepEqual(await detectTestCommand(dir, { override: `python3 -m pytest -k "add or sub"` }), {
      argv: ["python3", "-m", "pytest", "-k", "add or sub"],
      cwd: dir,
      framework: "pytest",
    });
    const viaNpm = await detectTestCommand(dir, { override: "npm test" });
    assert.equal(viaNpm.framework, "mocha", "npm test resolves to the script's runner");
    const shell = await detectTestCommand(dir, { override: "npm run build && node --test" });
    assert.deepEqual(shell.argv, ["sh", "-c", "npm run build && node --test"]);
    assert.equal(shell.framework, "node");
    assert.equal(shell.filterable, false);
    await assert.rejects(detectTestCommand(dir, { override: "   " }), /empty/);
    await assert.rejects(detectTestCommand(dir, { override: `jest -t "unterminated` }), /Unclosed double quote/);
  });

  it("runs node --test when test files use node:test and package.json has no test script", async () => {
    const uses = 'import { test } from "node:test";\n';
    const found: Array<Record<string, string>> = [
      { "package.json": JSON.stringify({ type: "module" }), "calc.test.js": uses },
      { "test/calc.js": 'const test = require("node:test");\n' },
      { "tests/test-calc.mjs": uses, "tests/helper.mjs": "export {};\n" },
    ];
    for (const files of found) {
      const dir = await projects.make(files);
      assert.deepEqual(await detectTestCommand(dir), { argv: ["node", "--test"], cwd: dir, framework: "node" });
    }
    // Files node --test would not pick up by name, or that do not use node:test, say nothing.
    const ignored: Array<Record<string, string>> = [
      { "calc.js": uses },
      { "calc.test.js": 'const { test } = require("vitest");\n' },
    ];
    for (const files of ignored) {
      const dir = await projects.make(files);
      await assert.rejects(detectTestCommand(dir), /No tests found to run/);
    }
  });

  it("throws a clear error when nothing is detectable, the folder is missing, or package.json is broken", async () => {
    const empty = await projects.make({ "README.md": "hi" });
    await assert.rejects(detectTestCommand(empty), /No tests found to run in .*--test/s);
    await assert.rejects(detectTestCommand(path.join(empty, "nope")), /Project folder does not exist/);
    const broken = await projects.make({ "package.json": "{ nope" });
    await assert.rejects(detectTestCommand(broken), /package.json in .* is not valid JSON/);
  });
});

describe("guessFramework", () => {
  it("recognises runners in command text", () => {
    assert.equal(guessFramework("node --test test/"), "node");
    assert.equal(guessFramework("node --import tsx --test src/**/*.test.ts"), "node");
    assert.equal(guessFramework("mocha -r tsx"), "mocha");
    assert.equal(guessFramework("jest --ci"), "jest");
    assert.equal(guessFramework("vitest run"), "vitest");
    assert.equal(guessFramework("python -m pytest -x"), "pytest");
    assert.equal(guessFramework("make check"), "unknown");
  });
});

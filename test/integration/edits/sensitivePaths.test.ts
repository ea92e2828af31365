import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findProjectFolder } from "../../../agent-core/edits/projectFolder";
import {
  hiddenFolderOf,
  reviewReasonsFor,
  SENSITIVE_PATHS,
  sensitivePathReason,
} from "../../../agent-core/edits/sensitivePaths";

/** One path per kind of entry, with a word its reason must contain. */
const EXAMPLES: Array<[string, RegExp]> = [
  [".vscode/tasks.json", /VS Code opens the folder/],
  [".vscode/settings.json", /VS Code/],
  [".vscode/launch.json", /debug/],
  [".vscode/extensions.json", /extensions/],
  [".vscode/mcp.json", /MCP server/],
  ["team.code-workspace", /workspace file/],
  [".devcontainer/devcontainer.json", /container/],
  [".devcontainer.json", /container/],
  [".envrc", /direnv/],
  [".env", /environment/],
  [".env.local", /environment/],
  ["package.json", /npm install/],
  ["packages/web/package.json", /npm install/],
  [".npmrc", /npm/],
  [".yarnrc.yml", /yarn/],
  [".pnpmfile.cjs", /pnpm/],
  ["eslint.config.mjs", /ESLint/],
  [".eslintrc.js", /ESLint/],
  ["prettier.config.js", /Prettier/],
  ["Makefile", /make/],
  ["GNUmakefile", /make/],
  ["rules/common.mk", /make/],
  ["CMakeLists.txt", /cmake/],
  ["pyproject.toml", /pip install/],
  ["setup.py", /pip install/],
  ["setup.cfg", /setuptools/],
  ["conftest.py", /pytest/],
  ["pytest.ini", /pytest/],
  ["tox.ini", /tox/],
  ["noxfile.py", /nox/],
  ["requirements-dev.txt", /pip install/],
  [".pre-commit-config.yaml", /commit/],
  [".husky/pre-commit", /git hook/],
  ["lefthook.yml", /git hook/],
  [".github/workflows/ci.yml", /CI/],
  [".github/actions/setup/action.yml", /CI/],
  [".gitlab-ci.yml", /CI/],
  [".circleci/config.yml", /CI/],
  ["Jenkinsfile", /CI/],
  [".travis.yml", /CI/],
  ["azure-pipelines.yml", /CI/],
  ["Dockerfile", /docker build/],
  ["api.Dockerfile", /docker build/],
  ["Containerfile", /docker build/],
  ["docker-compose.override.yml", /docker compose/],
  ["compose.yaml", /docker compose/],
  ["Cargo.toml", /cargo/],
  ["build.rs", /cargo/],
  [".cargo/config.toml", /cargo/],
  ["go.mod", /go build/],
  ["pom.xml", /Maven/],
  ["build.gradle.kts", /Gradle/],
  ["settings.gradle", /Gradle/],
  ["gradle/wrapper/gradle-wrapper.properties", /Gradle/],
  ["gradlew", /Gradle/],
  ["Gemfile", /bundle/],
  ["Rakefile", /rake/],
  [".gitattributes", /git runs/],
  [".gitmodules", /submodule/],
];

describe("sensitive paths", () => {
  it("gives each kind of file that runs code outside the tests its reason", () => {
    for (const [rel, why] of EXAMPLES) {
      const reason = sensitivePathReason(rel);
      assert.ok(reason, `${rel} is sensitive`);
      assert.match(reason, why, rel);
    }
  });

  it("every table entry is exercised by an example and explains itself", () => {
    const reasons = SENSITIVE_PATHS.map((e) => e.reason);
    assert.equal(new Set(reasons).size, reasons.length, "one entry per reason");
    for (const entry of SENSITIVE_PATHS) {
      assert.ok(entry.reason.length > 15, entry.patterns.join(", "));
      assert.ok(
        EXAMPLES.some(([rel]) => sensitivePathReason(rel) === entry.reason),
        `no example for ${entry.patterns.join(", ")}`,
      );
    }
  });

  it("ignores case (case-insensitive file systems), backslashes and ./", () => {
    assert.match(sensitivePathReason(".VSCode/Tasks.JSON") ?? "", /VS Code opens the folder/);
    assert.match(sensitivePathReason("PACKAGE.JSON") ?? "", /npm install/);
    assert.match(sensitivePathReason("makefile") ?? "", /make/);
    assert.match(sensitivePathReason(".github\\workflows\\ci.yml") ?? "", /CI/);
    assert.match(sensitivePathReason("./setup.py") ?? "", /pip install/);
  });

  it("leaves ordinary source files and look-alikes alone", () => {
    for (const rel of [
      "src/index.js",
      "package.json.bak",
      "src/package-json.ts",
      "docs/makefile.md",
      "src/settings.json",
      ".gitignore",
      "src/setup.py.txt",
      "src/build.rs.orig",
      "my-go.mod.txt",
      "environment.ts",
      "src/env.ts",
    ]) {
      assert.equal(sensitivePathReason(rel), undefined, rel);
    }
  });
});

describe("hiddenFolderOf", () => {
  it("names the first folder starting with a dot", () => {
    assert.equal(hiddenFolderOf(".idea/workspace.xml"), ".idea");
    assert.equal(hiddenFolderOf("src/.cache/x.js"), "src/.cache");
    assert.equal(hiddenFolderOf("src/a.js"), undefined);
    assert.equal(hiddenFolderOf(".env"), undefined, "a hidden file in a visible folder");
  });
});

describe("reviewReasonsFor", () => {
  const change = (p: string, after: string, opts: { before?: string; isNew?: boolean } = {}) => ({
    path: p,
    before: opts.before ?? "",
    after,
    isNew: opts.isNew ?? opts.before === undefined,
  });

  it("says why a sensitive file needs review", () => {
    assert.deepEqual(reviewReasonsFor(change(".vscode/tasks.json", "{}"), ""), [
      `.vscode/tasks.json ${sensitivePathReason(".vscode/tasks.json")}`,
    ]);
  });

  it("flags any file in a hidden folder, once per file", () => {
    assert.deepEqual(reviewReasonsFor(change(".idea/runConfigurations/x.xml", "<x/>", { before: "<y/>" }), ""), [
      ".idea/runConfigurations/x.xml is in a hidden folder (.idea), where tools keep their settings",
    ]);
    assert.equal(
      reviewReasonsFor(change(".github/workflows/ci.yml", "on: push"), "").length,
      1,
      "the table's reason is enough",
    );
  });

  it("flags new executable scripts and a #! added to a file", () => {
    assert.match(
      reviewReasonsFor(change("scripts/run", "#!/bin/sh\ntouch x\n"), "").join("\n"),
      /new script \(it starts with #!\)/,
    );
    assert.match(
      reviewReasonsFor(change("tool.py", "#!/usr/bin/env python\nprint(1)\n", { before: "print(1)\n" }), "").join("\n"),
      /starts with #!/,
    );
    assert.deepEqual(
      reviewReasonsFor(
        change("tool.py", "#!/usr/bin/env python\nprint(2)\n", { before: "#!/usr/bin/env python\nprint(1)\n" }),
        "",
      ),
      [],
    );
  });

  it("flags new files outside the target's project, not edits there and not files inside it", () => {
    assert.match(
      reviewReasonsFor(change("packages/other/evil.js", "x"), "packages/web").join("\n"),
      /outside the project of the file being fixed \(packages\/web\)/,
    );
    assert.deepEqual(reviewReasonsFor(change("packages/web/src/new.js", "x"), "packages/web"), []);
    assert.deepEqual(reviewReasonsFor(change("packages/other/old.js", "y", { before: "x" }), "packages/web"), []);
    assert.deepEqual(reviewReasonsFor(change("anywhere/new.js", "x"), ""), [], "the workspace root is the project");
    assert.match(
      reviewReasonsFor(change("packages/webapp/new.js", "x"), "packages/web").join("\n"),
      /outside the project/,
      "a sibling whose name starts alike",
    );
  });

  it("plain source edits need no review", () => {
    assert.deepEqual(reviewReasonsFor(change("src/a.js", "b", { before: "a" }), ""), []);
  });
});

describe("findProjectFolder", () => {
  let ws: string;
  beforeEach(async () => {
    ws = await mkdtemp(path.join(os.tmpdir(), "gl-project-"));
  });
  afterEach(async () => rm(ws, { recursive: true, force: true }));

  const put = async (rel: string) => {
    await mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
    await writeFile(path.join(ws, rel), "");
  };

  it("is the nearest folder above the target with a project file", async () => {
    await put("package.json");
    await put("packages/web/package.json");
    await put("packages/web/src/app.js");
    await put("services/api/pyproject.toml");
    await put("services/api/app/main.py");
    await put("crates/core/Cargo.toml");
    await put("crates/core/src/lib.rs");
    assert.equal(await findProjectFolder(ws, "packages/web/src/app.js"), "packages/web");
    assert.equal(await findProjectFolder(ws, "services/api/app/main.py"), "services/api");
    assert.equal(await findProjectFolder(ws, "crates/core/src/lib.rs"), "crates/core");
  });

  it("is the workspace root when no folder above the target has a project file", async () => {
    await put("src/deep/a.js");
    assert.equal(await findProjectFolder(ws, "src/deep/a.js"), "");
    await put("setup.cfg");
    assert.equal(await findProjectFolder(ws, "src/deep/a.js"), "");
  });

  it("recognises go.mod, pom.xml and setup.cfg", async () => {
    await put("go/svc/go.mod");
    await put("java/app/pom.xml");
    await put("py/lib/setup.cfg");
    assert.equal(await findProjectFolder(ws, "go/svc/cmd/main.go"), "go/svc");
    assert.equal(await findProjectFolder(ws, "java/app/src/main/A.java"), "java/app");
    assert.equal(await findProjectFolder(ws, "py/lib/mod.py"), "py/lib");
  });
});

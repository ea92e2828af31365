/**
 * Files that run code outside the loop's test run (when an editor opens the folder, on install, build, commit or
 * in CI): edits to them always wait for the user, even in auto-approve modes, with the reason shown.
 */

export interface SensitivePath {
  /** Globs matched case-insensitively against the end of the path: `*` within a name, `**` any depth. */
  patterns: string[];
  /** Shown after the path: "package.json runs on npm install/test (its scripts)". */
  reason: string;
}

/*
 * Left out on purpose: `.gitignore` runs nothing (it can only hide files from `git status`, and every new file
 * is in the review anyway); test-runner configs such as jest.config.js run only as part of the tests the loop
 * itself runs, like any source file.
 */
export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  // Editors: run as soon as the folder is opened.
  { patterns: [".vscode/tasks.json"], reason: "runs when VS Code opens the folder (a task with runOn: folderOpen)" },
  {
    patterns: [".vscode/settings.json"],
    reason: "sets which programs VS Code and its extensions run (formatters, linters, terminal)",
  },
  { patterns: [".vscode/launch.json"], reason: "names the programs the debugger starts (and their preLaunchTask)" },
  { patterns: [".vscode/extensions.json"], reason: "makes VS Code offer to install the extensions it recommends" },
  { patterns: [".vscode/mcp.json"], reason: "lists the MCP server programs VS Code starts for its chat" },
  {
    patterns: ["*.code-workspace"],
    reason: "is a workspace file: its settings, tasks and launch configurations act like .vscode's",
  },
  {
    patterns: [".devcontainer/**", ".devcontainer.json"],
    reason: "runs its commands when the folder is opened in a dev container",
  },
  {
    patterns: ["eslint.config.*", ".eslintrc*"],
    reason: "is loaded and run by the ESLint extension as soon as a file of the folder opens",
  },
  {
    patterns: ["prettier.config.*", ".prettierrc*"],
    reason: "is loaded by the Prettier extension when a file is formatted (plugins run)",
  },
  // Shells and environment.
  { patterns: [".envrc"], reason: "runs (direnv) when a shell enters the folder" },
  {
    patterns: [".env", ".env.*"],
    reason: "is loaded into the environment of the tools run here (NODE_OPTIONS or PATH can run other code)",
  },
  // Package managers: install and test commands.
  { patterns: ["package.json"], reason: "runs on npm install/test (its scripts, including install hooks)" },
  { patterns: [".npmrc"], reason: "configures every npm command here (script-shell, node-options)" },
  { patterns: [".yarnrc", ".yarnrc.*"], reason: "configures yarn (yarnPath makes another script act as yarn)" },
  { patterns: [".pnpmfile.cjs", ".pnpmfile.mjs"], reason: "runs on pnpm install" },
  {
    patterns: ["pyproject.toml"],
    reason: "runs on pip install (its build backend) and configures pytest (plugins, addopts)",
  },
  { patterns: ["setup.py"], reason: "runs on pip install" },
  { patterns: ["setup.cfg"], reason: "configures setuptools and pytest (plugins, addopts) for every run here" },
  { patterns: ["requirements*.txt"], reason: "chooses what pip install downloads and runs (package setup scripts)" },
  { patterns: ["conftest.py"], reason: "is imported and run by pytest on every test run, for every test below it" },
  { patterns: ["pytest.ini"], reason: "configures pytest (plugins, addopts) for every test run" },
  { patterns: ["tox.ini"], reason: "lists the commands tox runs (and configures pytest)" },
  { patterns: ["noxfile.py"], reason: "is Python code nox runs (its sessions)" },
  { patterns: ["Gemfile", "*.gemspec"], reason: "is Ruby code bundle install runs" },
  { patterns: ["Rakefile"], reason: "is Ruby code rake runs" },
  // Build tools.
  { patterns: ["Makefile", "GNUmakefile", "*.mk"], reason: "holds the commands make runs" },
  { patterns: ["CMakeLists.txt", "*.cmake"], reason: "runs on cmake configure" },
  { patterns: ["Cargo.toml"], reason: "chooses the build script and dependencies cargo builds and runs" },
  { patterns: ["build.rs"], reason: "runs before every cargo build" },
  { patterns: [".cargo/config.toml", ".cargo/config"], reason: "sets cargo's runner and build flags" },
  {
    patterns: ["go.mod"],
    reason: "chooses the toolchain and code go build/test download and run (toolchain, replace)",
  },
  { patterns: ["pom.xml"], reason: "names the plugins Maven runs on build" },
  {
    patterns: ["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"],
    reason: "is Gradle code run on every build",
  },
  {
    patterns: ["gradlew", "gradlew.bat", "gradle-wrapper.properties"],
    reason: "chooses the Gradle program run on every build",
  },
  { patterns: ["Dockerfile", "Dockerfile.*", "*.dockerfile", "Containerfile"], reason: "runs on docker build" },
  {
    patterns: ["docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml"],
    reason: "starts containers, with their commands and mounts, on docker compose up",
  },
  // Git hooks and git's own helpers.
  { patterns: [".pre-commit-config.yaml"], reason: "runs its hooks on every commit (pre-commit)" },
  { patterns: [".husky/**"], reason: "is a git hook husky runs on commit or push" },
  {
    patterns: ["lefthook.yml", "lefthook.yaml", ".lefthook.yml"],
    reason: "lists the commands lefthook runs as git hooks",
  },
  { patterns: [".gitattributes"], reason: "names the filter and diff drivers git runs on checkout, add and diff" },
  { patterns: [".gitmodules"], reason: "lists the URLs git fetches on submodule update" },
  // CI: runs on push, with the repository's secrets.
  {
    patterns: [
      ".github/workflows/**",
      ".github/actions/**",
      ".gitlab-ci.yml",
      ".circleci/**",
      "Jenkinsfile",
      ".travis.yml",
      "azure-pipelines*.yml",
      "bitbucket-pipelines.yml",
    ],
    reason: "runs in CI on push, with the repository's secrets",
  },
];

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("/")
    .map((seg) => (seg === "**" ? ".+" : seg.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")))
    .join("/");
  return new RegExp(`(?:^|/)${body}$`, "i");
}

const COMPILED = SENSITIVE_PATHS.map((entry) => ({ entry, res: entry.patterns.map(globToRegExp) }));

function slashed(relPath: string): string {
  return relPath
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/** Why editing `relPath` runs code outside the loop's tests, or undefined for an ordinary file. */
export function sensitivePathReason(relPath: string): string | undefined {
  const p = slashed(relPath);
  return COMPILED.find(({ res }) => res.some((re) => re.test(p)))?.entry.reason;
}

/** The first folder of `relPath` whose name starts with a dot ("src/.cache"), or undefined. */
export function hiddenFolderOf(relPath: string): string | undefined {
  const dirs = slashed(relPath).split("/").slice(0, -1);
  const i = dirs.findIndex((d) => d.startsWith("."));
  return i < 0 ? undefined : dirs.slice(0, i + 1).join("/");
}

const startsWithShebang = (text: string) => text.replace(/^\ufeff/, "").startsWith("#!");

/**
 * Why one change needs the user even when the mode auto-approves (besides test files and the danger scan).
 * `projectFolder` is the target's project ("" = the workspace root); new files outside it are flagged.
 */
export function reviewReasonsFor(
  change: { path: string; before: string; after: string; isNew: boolean },
  projectFolder: string,
): string[] {
  const reasons: string[] = [];
  const sensitive = sensitivePathReason(change.path);
  const hidden = hiddenFolderOf(change.path);
  if (sensitive) reasons.push(`${change.path} ${sensitive}`);
  else if (hidden) reasons.push(`${change.path} is in a hidden folder (${hidden}), where tools keep their settings`);
  // Files are written with the default mode, but a #! script is one chmod (or `sh file`) away from running.
  if (startsWithShebang(change.after) && (change.isNew || !startsWithShebang(change.before))) {
    reasons.push(
      `${change.path} is a ${change.isNew ? "new script" : "file turned into a script"} (it starts with #!)`,
    );
  }
  const project = slashed(projectFolder);
  if (
    change.isNew &&
    project !== "" &&
    !slashed(change.path)
      .toLowerCase()
      .startsWith(project.toLowerCase() + "/")
  ) {
    reasons.push(`${change.path} is a new file outside the project of the file being fixed (${project})`);
  }
  return reasons;
}

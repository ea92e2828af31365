// The start-up every browser E2E shares: arguments, the packaged .vsix, code-server with a throwaway workspace,
// Chromium on the workbench, a hard time limit, screenshots and the workbench logs kept in test-artifacts/,
// everything stopped at the end, and the process's exit code.
//   npx tsx test/e2e/<name>.e2e.ts [--vsix file.vsix] [--timeout seconds] [--verbose]
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type BrowserSession, openBrowser } from "../vscode/harness/browser";
import { type CodeServer, startCodeServer } from "../vscode/harness/codeServer";
import { repoRoot, resolveToolPaths } from "../vscode/harness/paths";
import { WorkbenchPage } from "./workbenchPage";

export const STEP_TIMEOUT_MS = 60_000;
export const RUN_TIMEOUT_MS = 180_000;

/** Fails with `message` unless `condition` holds. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** What a scenario's set-up made: the workspace the workbench opens, and what the journey needs besides. */
export interface E2eSetUp {
  workspace: string;
  /** Stops what the set-up started (the workspace itself is removed by the launcher). */
  dispose?: () => Promise<void>;
}

/** One E2E's own part. */
export interface E2eScenario<S extends E2eSetUp> {
  /** Prefix of the log lines ("e2e"). */
  name: string;
  /** Folder below test-artifacts/ for the screenshots and logs. */
  artifacts: string;
  /** Unpacked extensions installed beside the .vsix (the suite's fixtures). */
  linkExtensions?: (root: string) => string[];
  /** Makes the workspace the workbench opens (and anything it needs, such as a model server). */
  setUp(): Promise<S>;
  /** The user journey; each step waits on what the user would see. */
  journey(wb: WorkbenchPage, setUp: S): Promise<void>;
  /** Reads the copied workbench logs after the run (numbers worth printing). */
  afterLogs?(logsDir: string, log: (line: string) => void): void;
}

/** Builds and packages the extension the way users get it; returns the .vsix path. */
function packageVsix(root: string): string {
  const out = path.join(root, ".cache", "e2e", "greenloop-e2e.vsix");
  const result = spawnSync(process.execPath, ["scripts/package/package.mjs", "--out", out], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`Packaging failed (exit ${result.status ?? result.signal})`);
  return out;
}

async function run<S extends E2eSetUp>(scenario: E2eScenario<S>, log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    options: {
      vsix: { type: "string" },
      timeout: { type: "string", default: "600" },
      verbose: { type: "boolean", default: false },
    },
  });
  const hardTimeoutMs = Number(values.timeout) * 1000;
  if (!(hardTimeoutMs > 0)) throw new Error(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const root = repoRoot();
  const tools = resolveToolPaths();
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

  const vsix = values.vsix ? path.resolve(values.vsix) : packageVsix(root);
  log(`vsix ready after ${seconds()} s: ${vsix}`);
  const shotsDir = path.join(root, "test-artifacts", scenario.artifacts);
  rmSync(shotsDir, { recursive: true, force: true });

  const made = await scenario.setUp();
  const { workspace, dispose } = made;
  let codeServer: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let wb: WorkbenchPage | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    codeServer = await startCodeServer({
      tools,
      workspace,
      installVsix: [vsix],
      linkExtensions: scenario.linkExtensions?.(root),
      onLog: values.verbose ? (line) => log(`[code-server] ${line}`) : undefined,
    });
    log(`code-server ready after ${seconds()} s at ${codeServer.url}`);
    browser = await openBrowser(tools.chromium);
    wb = new WorkbenchPage(browser.page, shotsDir, log);
    if (values.verbose) browser.page.on("pageerror", (error) => log(`[browser] ${error.message}`));
    await browser.page.goto(codeServer.workbenchUrl(), { timeout: STEP_TIMEOUT_MS });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`E2E did not finish within ${values.timeout} s`)), hardTimeoutMs);
    });
    await Promise.race([scenario.journey(wb, made), timeout]);
    log(`PASS in ${seconds()} s`);
  } catch (error) {
    await wb?.screenshot("failure").catch(() => undefined);
    throw error;
  } finally {
    // The extension's output channel and the workbench logs explain most failures.
    const logsDir = path.join(shotsDir, "logs");
    if (codeServer) cpSync(path.join(codeServer.stateDir, "user-data", "logs"), logsDir, { recursive: true });
    scenario.afterLogs?.(logsDir, log);
    if (timer) clearTimeout(timer);
    await browser?.close();
    await codeServer?.stop();
    await dispose?.();
    rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Runs the scenario as this process's whole job: exit 0 when it passed, 1 (with the error) when not. */
export function runE2e<S extends E2eSetUp>(scenario: E2eScenario<S>): void {
  const log = (line: string) => process.stdout.write(`[${scenario.name}] ${line}\n`);
  // process.exit runs the exit hooks that stop code-server's process group.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
  run(scenario, log).then(
    () => process.exit(0),
    (error: unknown) => {
      log(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

// CLI: run the same in-host suite under desktop VS Code via @vscode/test-electron.
// Needs internet (it downloads VS Code into .cache/vscode-test) and a display (use xvfb-run on Linux servers).
//   npx tsx test/vscode/harness/runInElectron.ts [--suite file.ts] [--extension dir] [--timeout s]
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTests, TestRunFailedError } from "@vscode/test-electron";
import { buildExtension, buildSuite } from "./build";
import { parseRunnerOptions } from "./cliOptions";
import { repoRoot } from "./paths";

async function main(): Promise<number> {
  const root = repoRoot();
  const options = parseRunnerOptions(process.argv.slice(2), root);
  if (options.build) await buildExtension(root);
  const suiteFile = await buildSuite(options.suiteEntry, path.join(root, ".cache", "vscode-suite", "index.js"), root);

  const workspace = mkdtempSync(path.join(os.tmpdir(), "greenloop-ws-"));
  const userData = mkdtempSync(path.join(os.tmpdir(), "greenloop-electron-"));
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = runTests({
      cachePath: path.join(root, ".cache", "vscode-test"),
      extensionDevelopmentPath: options.extensionPath,
      extensionTestsPath: suiteFile,
      extensionTestsEnv: { GREENLOOP_TEST_WORKSPACE: workspace, GREENLOOP_REPO_ROOT: root },
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--user-data-dir",
        path.join(userData, "user-data"),
        "--extensions-dir",
        path.join(userData, "extensions"),
      ],
    }).catch((error: unknown) => {
      // A failing suite is an exit code, not a crash of this runner.
      if (error instanceof TestRunFailedError) return error.code ?? 1;
      throw error;
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Extension tests did not finish within ${options.timeoutMs / 1000} s`)),
        options.timeoutMs,
      );
    });
    return await Promise.race([run, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
    rmSync(userData, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[runInElectron] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

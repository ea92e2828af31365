// CLI: run the in-host mocha suite inside a real VS Code (code-server 1.139 web workbench + extension host).
//   npx tsx test/vscode/harness/runInCodeServer.ts [--suite file.ts] [--extension dir] [--timeout s] [--verbose]
// The suite sees GREENLOOP_TEST_WORKSPACE (the opened folder, fresh and empty) and GREENLOOP_REPO_ROOT.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildExtension, buildSuite } from "./build";
import { parseRunnerOptions } from "./cliOptions";
import { runExtensionTests } from "./extensionTests";
import { repoRoot, resolveToolPaths } from "./paths";

/** The suite's fixture extensions (another test extension, an editor model provider), loaded beside Greenloop. */
function fixtureExtensions(root: string): string[] {
  const dir = path.join(root, "test", "vscode", "fixtures", "extensions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name));
}

async function main(): Promise<number> {
  const root = repoRoot();
  const options = parseRunnerOptions(process.argv.slice(2), root);
  const tools = resolveToolPaths();
  if (!existsSync(options.suiteEntry)) throw new Error(`Suite entry not found: ${options.suiteEntry}`);

  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (options.build) await buildExtension(root);
  const suiteFile = await buildSuite(options.suiteEntry, path.join(root, ".cache", "vscode-suite", "index.js"), root);
  console.log(`[runInCodeServer] built extension and suite in ${seconds()} s`);

  const workspace = mkdtempSync(path.join(os.tmpdir(), "greenloop-ws-"));
  try {
    const code = await runExtensionTests({
      tools,
      extensionDevelopmentPath: options.extensionPath,
      extraExtensionPaths: fixtureExtensions(root),
      extensionTestsPath: suiteFile,
      workspace,
      env: { GREENLOOP_TEST_WORKSPACE: workspace, GREENLOOP_REPO_ROOT: root },
      timeoutMs: options.timeoutMs,
      verbose: options.verbose,
    });
    console.log(`[runInCodeServer] suite exited with code ${code} after ${seconds()} s`);
    return code;
  } finally {
    rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // process.exit runs the exit hook that kills code-server's process group.
  process.on(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[runInCodeServer] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

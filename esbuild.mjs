// One build script, one entry per target. Type-checking is separate (`npm run typecheck`).

import { existsSync } from "node:fs";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/** Native modules, the editor API, and tsx (resolved at run time to run TypeScript practice projects) stay outside the bundles. */
const nodeExternals = ["vscode", "@lancedb/lancedb", "apache-arrow", "tsx"];

const shared = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: "info",
  legalComments: "none",
};

const targets = [
  {
    ...shared,
    entryPoints: { cli: "agent-core/cli/main.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternals,
    banner: { js: "#!/usr/bin/env node" },
  },
  existsSync("extension/extension.ts") && {
    ...shared,
    entryPoints: { extension: "extension/extension.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternals,
  },
  existsSync("extension/extension.ts") && {
    // The core as its own bundle: the extension requires it on first use, keeping activation light.
    ...shared,
    entryPoints: { core: "agent-core/index.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternals,
  },
  existsSync("webview-ui/main.ts") && {
    ...shared,
    entryPoints: { webview: "webview-ui/main.ts" },
    outdir: "dist",
    platform: "browser",
    format: "iife",
    target: "es2022",
    loader: { ".css": "css" },
  },
].filter(Boolean);

if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}

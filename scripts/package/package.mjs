// npm run package: production build, vsce package for linux-x64 (the only platform LanceDB ships here),
// then verifyVsix. Works without a terminal (CI): vsce never prompts.
//   node scripts/package/package.mjs [--out file.vsix] [--skip-build] [--images-url https://…/]
// --images-url (or GREENLOOP_README_IMAGES_URL): the https folder where the repository's files are published;
// the packed README then shows its pictures from there (VS Code's details page shows https images only).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { withImageBase } from "./readmeImages.mjs";
import { verifyVsix } from "./verifyVsix.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TARGET = "linux-x64";

/** Runs a command in the repository, streaming its output; throws when it fails. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0)
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
}

function timed(label, action) {
  const started = Date.now();
  const value = action();
  console.log(`[package] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    "images-url": { type: "string" },
  },
});
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const out = path.resolve(values.out ?? path.join(ROOT, `${manifest.name}-${manifest.version}-${TARGET}.vsix`));

const imagesUrl = values["images-url"] ?? process.env.GREENLOOP_README_IMAGES_URL;
const scratch = mkdtempSync(path.join(os.tmpdir(), "greenloop-package-"));

try {
  mkdirSync(path.dirname(out), { recursive: true });
  const readmeArgs = [];
  if (imagesUrl) {
    const readme = path.join(scratch, "README.md");
    writeFileSync(readme, withImageBase(readFileSync(path.join(ROOT, "README.md"), "utf8"), imagesUrl));
    readmeArgs.push("--readme-path", readme);
  }
  if (!values["skip-build"]) timed("build", () => run(process.execPath, ["esbuild.mjs", "--production"]));
  const vsce = path.join(ROOT, "node_modules", "@vscode", "vsce", "vsce");
  timed("vsce package", () =>
    run(process.execPath, [
      vsce,
      "package",
      "--target",
      TARGET,
      "--out",
      out,
      "--allow-missing-repository",
      "--no-rewrite-relative-links",
      ...readmeArgs,
    ]),
  );
  console.log(`[package] ${timed("verify", () => verifyVsix(out))}`);
  console.log(`[package] ${out}`);
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

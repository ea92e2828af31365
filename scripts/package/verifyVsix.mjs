// Checks a packed .vsix: only the whitelisted files, the complete run-time closure of LanceDB and Arrow,
// LanceDB really loads and searches and tsx runs, from the unpacked files (no repository node_modules to fall
// back on).
//   node scripts/package/verifyVsix.mjs <file.vsix>
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { imagesNotPacked, isAbsoluteImage, readmeImages } from "./readmeImages.mjs";
import { runtimeClosure } from "./runtimeClosure.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Paths that must never ship: sources, tests, caches, LanceDB's optional extras, maps and declarations. */
const FORBIDDEN = [
  /^extension\/(agent-core|extension|webview-ui|test|scripts|docs|\.cache|\.ci|\.git|\.greenloop|test-artifacts)\//,
  /\/node_modules\/(@huggingface|onnxruntime[^/]*|openai)\//,
  /^extension\/node_modules\/@lancedb\/lancedb\/node_modules\//,
  /^extension\/node_modules\/@types\//,
  /\.map$/,
  /\.vsix$/,
  /^(?!extension\/practice\/).*\.(c|m)?ts$/,
];

/** Entries of a zip file, via Debian's unzip. */
function listEntries(vsix) {
  try {
    return execFileSync("unzip", ["-Z1", vsix], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\n")
      .filter((line) => line && !line.endsWith("/"));
  } catch (error) {
    throw new Error(`Cannot list ${vsix} (is unzip installed? apt-get install -y unzip): ${error.message}`);
  }
}

/** Package directory of a node_modules entry: the deepest node_modules/<name> or node_modules/@scope/<name>. */
function packageDirOf(entry) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(entry);
  return match ? match[1] : undefined;
}

/** Problems with the entry list; empty when the package content is right. */
function checkEntries(entries) {
  const problems = [];
  for (const entry of entries) {
    if (FORBIDDEN.some((pattern) => pattern.test(entry))) problems.push(`must not ship: ${entry}`);
  }
  for (const required of ["extension/package.json", "extension/LICENSE.txt", "extension/dist/extension.js"]) {
    if (!entries.includes(required)) problems.push(`missing: ${required}`);
  }
  const packed = new Set(
    entries
      .map(packageDirOf)
      .filter(Boolean)
      .map((dir) => dir.replace(/^extension\//, "")),
  );
  const expected = runtimeClosure(ROOT);
  for (const dir of expected.keys()) {
    if (!packed.has(dir)) problems.push(`run-time dependency not packed: ${dir}`);
    else if (!entries.includes(`extension/${dir}/package.json`)) problems.push(`package.json not packed: ${dir}`);
  }
  for (const dir of packed) if (!expected.has(dir)) problems.push(`not a run-time dependency, must not ship: ${dir}`);
  return { problems, packages: expected.size };
}

/** Unpacks the .vsix outside the repository; runs a LanceDB write + vector search and tsx from the packed files. */
function runFromUnpackedPackage(vsix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "greenloop-vsix-"));
  try {
    execFileSync("unzip", ["-q", vsix, "-d", dir]);
    const modules = path.join(dir, "extension", "node_modules");
    const probe = `
      process.env.LANCEDB_LOG = "error";
      const lancedb = require(${JSON.stringify(path.join(modules, "@lancedb", "lancedb"))});
      const arrow = require(${JSON.stringify(path.join(modules, "apache-arrow"))});
      (async () => {
        const db = await lancedb.connect(${JSON.stringify(path.join(dir, "db"))});
        const table = await db.createTable("probe", [
          { id: 1, vector: [1, 0, 0, 0] },
          { id: 2, vector: [0, 1, 0, 0] },
        ]);
        const rows = await table.vectorSearch([0, 0.9, 0.1, 0]).distanceType("cosine").limit(1).toArray();
        if (rows[0]?.id !== 2) throw new Error("unexpected search result " + JSON.stringify(rows));
        if (arrow.tableFromArrays({ a: [1, 2] }).numRows !== 2) throw new Error("apache-arrow does not work");
        console.log("ok");
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const result = spawnSync(process.execPath, ["-e", probe], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "" },
      timeout: 120_000,
    });
    if (result.status !== 0 || !result.stdout.includes("ok")) {
      throw new Error(`LanceDB did not load from the unpacked .vsix:\n${result.stdout}${result.stderr}`);
    }
    // tsx runs TypeScript practice tests; it needs its esbuild binary (and that binary's exec bit).
    const script = path.join(dir, "probe.ts");
    writeFileSync(script, "const n: number = 41;\nconsole.log(`tsx ${n + 1}`);\n");
    const tsx = spawnSync(process.execPath, [path.join(modules, "tsx", "dist", "cli.mjs"), script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "", NODE_OPTIONS: "" },
      timeout: 60_000,
    });
    if (tsx.status !== 0 || !tsx.stdout.includes("tsx 42")) {
      throw new Error(`tsx did not run from the unpacked .vsix:\n${tsx.stdout}${tsx.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Verifies `vsix`; throws an Error listing every problem. */
/** The packed README's images that the package does not carry (the extension's details page would show none). */
function readmeProblems(vsix, entries) {
  const readme = entries.find((e) => /^extension\/readme\.md$/i.test(e));
  if (!readme) return ["missing: extension/README.md"];
  const text = execFileSync("unzip", ["-p", vsix, readme], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const packed = entries.filter((e) => e.startsWith("extension/")).map((e) => e.slice("extension/".length));
  const relative = readmeImages(text).filter((ref) => !isAbsoluteImage(ref)).length;
  if (relative > 0)
    console.log(
      `[package] note: ${relative} README images are relative: packed, but VS Code's details page shows https images only (package with --images-url)`,
    );
  return imagesNotPacked(text, packed).map((ref) => `README image not in the package: ${ref}`);
}

export function verifyVsix(vsix) {
  const entries = listEntries(vsix);
  const { problems, packages } = checkEntries(entries);
  problems.push(...readmeProblems(vsix, entries));
  if (problems.length > 0) throw new Error(`${vsix} is not right:\n  ${problems.join("\n  ")}`);
  runFromUnpackedPackage(vsix);
  const megabytes = (statSync(vsix).size / 1024 / 1024).toFixed(1);
  return `${path.basename(vsix)}: ${megabytes} MB, ${entries.length} files, ${packages} run-time packages; LanceDB loads and searches, tsx runs`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const vsix = process.argv[2];
  if (!vsix) {
    console.error("usage: node scripts/package/verifyVsix.mjs <file.vsix>");
    process.exit(2);
  }
  try {
    console.log(verifyVsix(path.resolve(vsix)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

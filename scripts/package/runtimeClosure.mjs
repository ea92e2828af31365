// The installed packages an extension needs at run time, starting from the modules esbuild leaves external.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Packages the bundles load from node_modules at run time: the externals of esbuild.mjs (`vscode` comes from
 * the host) and tsx, which training runs as a program (`require.resolve("tsx/cli")`) for TypeScript projects.
 */
export const RUNTIME_EXTERNALS = ["@lancedb/lancedb", "apache-arrow", "tsx"];

/** Optional native packages for the only target the .vsix ships (vsce package --target linux-x64). */
const PLATFORM_PACKAGE = /(-linux-x64-gnu|^@esbuild\/linux-x64)$/;

/** Finds `name` the way Node's resolver does: in `from`/node_modules, then in each parent's node_modules. */
function resolvePackageDir(name, from, root) {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.resolve(dir) === path.resolve(root)) return undefined;
    dir = path.dirname(dir);
    if (path.basename(dir) === "node_modules") dir = path.dirname(dir);
    if (path.basename(dir).startsWith("@") && path.basename(path.dirname(dir)) === "node_modules") {
      dir = path.dirname(path.dirname(dir));
    }
  }
}

/** Files that carry no code: type declarations, docs, manifests, licences. */
const NOT_CODE = /\.(d\.(c|m)?ts|md|markdown|json|txt)$|^(licen[sc]e|readme|changelog|notice)/i;

/** True when a package ships nothing to load or run (only type declarations and docs, like @types/*). */
function isTypesOnly(dir) {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") stack.push(path.join(current, entry.name));
      } else if (!NOT_CODE.test(entry.name)) {
        return false;
      }
    }
  }
  return true;
}

/**
 * Walks `dependencies` (and optional dependencies that are this platform's native binary) from the externals.
 * Returns package directories relative to `root` (e.g. "node_modules/apache-arrow") mapped to versions.
 * Throws when a required package is not installed.
 */
export function runtimeClosure(root, externals = RUNTIME_EXTERNALS) {
  const found = new Map();
  const visit = (name, from) => {
    const dir = resolvePackageDir(name, from, root);
    if (!dir)
      throw new Error(
        `Run-time dependency "${name}" (needed by ${path.relative(root, from) || "the extension"}) is not installed`,
      );
    const relative = path.relative(root, dir).split(path.sep).join("/");
    if (found.has(relative)) return;
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    if (isTypesOnly(dir)) return;
    found.set(relative, manifest.version);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) {
      if (PLATFORM_PACKAGE.test(dependency)) visit(dependency, dir);
    }
  };
  for (const name of externals) visit(name, root);
  return found;
}

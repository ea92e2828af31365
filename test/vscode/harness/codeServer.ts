// Starts a real VS Code (code-server) on 127.0.0.1 with throwaway state, and stops it by process group.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { VsCodeToolPaths } from "./paths";
import { freePort, type ProcessGroup, spawnGroup } from "./processGroup";

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  tools: VsCodeToolPaths;
  /** Folder the workbench opens. */
  workspace: string;
  /** Needed for extension-host test payloads; it also hides notification toasts. */
  smokeTestDriver?: boolean;
  /** .vsix files installed into the fresh extensions dir before the server starts. */
  installVsix?: string[];
  /**
   * Unpacked extension folders installed as they are: listed in the extensions dir's `extensions.json`. The web
   * workbench keeps only one `extensionDevelopmentPath` from its payload, so more extensions come in this way.
   */
  linkExtensions?: string[];
  /** Extra environment for code-server and, through it, the extension host. */
  env?: Record<string, string>;
  /** Written to the user settings.json (merged over quiet defaults). */
  userSettings?: Record<string, unknown>;
  /** Receives code-server's output lines. */
  onLog?: (line: string) => void;
  /** ms to wait for /healthz (default 60 s). */
  startTimeoutMs?: number;
}

/** A running code-server. */
export interface CodeServer {
  /** e.g. http://127.0.0.1:34567 */
  url: string;
  port: number;
  /** Root of the throwaway state (user data, extensions, XDG, TMPDIR). */
  stateDir: string;
  /** Workbench URL for a folder, with an optional smoke-test payload. */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** `vscode-remote://` URI of a server-side path, for payload entries. */
  remoteUri(absolutePath: string): string;
  /** Stops the whole process group and deletes the throwaway state. */
  stop(): Promise<void>;
}

/** Settings that keep a fresh workbench quiet and offline-friendly. */
const QUIET_SETTINGS: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "git.openRepositoryInParentFolders": "never",
};

/** Max lifetime of a code-server started by the harness, even if the test process is killed. */
const MAX_LIFETIME_SECONDS = 1800;

/** Environment for code-server: no inherited loaders or VS Code variables, all state under `stateDir`. */
function serverEnv(stateDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("VSCODE_") || key.startsWith("ELECTRON_") || key === "NODE_OPTIONS") continue;
    if (key.startsWith("npm_") || key === "PORT" || key === "PASSWORD" || key === "HASHED_PASSWORD") continue;
    env[key] = value;
  }
  for (const dir of ["config", "data", "cache", "tmp"]) mkdirSync(path.join(stateDir, dir), { recursive: true });
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(stateDir, "config"),
    XDG_DATA_HOME: path.join(stateDir, "data"),
    XDG_CACHE_HOME: path.join(stateDir, "cache"),
    TMPDIR: path.join(stateDir, "tmp"),
    ...extra,
  };
}

/** Runs code-server once to install .vsix files into `extensionsDir`. */
async function installExtensions(
  tools: VsCodeToolPaths,
  common: string[],
  env: NodeJS.ProcessEnv,
  vsixFiles: string[],
  onLog?: (line: string) => void,
): Promise<void> {
  const args = [tools.codeServerEntry, ...common];
  for (const vsix of vsixFiles) args.push("--install-extension", vsix);
  args.push("--force");
  const group = spawnGroup(tools.node24, args, { env, maxLifetimeSeconds: 300, onLine: onLog });
  const code = await group.exited;
  await group.stop(0);
  if (code !== 0) throw new Error(`Installing ${vsixFiles.join(", ")} failed (exit ${code}):\n${group.tail()}`);
}

/** Writes the extensions dir's profile (`extensions.json`) listing unpacked extension folders where they are. */
function linkExtensionFolders(extensionsDir: string, folders: string[]): void {
  const entries = folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as {
      publisher?: string;
      name?: string;
      version?: string;
    };
    if (!manifest.publisher || !manifest.name || !manifest.version)
      throw new Error(`${folder}/package.json needs publisher, name and version`);
    return {
      identifier: { id: `${manifest.publisher}.${manifest.name}` },
      version: manifest.version,
      location: { $mid: 1, scheme: "file", path: path.resolve(folder) },
      metadata: { installedTimestamp: Date.now() },
    };
  });
  writeFileSync(path.join(extensionsDir, "extensions.json"), JSON.stringify(entries));
}

/** Polls /healthz until it answers 200, the server exits, or the deadline passes. */
async function waitUntilHealthy(url: string, group: ProcessGroup, timeoutMs: number): Promise<void> {
  let exitedWith: number | string | undefined;
  void group.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedWith !== undefined)
      throw new Error(`code-server exited (${exitedWith}) before it was ready:\n${group.tail()}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms:\n${group.tail()}`);
}

/** Starts code-server on a free loopback port with throwaway user data, extensions, XDG and TMPDIR dirs. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tools } = options;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "greenloop-code-server-"));
  const userDataDir = path.join(stateDir, "user-data");
  const extensionsDir = path.join(stateDir, "extensions");
  mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(userDataDir, "User", "settings.json"),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, 2),
  );
  const configFile = path.join(stateDir, "config.yaml");
  writeFileSync(configFile, "auth: none\n");
  const env = serverEnv(stateDir, options.env ?? {});
  const common = ["--config", configFile, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];

  const cleanupState = () => rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  try {
    if (options.linkExtensions?.length) linkExtensionFolders(extensionsDir, options.linkExtensions);
    if (options.installVsix?.length) await installExtensions(tools, common, env, options.installVsix, options.onLog);
  } catch (error) {
    cleanupState();
    throw error;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    tools.codeServerEntry,
    ...common,
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
  ];
  if (options.smokeTestDriver) args.push("--vscode-option", "enable-smoke-test-driver");
  args.push(options.workspace);

  const group = spawnGroup(tools.node24, args, {
    env,
    cwd: options.workspace,
    maxLifetimeSeconds: MAX_LIFETIME_SECONDS,
    onLine: options.onLog,
  });
  const stop = async () => {
    await group.stop();
    cleanupState();
  };
  try {
    await waitUntilHealthy(url, group, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }

  const remoteUri = (absolutePath: string) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  return {
    url,
    port,
    stateDir,
    remoteUri,
    workbenchUrl(payload) {
      const query = new URLSearchParams({ folder: options.workspace });
      if (payload) query.set("payload", JSON.stringify(payload));
      return `${url}/?${query.toString()}`;
    },
    stop,
  };
}

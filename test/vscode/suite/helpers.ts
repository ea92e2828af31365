/** Shared helpers of the extension-host suite: the extension's test API, settings, a red project on disk. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { GreenloopApi, GreenloopTestApi } from "../../../extension/extension";

export const EXTENSION_ID = "greenloop.greenloop";

/** Activates the extension and returns its test hooks. */
export async function getTestApi(): Promise<GreenloopTestApi> {
  const ext = vscode.extensions.getExtension<GreenloopApi>(EXTENSION_ID);
  if (!ext) throw new Error(`Extension ${EXTENSION_ID} is not installed in this VS Code.`);
  const api = await ext.activate();
  return api.testApi;
}

/** The folder the harness opened (fresh and empty). */
export function workspaceRoot(): string {
  const fromEnv = process.env.GREENLOOP_TEST_WORKSPACE;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const root = fromEnv ?? folder;
  if (!root) throw new Error("No workspace folder is open (set GREENLOOP_TEST_WORKSPACE or open a folder).");
  return root;
}

/** Sets `greenloop.*` settings in the workspace; returns a function restoring the previous values. */
export async function useSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration("greenloop");
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.workspaceValue] as const);
  for (const [key, value] of Object.entries(values))
    await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    const c = vscode.workspace.getConfiguration("greenloop");
    for (const [key, value] of previous) await c.update(key, value, vscode.ConfigurationTarget.Workspace);
  };
}

/** Writes files (relative to `dir`), creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Resolves with the first value `pick` returns for a fired event (checked against `current` first). */
export function waitFor<E, T>(
  event: vscode.Event<E>,
  pick: (e?: E) => T | undefined,
  label: string,
  timeoutMs = 60_000,
): Promise<T> {
  const now = pick();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out waiting for ${label}`));
    }, timeoutMs);
    const sub = event((e) => {
      const value = pick(e);
      if (value === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** The open diff tab whose right side is a Greenloop proposal for `relPath`, if any. */
export function proposalDiffTab(relPath: string): vscode.TabInputTextDiff | undefined {
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    const input = tab.input;
    if (
      input instanceof vscode.TabInputTextDiff &&
      input.modified.scheme === "greenloop-proposal" &&
      input.modified.path === "/" + relPath
    ) {
      return input;
    }
  }
  return undefined;
}

/** Quotes an argv element for greenloop.testCommand (split without a shell). */
export function quoteArg(arg: string): string {
  return /[\s"']/.test(arg) ? JSON.stringify(arg) : arg;
}

/**
 * What a test that started runs leaves behind, undone: the extension's log printed when it failed, a run still
 * going stopped, its settings restored and its model server closed.
 */
export async function cleanUpAfterRun(
  test: Mocha.Context,
  restore?: () => Promise<void>,
  server?: { close(): Promise<void> },
): Promise<void> {
  const api = await getTestApi();
  if (test.currentTest?.state === "failed") console.log(extensionLogTail(api.logUri.fsPath));
  if (api.runs.isRunning) {
    await vscode.commands.executeCommand("greenloop.stop");
    await api.runs.whenIdle();
  }
  await restore?.();
  await server?.close();
}

/** The tail of the extension's log files, for failure messages. */
export function extensionLogTail(logDir: string, lines = 60): string {
  if (!existsSync(logDir)) return `(no log folder ${logDir})`;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith(".log")) files.push(abs);
    }
  };
  walk(logDir);
  return files.map((f) => `--- ${f}\n${readFileSync(f, "utf8").split("\n").slice(-lines).join("\n")}`).join("\n");
}

/** Activates one of the suite's fixture extensions (test/vscode/fixtures/extensions) and returns its exports. */
export async function fixtureApi<T>(id: string): Promise<T> {
  const ext = vscode.extensions.getExtension<T>(id);
  if (!ext) throw new Error(`Fixture extension ${id} is not loaded (see test/vscode/harness/runInCodeServer.ts).`);
  return ext.activate();
}

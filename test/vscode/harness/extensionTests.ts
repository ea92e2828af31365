// Runs an in-host mocha suite inside code-server's extension host, driven through the web workbench.
// code-server rejects --extensionTestsPath on its command line; the smoke-test driver reads the same
// options from the page URL's `payload` and reports through window.codeAutomationLog/Exit.
import { format } from "node:util";
import { openBrowser } from "./browser";
import { type CodeServer, startCodeServer } from "./codeServer";
import type { VsCodeToolPaths } from "./paths";

/** Workbench start-up chatter and offline failures (gallery, GitHub auth) that say nothing about the suite. */
const WORKBENCH_NOISE = [
  /getaddrinfo ENOTFOUND/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
  /authentication provider 'github'/,
];

/** True for log lines the workbench prints on every run (see WORKBENCH_NOISE). */
function isWorkbenchNoise(text: string): boolean {
  return WORKBENCH_NOISE.some((pattern) => pattern.test(text));
}

/** Options for {@link runExtensionTests}. */
export interface ExtensionTestsOptions {
  tools: VsCodeToolPaths;
  /** Folder holding the extension's package.json. */
  extensionDevelopmentPath: string;
  /** Extension folders installed beside it (the suite's fixture extensions), see CodeServerOptions.linkExtensions. */
  extraExtensionPaths?: string[];
  /** Built JS module exporting `run(): Promise<void>`. */
  extensionTestsPath: string;
  /** Folder the workbench opens. */
  workspace: string;
  /** Environment for code-server, inherited by the extension host (and so by the suite). */
  env?: Record<string, string>;
  /** Hard limit for the whole run. */
  timeoutMs: number;
  /** Output sink (default: stdout). */
  log?: (line: string) => void;
  /** Also print code-server's own log and browser errors. */
  verbose?: boolean;
}

/**
 * Starts code-server with the smoke-test driver, opens the workbench with the test payload and resolves with
 * the suite's exit code (0 = all passed). Rejects on timeout. Always stops the browser and code-server.
 */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<number> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const serverLog = options.verbose ? (line: string) => log(`[code-server] ${line}`) : undefined;
  let server: CodeServer | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    server = await startCodeServer({
      tools: options.tools,
      workspace: options.workspace,
      smokeTestDriver: true,
      linkExtensions: options.extraExtensionPaths,
      env: options.env,
      onLog: serverLog,
    });
    const session = await openBrowser(options.tools.chromium);
    closeBrowser = session.close;
    const { page } = session;

    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction("codeAutomationLog", (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (options.verbose || !isWorkbenchNoise(text))
        log(type === "error" || type === "warn" ? `[${type}] ${text}` : text);
    });
    await page.exposeFunction("codeAutomationExit", (code: number) => finish(Number(code)));
    if (options.verbose) {
      page.on("pageerror", (error) => log(`[browser] ${error.message}`));
      page.on("console", (message) => message.type() === "error" && log(`[browser] ${message.text()}`));
    }

    const payload: Array<[string, string]> = [
      ["extensionDevelopmentPath", server.remoteUri(options.extensionDevelopmentPath)],
      ["extensionTestsPath", server.remoteUri(options.extensionTestsPath)],
      ["skipWelcome", "true"],
    ];
    await page.goto(server.workbenchUrl(payload), { timeout: 60_000 });

    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Extension tests did not finish within ${Math.round(options.timeoutMs / 1000)} s`)),
        options.timeoutMs,
      );
    });
    return await Promise.race([exitCode, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    await closeBrowser?.();
    await server?.stop();
  }
}

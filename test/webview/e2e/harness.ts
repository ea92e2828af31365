/**
 * What the webview E2E needs around the page: the bundle built with esbuild into a temp dir, a loopback
 * HTTP server serving the panel's real HTML (same CSP) plus a fake `acquireVsCodeApi`, a headless Chromium,
 * and a recorder of the messages the page posts to its "host".
 */

import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { createNonce, renderPanelHtml } from "../../../extension/panel/html";

/** The page's fake VS Code API: records posted messages (also to Node) and keeps setState in sessionStorage. */
const FAKE_HOST_JS = `(() => {
  const KEY = "greenloop.webviewState";
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error("acquireVsCodeApi called twice");
    acquired = true;
    return {
      postMessage: (m) => window.__hostReceive(JSON.parse(JSON.stringify(m))),
      getState: () => { const s = sessionStorage.getItem(KEY); return s === null ? undefined : JSON.parse(s); },
      setState: (s) => { sessionStorage.setItem(KEY, JSON.stringify(s)); return s; },
    };
  };
})();`;

/** Sizes of the built bundle. */
export interface BundleInfo {
  dir: string;
  jsBytes: number;
  cssBytes: number;
}

/** Builds webview-ui/main.ts the way esbuild.mjs does (browser, iife, minified) into a temp dir. */
export async function buildBundle(repoRoot: string): Promise<BundleInfo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "greenloop-webview-"));
  await esbuild.build({
    entryPoints: { webview: path.join(repoRoot, "webview-ui/main.ts") },
    bundle: true,
    outdir: dir,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    legalComments: "none",
    loader: { ".css": "css" },
    logLevel: "silent",
  });
  const [js, css] = await Promise.all([stat(path.join(dir, "webview.js")), stat(path.join(dir, "webview.css"))]);
  return { dir, jsBytes: js.size, cssBytes: css.size };
}

/** Serves the panel page on 127.0.0.1; resolves with its URL. */
export async function servePanel(bundleDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? "/", origin);
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/") {
      const nonce = createNonce();
      const html = renderPanelHtml({
        cspSource: origin,
        scriptUri: `${origin}/webview.js`,
        styleUri: `${origin}/webview.css`,
        nonce,
      });
      // The fake VS Code API loads first, under the same nonce as the real bundle.
      return send(
        "text/html",
        html.replace("<script ", `<script nonce="${nonce}" src="${origin}/fake-host.js"></script>\n<script `),
      );
    }
    if (url.pathname === "/fake-host.js") return send("text/javascript", FAKE_HOST_JS);
    if (url.pathname === "/webview.js" || url.pathname === "/webview.css") {
      const type = url.pathname.endsWith(".js") ? "text/javascript" : "text/css";
      return send(type, await readFile(path.join(bundleDir, url.pathname.slice(1))));
    }
    // Browsers ask for a favicon; VS Code webviews do not.
    res.writeHead(url.pathname === "/favicon.ico" ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Launches the machine's Chromium headless, isolated. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A posted message, as the fake host saw it. */
export type Posted = { type: string } & Record<string, unknown>;

/** Collects what the page posts to its host; survives reloads (it lives in Node). */
export class HostRecorder {
  readonly messages: Posted[] = [];
  private waiters: Array<{ match: (m: Posted) => boolean; resolve: (m: Posted) => void }> = [];

  /** Wires the page's `window.__hostReceive`. */
  async attach(page: Page): Promise<void> {
    await page.exposeFunction("__hostReceive", (m: Posted) => this.record(m));
  }

  /** The next message matching `match` from now on (or already recorded at index >= `from`). */
  waitFor(match: (m: Posted) => boolean, from = this.messages.length): Promise<Posted> {
    const seen = this.messages.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  private record(m: Posted): void {
    this.messages.push(m);
    const ready = this.waiters.filter((w) => w.match(m));
    this.waiters = this.waiters.filter((w) => !w.match(m));
    ready.forEach((w) => w.resolve(m));
  }
}

/** Posts a host → webview message the way VS Code delivers it (a window message event). */
export async function hostPost(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, "*"), message);
}

/** The theme variables VS Code sets on <html> (subset of Light Modern / Dark Modern). */
const THEMES = {
  light: {
    "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
    "--vscode-font-size": "13px",
    "--vscode-editor-font-family": "'Droid Sans Mono', 'DejaVu Sans Mono', monospace",
    "--vscode-editor-font-size": "12px",
    "--vscode-foreground": "#3b3b3b",
    "--vscode-descriptionForeground": "#6f6f6f",
    "--vscode-editor-background": "#ffffff",
    "--vscode-sideBar-background": "#f8f8f8",
    "--vscode-panel-border": "#e5e5e5",
    "--vscode-focusBorder": "#005fb8",
    "--vscode-button-background": "#005fb8",
    "--vscode-button-foreground": "#ffffff",
    "--vscode-button-hoverBackground": "#0258a8",
    "--vscode-button-secondaryBackground": "#e5e5e5",
    "--vscode-button-secondaryForeground": "#3b3b3b",
    "--vscode-button-secondaryHoverBackground": "#cccccc",
    "--vscode-testing-iconPassed": "#388a34",
    "--vscode-testing-iconFailed": "#e51400",
    "--vscode-testing-iconQueued": "#bf8803",
    "--vscode-textLink-foreground": "#005fb8",
    "--vscode-badge-background": "#cccccc",
    "--vscode-badge-foreground": "#3b3b3b",
    "--vscode-textCodeBlock-background": "#f0f0f0",
    "--vscode-diffEditor-insertedLineBackground": "rgba(155, 185, 85, 0.2)",
    "--vscode-diffEditor-removedLineBackground": "rgba(255, 0, 0, 0.15)",
    "--vscode-input-background": "#ffffff",
    "--vscode-input-border": "#cecece",
    "--vscode-charts-green": "#388a34",
    "--vscode-charts-blue": "#1a85ff",
    "--vscode-charts-purple": "#652d90",
  },
  dark: {
    "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
    "--vscode-font-size": "13px",
    "--vscode-editor-font-family": "'Droid Sans Mono', 'DejaVu Sans Mono', monospace",
    "--vscode-editor-font-size": "12px",
    "--vscode-foreground": "#cccccc",
    "--vscode-descriptionForeground": "#9d9d9d",
    "--vscode-editor-background": "#1f1f1f",
    "--vscode-sideBar-background": "#181818",
    "--vscode-panel-border": "#2b2b2b",
    "--vscode-focusBorder": "#0078d4",
    "--vscode-button-background": "#0078d4",
    "--vscode-button-foreground": "#ffffff",
    "--vscode-button-hoverBackground": "#026ec1",
    "--vscode-button-secondaryBackground": "#313131",
    "--vscode-button-secondaryForeground": "#cccccc",
    "--vscode-button-secondaryHoverBackground": "#3c3c3c",
    "--vscode-testing-iconPassed": "#73c991",
    "--vscode-testing-iconFailed": "#f14c4c",
    "--vscode-testing-iconQueued": "#cca700",
    "--vscode-textLink-foreground": "#4daafc",
    "--vscode-badge-background": "#616161",
    "--vscode-badge-foreground": "#f8f8f8",
    "--vscode-textCodeBlock-background": "#2b2b2b",
    "--vscode-diffEditor-insertedLineBackground": "rgba(155, 185, 85, 0.2)",
    "--vscode-diffEditor-removedLineBackground": "rgba(255, 0, 0, 0.2)",
    "--vscode-input-background": "#313131",
    "--vscode-input-border": "#3c3c3c",
    "--vscode-charts-green": "#89d185",
    "--vscode-charts-blue": "#3794ff",
    "--vscode-charts-purple": "#b180d7",
  },
} as const;

/** Applies a theme the way VS Code does: CSS variables on <html> (CSSOM, allowed by the CSP) and a body class. */
export async function applyTheme(page: Page, theme: keyof typeof THEMES): Promise<void> {
  await page.evaluate(
    ({ vars, theme }) => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.remove("vscode-light", "vscode-dark");
      document.body.classList.add(`vscode-${theme}`);
    },
    { vars: THEMES[theme], theme },
  );
}

/** Removes a temp dir, ignoring errors. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

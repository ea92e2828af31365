/** Webview entry: wires the VS Code API and the window's message events to the panel app. */
import "./zodJitless";
import "./styles.css";
import { PanelApp } from "./app";
import type { VsCodeApi } from "./persist";

declare global {
  // Provided by VS Code inside webviews; callable once per page.
  function acquireVsCodeApi(): VsCodeApi;
}

function boot(): void {
  const root = document.getElementById("app");
  if (!root) return;
  if (typeof globalThis.acquireVsCodeApi !== "function") {
    root.textContent = "This page runs inside the Greenloop panel in VS Code.";
    return;
  }
  const warn = (message: string) => console.warn(`[greenloop] ${message}`);
  const app = new PanelApp(root, acquireVsCodeApi(), warn);
  window.addEventListener("message", (ev: MessageEvent) => {
    // Rendering bugs must not take the page down; the message is dropped and the page keeps working.
    try {
      app.receive(ev.data);
    } catch (error) {
      warn(`failed to handle a message: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  app.start();
}

boot();

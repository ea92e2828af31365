/**
 * The panel's HTML: a strict CSP with a per-load nonce, the bundled script and stylesheet, nothing inline
 * but the nonce'd script tag. No VS Code import, so tests render the same page in a plain browser.
 */
import { randomBytes } from "node:crypto";

/** What the page needs from the webview: where resources come from and their URIs. */
export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)`. */
  styleUri: string;
  nonce: string;
}

/** A fresh nonce for one page load (128 random bits, base64). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The Content-Security-Policy of the panel. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join("; ");
}

/** The whole HTML document of the panel. */
export function renderPanelHtml(input: PanelHtmlInput): string {
  const nonce = escapeAttr(input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(panelCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>Greenloop</title>
</head>
<body>
<div id="app" aria-busy="false"></div>
<script nonce="${nonce}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>
`;
}

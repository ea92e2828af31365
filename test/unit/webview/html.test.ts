import { strict as assert } from "node:assert";
import { createNonce, panelCsp, renderPanelHtml } from "../../../extension/panel/html";

describe("panel HTML", () => {
  const html = renderPanelHtml({
    cspSource: "https://file+.vscode-resource.vscode-cdn.net",
    scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js",
    styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css",
    nonce: "abc123==",
  });

  it("sets a strict CSP with the nonce and nothing remote or inline", () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.equal(csp, panelCsp("https://file+.vscode-resource.vscode-cdn.net", "abc123=="));
    assert.match(
      csp,
      /^default-src 'none'; script-src 'nonce-abc123=='; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net; img-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net data:/,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it("loads exactly one script, with the nonce, and no inline script or style", () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [
      '<script nonce="abc123==" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js">',
    ]);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/);
    assert.doesNotMatch(html, /<style|style="/);
  });

  it("escapes attribute values", () => {
    const evil = renderPanelHtml({
      cspSource: "x",
      scriptUri: '"><script>alert(1)</script>',
      styleUri: "s",
      nonce: "n",
    });
    assert.doesNotMatch(evil, /<script>alert/);
  });

  it("makes a new random nonce each time", () => {
    const a = createNonce();
    assert.notEqual(a, createNonce());
    assert.equal(Buffer.from(a, "base64").length, 16);
  });
});

/**
 * Creates and revives the webview panel (extension/panel). The panel's module (and the zod protocol behind it)
 * is loaded when a panel is first needed, not at activation.
 */
import * as vscode from "vscode";
import type { PanelFactory, PanelHost } from "./panelHost";

/** Must equal GreenloopPanel.viewType (kept here so activation need not load the panel module). */
export const PANEL_VIEW_TYPE = "greenloop.panel";

/** Creates the panel for the panel host; protocol problems go to the log. */
export function greenloopPanelFactory(
  context: vscode.ExtensionContext,
  channel: vscode.LogOutputChannel,
): PanelFactory {
  return async () => {
    const { GreenloopPanel } = await import("./greenloopPanel");
    return GreenloopPanel.createOrShow(context, (m) => channel.warn(m));
  };
}

/** Lets VS Code restore an open panel after a window reload; the host adopts it. */
export function registerPanelSerializer(
  context: vscode.ExtensionContext,
  channel: vscode.LogOutputChannel,
  host: PanelHost,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      const { GreenloopPanel } = await import("./greenloopPanel");
      if (GreenloopPanel.viewType !== PANEL_VIEW_TYPE)
        channel.warn(`Panel view type changed to ${GreenloopPanel.viewType}`);
      host.adopt(GreenloopPanel.revive(panel, { extensionUri: context.extensionUri, log: (m) => channel.warn(m) }));
    },
  });
}

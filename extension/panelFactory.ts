import * as vscode from "vscode";
import { GreenloopPanel, GreenloopPanelSerializer } from "./panel/greenloopPanel";
import type { PanelFactory, PanelHost } from "./panelHost";

/** Creates the webview panel (extension/panel) for the panel host; protocol problems go to the log. */
export function greenloopPanelFactory(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): PanelFactory {
  return () => GreenloopPanel.createOrShow(context, (m) => channel.warn(m));
}

/** Lets VS Code restore an open panel after a window reload; the host adopts it. */
export function registerPanelSerializer(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel, host: PanelHost): vscode.Disposable {
  const serializer = new GreenloopPanelSerializer({ extensionUri: context.extensionUri, log: (m) => channel.warn(m) }, (panel) => host.adopt(panel));
  return vscode.window.registerWebviewPanelSerializer(GreenloopPanel.viewType, serializer);
}

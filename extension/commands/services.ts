import type * as vscode from "vscode";
import type { Logger } from "../../agent-core/ports";
import type { PanelHost } from "../panel/panelHost";
import type { ReviewController } from "../review/reviewController";
import type { CoreModule } from "../run/coreModule";
import type { RunController } from "../run/runController";
import type { ContextKeys } from "../status/contextKeys";
import type { RunStatusBar } from "../status/runStatusBar";
import type { Notices } from "./notices";

/** What command handlers work with; built once in `activate`. */
export interface Services {
  context: vscode.ExtensionContext;
  channel: vscode.LogOutputChannel;
  log: Logger;
  status: RunStatusBar;
  contextKeys: ContextKeys;
  review: ReviewController;
  runs: RunController;
  panels: PanelHost;
  /** Run-end and error notices, with their buttons. */
  notices: Notices;
  loadCore: () => Promise<CoreModule>;
  /** `vscode.workspace.isTrusted`, injectable so tests can check the untrusted path. */
  isTrusted: () => boolean;
}

/** Shows notices (see runMessages.ts) and runs their buttons; remembers the last one for the status bar and tests. */
import * as vscode from "vscode";
import type { Notice, NoticeAction } from "./runMessages";

/** Shows notices and remembers the last one shown. */
export class Notices {
  private lastNotice?: Notice;

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** The last notice shown (for "show it again" and the tests). */
  get last(): Notice | undefined {
    return this.lastNotice;
  }

  /** Shows `notice` without waiting for the user; a button press runs its action. */
  show(notice: Notice): void {
    this.lastNotice = notice;
    const show = {
      info: vscode.window.showInformationMessage,
      warning: vscode.window.showWarningMessage,
      error: vscode.window.showErrorMessage,
    }[notice.level];
    void show(notice.text, ...notice.actions).then((pick) => {
      if (pick) void this.run(pick as NoticeAction, notice);
    });
  }

  /** Shows the last notice again (the status bar after a run that could not start). */
  showAgain(): void {
    if (this.lastNotice) this.show(this.lastNotice);
    else this.channel.show(true);
  }

  private async run(action: NoticeAction, notice: Notice): Promise<void> {
    switch (action) {
      case "Show Panel":
        await vscode.commands.executeCommand("greenloop.showPanel");
        return;
      case "Undo Run":
        await vscode.commands.executeCommand("greenloop.undoLastRun");
        return;
      case "Show Log":
        this.channel.show(true);
        return;
      case "Open Settings":
        await vscode.commands.executeCommand(
          "workbench.action.openSettings",
          notice.settingsQuery ?? "@ext:greenloop.greenloop",
        );
        return;
      case "Set API Key":
        await vscode.commands.executeCommand("greenloop.setApiKey");
        return;
      case "Train on Practice Projects":
        await vscode.commands.executeCommand("greenloop.train");
        return;
    }
  }
}

/**
 * The test a "Fix with Greenloop" menu was used on, from whatever VS Code passes: a TestItem (the Testing view's
 * item menu, the editor gutter) or `{ test, message }` (a failure message's menu in Test Results or the peek).
 */
import * as vscode from "vscode";
import type { TestEvidence } from "../../agent-core/loop/sourceForTest";
import type { GreenloopTestResults, ResultItemInfo } from "./testResults";

/** A test, as far as Greenloop needs it. */
export interface TestRef extends TestEvidence {
  /** What the user sees: the item's label. */
  label: string;
  /** Suite and test names from the outermost suite down (file and folder items left out); empty for a whole file. */
  names: string[];
  /** Set when the item is one of Greenloop's own results: the exact test id the runner printed. */
  greenloop?: ResultItemInfo;
}

/** `TestMessage.stackTrace` (VS Code 1.93+), read when present. */
interface StackFrameLike {
  uri?: vscode.Uri;
  position?: vscode.Position;
}

function isTestItem(value: unknown): value is vscode.TestItem {
  const v = value as Partial<vscode.TestItem> | undefined;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.id === "string" &&
    typeof v.label === "string" &&
    typeof v.children === "object"
  );
}

/** File and folder items (no range, or labelled with their file's name) carry no test name. */
function isContainer(item: vscode.TestItem): boolean {
  if (!item.range) return true;
  if (!item.uri) return false;
  const base = item.uri.path.split("/").pop() ?? "";
  return item.label === base || item.label === vscode.workspace.asRelativePath(item.uri, false);
}

function textOf(message: vscode.TestMessage): string {
  return typeof message.message === "string" ? message.message : message.message.value;
}

/** The TestRef of a command's arguments; undefined when they name no test. */
export function testRefFrom(args: unknown[], results: GreenloopTestResults): TestRef | undefined {
  const first = args[0] as { test?: unknown; message?: unknown } | undefined;
  const item = isTestItem(first) ? first : isTestItem(first?.test) ? first.test : undefined;
  const message = !isTestItem(first) && first?.message instanceof vscode.TestMessage ? first.message : undefined;
  if (!item) return undefined;

  const chain: vscode.TestItem[] = [];
  for (let node: vscode.TestItem | undefined = item; node; node = node.parent) chain.unshift(node);
  // A whole file or folder was chosen: no single test to run first.
  const names =
    isContainer(item) && item.children.size > 0
      ? []
      : chain.filter((node, index) => index === chain.length - 1 || !isContainer(node)).map((node) => node.label);
  const file =
    item.uri?.scheme === "file" ? item.uri.fsPath : chain.map((n) => n.uri).find((u) => u?.scheme === "file")?.fsPath;

  const frames: TestRef["frames"] = [];
  const texts: string[] = [];
  if (message) {
    texts.push(textOf(message));
    if (message.actualOutput) texts.push(message.actualOutput);
    const stack = (message as vscode.TestMessage & { stackTrace?: StackFrameLike[] }).stackTrace ?? [];
    for (const frame of stack) {
      if (frame.uri?.scheme === "file") frames.push({ file: frame.uri.fsPath, line: frame.position?.line ?? 0 });
    }
    if (message.location?.uri.scheme === "file")
      frames.push({ file: message.location.uri.fsPath, line: message.location.range.start.line });
  }
  return {
    label: item.label,
    names,
    file,
    texts,
    frames,
    greenloop: results.infoFor(item),
  };
}

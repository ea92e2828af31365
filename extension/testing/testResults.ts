/**
 * Greenloop's own test runs in the editor's Testing view: every run the loop makes becomes a TestRun of the
 * "Greenloop" controller, with each test passed, failed or skipped (with its duration) under its test file,
 * failures at their locations and expected/actual as a diff. The executor port is observed rather than the
 * loop's events: a run's output holds every test, the events only counts and the first failures.
 */
import * as vscode from "vscode";
import type { Logger, TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { Redactor } from "../../agent-core/secrets/redact";
import type { ProcessResult, TestCaseResult, TestCommand } from "../../agent-core/testing/types";
import type { CoreModule } from "../run/coreModule";
import { errorMessage } from "../util/logger";
import { parseLocation, splitTestId, type TestPlace, TestPlaces } from "./testPlaces";

export const RESULTS_CONTROLLER_ID = "greenloop";
/** `TestMessage.contextValue` of Greenloop's failure messages. */
export const FAILURE_CONTEXT = "greenloop.failure";
const KEEP_RUNS = 50;

type ParseTestOutput = CoreModule["parseTestOutput"];

/** What one test got in a published run (kept for the log and the in-host suite). */
export interface PublishedTest {
  itemId: string;
  testId: string;
  state: "passed" | "failed" | "skipped" | "errored";
  file?: string;
  line?: number;
  durationMs?: number;
  messages: Array<{ text: string; expected?: string; actual?: string; file?: string; line?: number }>;
}

/** One published TestRun. */
export interface PublishedRun {
  name: string;
  command: string;
  tests: PublishedTest[];
}

/** How a Greenloop item was run: enough to run its test again or fix what it exercises. */
export interface ResultItemInfo {
  testId: string;
  cwd: string;
}

function displayArgv(argv: string[]): string {
  return argv.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(" ");
}

/** See the module comment. */
export class GreenloopTestResults implements vscode.Disposable {
  readonly controller: vscode.TestController;
  /** The latest runs, newest last. */
  readonly published: PublishedRun[] = [];
  private readonly published$ = new vscode.EventEmitter<PublishedRun>();
  readonly onDidPublish = this.published$.event;
  private readonly info = new Map<string, ResultItemInfo>();

  constructor(private readonly log: Logger) {
    this.controller = vscode.tests.createTestController(RESULTS_CONTROLLER_ID, "Greenloop");
  }

  /** What Greenloop knows about one of its items; undefined for other controllers' items. */
  infoFor(item: vscode.TestItem): ResultItemInfo | undefined {
    return this.info.get(item.id);
  }

  /**
   * Wraps the executor of one fix run: each test run it makes is published. The run's first results replace
   * the previous run's items, so the Testing view shows the current run's tests.
   */
  observe(tests: TestExecutor, parse: ParseTestOutput, redactor: Pick<Redactor, "redact">): TestExecutor {
    let first = true;
    return {
      execute: async (command, options) => {
        const fresh = first;
        first = false;
        return this.execute(tests, { parse, redactor, fresh }, command, options);
      },
    };
  }

  private async execute(
    inner: TestExecutor,
    how: { parse: ParseTestOutput; redactor: Pick<Redactor, "redact">; fresh: boolean },
    command: TestCommand,
    options: TestExecOptions,
  ): Promise<ProcessResult> {
    const run = this.controller.createTestRun(new vscode.TestRunRequest(), `Greenloop: ${options.label}`, true);
    const shown = displayArgv(command.argv);
    run.appendOutput(`> ${how.redactor.redact(shown)}\r\n`);
    try {
      const result = await inner.execute(command, options);
      try {
        await this.publish(run, how, command, result, options.timeoutMs, shown);
      } catch (error) {
        this.log.warn(`Could not show the test results in the Testing view: ${errorMessage(error)}`);
      }
      return result;
    } finally {
      run.end();
    }
  }

  private async publish(
    run: vscode.TestRun,
    how: { parse: ParseTestOutput; redactor: Pick<Redactor, "redact">; fresh: boolean },
    command: TestCommand,
    result: ProcessResult,
    timeoutMs: number,
    shown: string,
  ): Promise<void> {
    const redact = (text: string) => how.redactor.redact(text);
    const report = how.parse(command.framework, result.output, result.exitCode, { cwd: command.cwd });
    if (result.output) run.appendOutput(redact(result.output).replace(/\r?\n/g, "\r\n"));
    if (how.fresh) {
      this.controller.items.replace([]);
      this.info.clear();
    }
    const record: PublishedRun = { name: run.name ?? "", command: shown, tests: [] };
    const named = [
      ...command.argv.slice(1).filter((a) => !a.startsWith("-")),
      ...report.failures.map((f) => parseLocation(f.location, command.cwd)?.file ?? ""),
    ];
    const places = new TestPlaces(command.cwd, named.filter(Boolean));
    for (const test of report.tests) {
      const place = await places.place(test);
      const item = this.itemFor(test.id, place, command.cwd);
      const published: PublishedTest = {
        itemId: item.id,
        testId: test.id,
        state: test.status,
        file: place.file,
        line: place.line,
        durationMs: test.durationMs,
        messages: [],
      };
      if (test.status === "passed") run.passed(item, test.durationMs);
      else if (test.status === "skipped") run.skipped(item);
      else {
        const message = this.message(test, item, command.cwd, redact);
        run.failed(item, message, test.durationMs);
        published.messages.push(describe(message));
      }
      record.tests.push(published);
    }
    // Failures that belong to no test (a hook, a file that does not load, a run that hangs): the run's own item.
    const ofRun = report.failures.filter((f) => !report.tests.includes(f));
    if (ofRun.length > 0 || result.timedOut) {
      const item = this.runItem(command.cwd);
      const messages = ofRun.map((f) => this.message(f, item, command.cwd, redact));
      if (result.timedOut)
        messages.unshift(
          new vscode.TestMessage(
            `The test command was stopped after ${Math.round(timeoutMs / 1000)} s (a hang or an infinite loop?).`,
          ),
        );
      run.errored(item, messages);
      record.tests.push({ itemId: item.id, testId: "(test run)", state: "errored", messages: messages.map(describe) });
    }
    this.published.push(record);
    if (this.published.length > KEEP_RUNS) this.published.shift();
    this.published$.fire(record);
  }

  /** The item of a test: file → suites → test, created on first sight. */
  private itemFor(testId: string, place: TestPlace, cwd: string): vscode.TestItem {
    const { names } = splitTestId(testId);
    const uri = place.file ? vscode.Uri.file(place.file) : undefined;
    let node = uri
      ? this.topItem(uri.toString(), vscode.workspace.asRelativePath(uri, false), uri)
      : this.topItem(`greenloop-unplaced:${cwd}`, `Tests in ${this.folderLabel(cwd)}`);
    names.forEach((name, index) => {
      const id = `${node.id}${index === 0 ? "#" : " > "}${name}`;
      let child = node.children.get(id);
      if (!child) {
        child = this.controller.createTestItem(id, name, uri);
        node.children.add(child);
      }
      if (index === names.length - 1 && place.line !== undefined)
        child.range = new vscode.Range(place.line, 0, place.line, 0);
      node = child;
    });
    this.info.set(node.id, { testId, cwd });
    return node;
  }

  private runItem(cwd: string): vscode.TestItem {
    return this.topItem(`greenloop-run:${cwd}`, `Test run in ${this.folderLabel(cwd)}`);
  }

  private topItem(id: string, label: string, uri?: vscode.Uri): vscode.TestItem {
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, label, uri);
      this.controller.items.add(item);
    }
    return item;
  }

  private folderLabel(cwd: string): string {
    const rel = vscode.workspace.asRelativePath(vscode.Uri.file(cwd), false);
    return rel === cwd || rel === "" ? "the workspace" : rel;
  }

  private message(
    test: TestCaseResult,
    item: vscode.TestItem,
    cwd: string,
    redact: (text: string) => string,
  ): vscode.TestMessage {
    const text = redact(test.message || "Failed");
    const message =
      test.expected !== undefined && test.actual !== undefined
        ? vscode.TestMessage.diff(text, redact(test.expected), redact(test.actual))
        : new vscode.TestMessage(text);
    const at = parseLocation(test.location, cwd);
    if (at) message.location = new vscode.Location(vscode.Uri.file(at.file), new vscode.Position(at.line, 0));
    else if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
    message.contextValue = FAILURE_CONTEXT;
    return message;
  }

  dispose(): void {
    this.controller.dispose();
    this.published$.dispose();
  }
}

function describe(message: vscode.TestMessage): PublishedTest["messages"][number] {
  return {
    text: typeof message.message === "string" ? message.message : message.message.value,
    expected: message.expectedOutput,
    actual: message.actualOutput,
    file: message.location?.uri.fsPath,
    line: message.location?.range.start.line,
  };
}

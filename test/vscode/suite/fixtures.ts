/** What the suite's fixture extensions export (test/vscode/fixtures/extensions/*). */
import type * as vscode from "vscode";
import { fixtureApi } from "./helpers";

/** A result VS Code holds for one test item of any controller (from the testObserver API). */
export interface ObservedResult {
  run: number;
  id: string;
  label: string;
  file?: string;
  line?: number;
  states: Array<{
    state: string;
    duration?: number;
    messages: Array<{ message: string; expected?: string; actual?: string; file?: string; line?: number }>;
  }>;
}

/** "Other Tests": stands in for another test extension. */
export interface OtherTestsFixture {
  controller: vscode.TestController;
  failingTest(test: {
    file: string;
    suites?: string[];
    name: string;
    line: number;
    message: string;
    expected?: string;
    actual?: string;
    stack?: Array<{ label: string; file: string; line: number }>;
  }): { item: vscode.TestItem; message: vscode.TestMessage };
  results(): ObservedResult[];
  onDidChangeTestResults: vscode.Event<void>;
}

/** A request the fixture model received. */
export interface FixtureModelRequest {
  model: string;
  messages: Array<{ role: number; text: string }>;
  token: vscode.CancellationToken;
}

/** "Editor Models": one language model answering from a script. */
export interface EditorModelsFixture {
  model: { id: string; name: string; vendor?: string };
  script(fn: (request: FixtureModelRequest) => string | Promise<string>): void;
  requests: FixtureModelRequest[];
  cancelledCount(): number;
}

export const otherTests = () => fixtureApi<OtherTestsFixture>("greenloop-fixtures.other-tests");
export const editorModels = () => fixtureApi<EditorModelsFixture>("greenloop-fixtures.editor-models");

/**
 * Entry of the extension-host suite: runs inside a real VS Code (code-server or desktop) and exports
 * `run()`. Suites are imported explicitly and registered after mocha has installed its globals, so the same
 * file works bundled (esbuild) or loaded as TypeScript.
 */
import Mocha from "mocha";
import { registerActivationSuite } from "./activation.suite";
import { registerDiscoverabilitySuite } from "./discoverability.suite";
import { registerEditorModelsSuite } from "./editorModels.suite";
import { registerEverydaySuite } from "./everyday.suite";
import { registerFixRunSuite } from "./fixRun.suite";
import { registerFocusSuite } from "./focus.suite";
import { registerMultiFileSuite } from "./multiFile.suite";
import { registerTaskOverheadSuite } from "./taskOverhead.suite";
import { registerTaskStartSuite } from "./taskStart.suite";
import { registerTaskSuite } from "./tasks.suite";
import { registerTestExplorerSuite } from "./testExplorer.suite";
import { registerTrainingSuite } from "./training.suite";
import { registerTrustSuite } from "./trust.suite";
import { registerWorkspaceFilesSuite } from "./workspaceFiles.suite";

export async function run(): Promise<void> {
  // GREENLOOP_SUITE_GREP narrows the run while debugging one test.
  const grep = process.env.GREENLOOP_SUITE_GREP;
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 120_000, reporter: "spec", ...(grep ? { grep } : {}) });
  mocha.suite.emit("pre-require", globalThis, "greenloop-extension-suite", mocha);
  registerActivationSuite();
  registerDiscoverabilitySuite();
  registerTrustSuite();
  registerTaskSuite();
  registerTaskOverheadSuite();
  registerTaskStartSuite();
  registerWorkspaceFilesSuite();
  registerFixRunSuite();
  registerFocusSuite();
  registerEverydaySuite();
  registerMultiFileSuite();
  registerTestExplorerSuite();
  registerEditorModelsSuite();
  registerTrainingSuite();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed.`);
}

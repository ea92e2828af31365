/**
 * Webview E2E: the real bundle in headless Chromium behind the panel's real CSP, driven by a recorded run.
 * Run: `npx tsx test/webview/webview.e2e.ts` (exit 0 = pass). Screenshots go to test-artifacts/webview/.
 */
import { strict as assert } from "node:assert";
import { mkdir } from "node:fs/promises";
import * as path from "node:path";
import type { Page } from "playwright-core";
import {
  applyTheme,
  buildBundle,
  HostRecorder,
  hostPost,
  launchBrowser,
  type Posted,
  removeDir,
  servePanel,
} from "./e2e/harness";
import {
  eventsAfterDecision,
  eventsBeforeDecision,
  PROPOSAL_ID,
  recordedProposal,
  TARGET,
} from "./fixtures/recordedRun";
import { recordedTrainingReport } from "./fixtures/trainingReport";

const REPO_ROOT = path.resolve(__dirname, "../..");
const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/webview");

const isType = (type: string) => (m: Posted) => m.type === type;

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  await fn();
  console.log(`  ✔ ${name}`);
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allInnerTexts();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Tabs forward from the top of the page until `label` has focus; fails after `max` presses. */
async function tabTo(page: Page, label: string, max = 40): Promise<number> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))) === label) return presses;
  }
  throw new Error(`Tab never reached "${label}"`);
}

async function main(): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  const bundle = await buildBundle(REPO_ROOT);
  console.log(`webview bundle: webview.js ${bundle.jsBytes} bytes, webview.css ${bundle.cssBytes} bytes (minified)`);
  const server = await servePanel(bundle.dir);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const warnings: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 960, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
      if (msg.type() === "warning") warnings.push(msg.text());
    });
    const host = new HostRecorder();
    await host.attach(page);

    await step("says ready first and shows the empty state", async () => {
      const ready = host.waitFor(isType("ready"));
      await page.goto(server.url);
      const first = await ready;
      assert.equal(host.messages[0], first);
      assert.equal(first.restored, undefined);
      await hostPost(page, { type: "state", snapshot: { events: [], interrupted: false } });
      await page.getByRole("heading", { name: "No run yet" }).waitFor();
      await applyTheme(page, "light");
    });

    await step("renders a streamed run: iterations, tests, patches, memory hits, budget", async () => {
      for (const event of eventsBeforeDecision()) await hostPost(page, { type: "event", event });
      await hostPost(page, { type: "proposal", proposal: recordedProposal() });
      await hostPost(page, { type: "training", report: recordedTrainingReport() });
      await page.locator("[data-testid=hunk]").nth(1).waitFor();
      assert.equal(await page.locator("[data-testid=iteration]").count(), 3);
      assert.equal(await page.getByTestId("run-status").innerText(), "Running · iteration 3 · waiting for your review");
      const statuses = await texts(page, "[data-testid=patch-status]");
      assert.deepEqual(statuses, [
        "reverted: Tests got worse: 2 failing, 1 before",
        "applied",
        "waiting for your approval",
      ]);
      const failures = await texts(page, ".failure-title strong");
      assert.deepEqual(failures, [
        "cart > applies percentage discount",
        "cart > total rounds to cents",
        "cart > total rounds to cents",
      ]);
      assert.match(await page.locator(".iteration").nth(2).innerText(), /2 model calls · 1 malformed/);
      assert.equal(await page.locator("[data-testid=memory-hit]").count(), 2);
      assert.match(
        await page.locator("[data-testid=memory-hit]").first().innerText(),
        /similarity 0\.93\s+ranking 0\.88\s+edit match 0\.81/,
      );
      assert.doesNotMatch(
        await page.locator("[data-testid=memory-hit]").nth(1).innerText(),
        /edit match/,
        "no change, no edit match",
      );
      assert.equal(await page.locator(".budget meter").count(), 3);
      assert.equal(await page.getByRole("button", { name: "Stop the run" }).isEnabled(), true);
      assert.equal(await page.getByRole("button", { name: /^Undo/ }).isEnabled(), false);
      assert.equal(
        await page.getByTestId("proposal-summary").innerText(),
        "2 of 2 hunks undecided (undecided hunks are rejected on submit).",
      );
    });

    await step("mirrors a decision made in the diff editor", async () => {
      await hostPost(page, { type: "hunk-decided", proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: true });
      await page.locator("[data-testid=hunk][data-decision=accepted]").waitFor();
      assert.equal(await page.locator("[data-testid=hunk]").nth(1).getAttribute("data-decision"), "accepted");
    });

    const hunk1 = `Accept hunk 1 of 2 in ${TARGET}`;
    const hunk2Reject = `Reject hunk 2 of 2 in ${TARGET}`;
    await step("keyboard: Tab reaches the hunk buttons and Enter accepts hunk 1", async () => {
      const presses = await tabTo(page, hunk1);
      assert.ok(presses > 1);
      const posted = host.waitFor((m) => m.type === "decide-hunk" && m.hunk === 0);
      await page.keyboard.press("Enter");
      const m = await posted;
      assert.deepEqual(
        { ...m, requestId: undefined },
        { type: "decide-hunk", requestId: undefined, proposalId: PROPOSAL_ID, path: TARGET, hunk: 0, accept: true },
      );
      await page.locator(`[aria-label="${hunk1}"][aria-pressed="true"]`).waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
        hunk1,
        "focus stays on the button after re-render",
      );
    });

    await step("click Reject on hunk 2: the right message reaches the host with a request id", async () => {
      const posted = host.waitFor((m) => m.type === "decide-hunk" && m.hunk === 1);
      await page.getByRole("button", { name: hunk2Reject }).click();
      const m = await posted;
      assert.equal(m.accept, false);
      assert.equal(m.proposalId, PROPOSAL_ID);
      const decisions = host.messages.filter(isType("decide-hunk"));
      assert.equal(decisions.length, 2);
      const ids = decisions.map((d) => d.requestId);
      assert.ok(ids.every((id) => typeof id === "string" && id.length > 0) && ids[0] !== ids[1]);
      for (const requestId of ids) await hostPost(page, { type: "reply", requestId, ok: true });
      await page.getByTestId("proposal-summary").filter({ hasText: "1 accepted, 1 rejected." }).waitFor();
      await page.locator("#feedback").fill("Keep debug output out of src/.");
      await screenshot(page, "proposal-light");
      await applyTheme(page, "dark");
      await screenshot(page, "proposal-dark");
      await page.setViewportSize({ width: 520, height: 900 });
      await screenshot(page, "proposal-narrow-dark");
      await page.setViewportSize({ width: 960, height: 900 });
    });

    await step("invalid messages are dropped; the page keeps working", async () => {
      const bad = [
        "hello",
        null,
        42,
        { type: "nonsense" },
        { type: "event", event: { type: "bogus", runId: "x", at: 1 } },
        { type: "reply" },
        { type: "proposal", proposal: { proposalId: 7 } },
      ];
      for (const m of bad) await hostPost(page, m);
      const submitted = host.waitFor(isType("submit-decision"));
      await page.getByRole("button", { name: "Submit decision" }).click();
      const m = await submitted;
      assert.equal(m.proposalId, PROPOSAL_ID);
      assert.equal(m.feedback, "Keep debug output out of src/.");
      assert.equal(warnings.filter((w) => w.includes("dropped invalid message")).length, bad.length);
      await hostPost(page, { type: "reply", requestId: m.requestId, ok: false, error: "the review was closed" });
      await page.getByRole("alert").waitFor();
      assert.match(await page.getByRole("alert").innerText(), /Submitting the decision failed: the review was closed/);
      await page.getByRole("button", { name: "Dismiss" }).click();
      assert.equal(await page.getByRole("alert").count(), 0);
    });

    await step("finishes green: status, reason, proposal closed, Undo available", async () => {
      for (const event of eventsAfterDecision()) await hostPost(page, { type: "event", event });
      await page.getByText("Green: all tests pass").waitFor();
      assert.equal(await page.getByTestId("proposal").count(), 0);
      assert.match(await page.locator(".header").innerText(), /Stop reason\s+All 6 tests pass/i);
      assert.match(await page.locator(".header").innerText(), /6 passed, 0 failed/);
      assert.equal((await texts(page, "[data-testid=patch-status]"))[2], "applied (1/2 hunks approved)");
      assert.equal(await page.getByRole("button", { name: "Stop the run" }).isEnabled(), false);
      assert.equal(await page.getByRole("button", { name: /^Undo/ }).isEnabled(), true);
      assert.equal(await page.getByTestId("live").innerText(), "Run finished: All 6 tests pass");
      await page.getByText("Reflection").first().click();
      await screenshot(page, "run-dark");
      await applyTheme(page, "light");
      await screenshot(page, "run-light");
    });

    await step("training dashboard: table, learning curve and memory comparison charts", async () => {
      await page.getByRole("tab", { name: "Run" }).focus();
      await page.keyboard.press("ArrowRight");
      assert.equal(await page.getByRole("tab", { name: "Training" }).getAttribute("aria-selected"), "true");
      assert.equal(host.messages.filter(isType("show-training")).length, 0, "a loaded report is not requested again");
      const learning = page.getByTestId("chart-learning");
      assert.equal(await learning.locator("svg polyline").count(), 2);
      const report = recordedTrainingReport();
      const solved = report.runs.map((r) => `${Math.round(r.passRateFinal * 100)}%`).join(", ");
      assert.equal(await learning.locator("svg circle").count(), 2 * report.runs.length);
      assert.match((await learning.locator("svg").getAttribute("aria-label")) ?? "", new RegExp(`Solved: ${solved}`));
      assert.equal(await page.getByTestId("chart-memory").locator("svg rect").count(), 6);
      const projects = new Set(report.runs.flatMap((r) => r.projects.map((p) => p.id)));
      assert.equal(await page.locator("[data-testid=training-table] tbody tr").count(), projects.size);
      assert.equal(await page.locator("[data-testid=training-table] thead th").count(), 1 + report.runs.length);
      await screenshot(page, "training-light");
      await applyTheme(page, "dark");
      await screenshot(page, "training-dark");
    });

    await step("training progress goes to the Training tab only: the Run tab keeps the user's run", async () => {
      await page.getByRole("tab", { name: "Run" }).click();
      const started = Date.now();
      const progress = (over: object) => ({ status: "running", startedAt: started, total: 3, done: [], ...over });
      await hostPost(page, { type: "training-progress", progress: progress({ current: "javascript/collections" }) });
      await page.getByTestId("training-progress").filter({ hasText: "Practising javascript/collections" }).waitFor();
      assert.equal(
        await page.getByRole("tab", { name: "Training" }).getAttribute("aria-selected"),
        "true",
        "a training just started is shown",
      );
      await hostPost(page, {
        type: "training-progress",
        progress: progress({
          current: "python/dates",
          done: [
            { id: "javascript/collections", solved: true },
            { id: "typescript/matrix", solved: false, reason: "Stopped after 8 iterations: 2 tests still fail." },
          ],
        }),
      });
      await page.getByTestId("training-progress").filter({ hasText: "2 of 3 projects done, 1 solved" }).waitFor();
      assert.match(
        await page.getByTestId("training-progress").innerText(),
        /✗ typescript\/matrix — Stopped after 8 iterations: 2 tests still fail\./,
      );
      const headline = "2 of 3 projects solved (67%), 1 on the first try; 9 model calls, 21,400 tokens, 2.1 min";
      await hostPost(page, {
        type: "training-progress",
        progress: progress({
          status: "finished",
          message: headline,
          done: [
            { id: "a/b", solved: true },
            { id: "c/d", solved: true },
            { id: "e/f", solved: false, reason: "out of iterations" },
          ],
        }),
      });
      await page.getByTestId("training-progress").filter({ hasText: "Training finished" }).waitFor();
      assert.equal(await page.getByTestId("live").innerText(), `Training finished: ${headline}`);
      // Every ✗ in the table says why; iterations over several tries say so.
      const failed = page.locator("[data-testid=training-table] td.cell-failed").first();
      // The recorded report's unsolved project: iterations over both tries, and the loop's reason.
      assert.match(await failed.innerText(), /✗\s+\d+ it \/ 2 tries · [\d.,k]+ tok\s+Tests still fail/);
      assert.match((await failed.getAttribute("title")) ?? "", /\d+ iterations over 2 tries/);
      await hostPost(page, {
        type: "training-progress",
        progress: progress({
          status: "failed",
          message:
            "Training stopped: the model did not answer (javascript/collections): Cannot reach the model server. No run was added to the training report.",
        }),
      });
      await page.getByRole("alert").filter({ hasText: "No run was added" }).waitFor();
      await screenshot(page, "training-progress-light");
      await page.getByRole("tab", { name: "Run" }).click();
      assert.equal(
        await page.getByTestId("run-status").innerText(),
        "Green: all tests pass",
        "the user's run is still there",
      );
      assert.equal(await page.locator("[data-testid=iteration]").count(), 3);
      await page.getByRole("tab", { name: "Training" }).click();
    });

    await step("reload restores the page from getState before the host answers", async () => {
      const readyAgain = host.waitFor(isType("ready"));
      await page.reload();
      const ready = await readyAgain;
      const restored = ready.restored as { events: unknown[] } | undefined;
      assert.equal(restored?.events.length, eventsBeforeDecision().length - 1 + eventsAfterDecision().length);
      assert.equal(await page.getByRole("tab", { name: "Training" }).getAttribute("aria-selected"), "true");
      assert.equal(await page.getByTestId("chart-memory").count(), 1);
      await page.getByRole("tab", { name: "Run" }).click();
      assert.equal(await page.locator("[data-testid=iteration]").count(), 3);
      assert.equal(await page.getByTestId("run-status").innerText(), "Green: all tests pass");
    });

    await step("after Undo the run no longer says green and Undo is off", async () => {
      const runId = eventsBeforeDecision()[0].runId;
      await hostPost(page, { type: "undo-state", runId, state: "undone" });
      await page.getByTestId("run-status").filter({ hasText: "Undone: the run's changes were taken back" }).waitFor();
      assert.equal(await page.getByRole("button", { name: /^Undo/ }).isEnabled(), false);
      assert.equal(await page.getByTestId("live").innerText(), "The run's changes were taken back");
    });

    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    assert.deepEqual(violations, [], "no CSP violations");
    assert.deepEqual(pageErrors, [], "no uncaught errors");
    assert.deepEqual(consoleErrors, [], "no console errors");
    console.log(
      `  ✔ no uncaught errors, console errors or CSP violations; screenshots in ${path.relative(REPO_ROOT, ARTIFACTS)}/`,
    );
  } finally {
    await browser.close();
    await server.close();
    await removeDir(bundle.dir);
  }
}

// A hung browser must not hang CI: fail after 3 minutes.
const watchdog = setTimeout(() => {
  console.error("webview E2E timed out");
  process.exit(1);
}, 180_000);
watchdog.unref();

main().then(
  () => {
    console.log("webview E2E passed");
    process.exit(0);
  },
  (err: unknown) => {
    console.error("webview E2E failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

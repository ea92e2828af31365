/**
 * The panel at 275 px, the width of a narrow side column: nothing scrolls sideways, charts stay inside their
 * cards, and a hunk's code can be read (wrapped or scrolled inside its card, never cut off).
 * Run: `npx tsx test/webview/narrow.e2e.ts` (exit 0 = pass). Screenshots go to test-artifacts/webview/.
 */
import { strict as assert } from "node:assert";
import { mkdir } from "node:fs/promises";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { applyTheme, buildBundle, HostRecorder, hostPost, launchBrowser, removeDir, servePanel } from "./e2e/harness";
import { eventsBeforeDecision, recordedProposal } from "./fixtures/recordedRun";
import { recordedTrainingReport } from "./fixtures/trainingReport";

const REPO_ROOT = path.resolve(__dirname, "../..");
const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/webview");
const WIDTH = 275;

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  await fn();
  console.log(`  ✔ ${name}`);
}

/** The page's horizontal overflow, and the elements reaching past the viewport (for the failure message). */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; past: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const width = root.clientWidth;
    const past: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      // Content inside a sideways-scrolling box is reachable; only the box itself counts.
      const scroller = el.parentElement?.closest(".diff, .table-scroll");
      if (scroller && scroller !== el) continue;
      const cls = typeof el.className === "string" && el.className ? `.${el.className.split(" ").join(".")}` : "";
      past.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, past: past.slice(0, 12) };
  });
}

async function assertNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const o = await horizontalOverflow(page);
  assert.ok(
    o.scrollWidth <= o.clientWidth,
    `${where} scrolls sideways at ${WIDTH} px: ${o.scrollWidth} px of content in ${o.clientWidth} px; past the edge: ${o.past.join(", ")}`,
  );
}

/** Every svg chart's box and every one of its shapes lie within the card around it. */
async function assertChartsInsideCards(page: Page): Promise<void> {
  const outside = await page.evaluate(() => {
    const bad: string[] = [];
    const svgs = Array.from(document.querySelectorAll("svg.chart"));
    for (const svg of svgs) {
      const card = svg.closest(".card")!.getBoundingClientRect();
      const parts: Array<[string, Element]> = [["svg", svg]];
      for (const shape of Array.from(svg.querySelectorAll("polyline, circle, rect, text")))
        parts.push([shape.tagName, shape]);
      for (const [name, el] of parts) {
        const b = el.getBoundingClientRect();
        if (
          b.left < card.left - 0.5 ||
          b.right > card.right + 0.5 ||
          b.top < card.top - 0.5 ||
          b.bottom > card.bottom + 0.5
        )
          bad.push(
            `${name} in ${svg.closest("figure")?.dataset.testid}: ${Math.round(b.left)}..${Math.round(b.right)} in ${Math.round(card.left)}..${Math.round(card.right)}`,
          );
      }
    }
    return { bad: bad.slice(0, 10), count: svgs.length };
  });
  assert.ok(outside.count >= 2, `only ${outside.count} charts rendered`);
  assert.deepEqual(outside.bad, [], "chart parts outside their card");
}

/** Each hunk's code wraps inside the hunk: every character is in view, none past the hunk's right edge. */
async function assertHunkCodeReadable(page: Page): Promise<void> {
  const clipped = await page.evaluate(() => {
    const bad: string[] = [];
    const hunks = Array.from(document.querySelectorAll("[data-testid=hunk]"));
    let lines = 0;
    for (const hunk of hunks) {
      const diff = hunk.querySelector(".diff") as HTMLElement;
      const box = hunk.getBoundingClientRect();
      if (diff.scrollWidth > diff.clientWidth)
        bad.push(`the code needs ${diff.scrollWidth} px in ${diff.clientWidth} px`);
      for (const code of Array.from(diff.querySelectorAll(".code"))) {
        lines++;
        const r = code.getBoundingClientRect();
        if (r.right > box.right + 0.5) bad.push(`cut off: ${code.textContent?.slice(0, 40)}`);
      }
    }
    return { bad: bad.slice(0, 10), count: hunks.length, lines };
  });
  assert.ok(clipped.count >= 2 && clipped.lines >= 10, `only ${clipped.count} hunks, ${clipped.lines} lines rendered`);
  assert.deepEqual(clipped.bad, [], "hunk code clipped");
}

async function main(): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  const bundle = await buildBundle(REPO_ROOT);
  const server = await servePanel(bundle.dir);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 700 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const host = new HostRecorder();
    await host.attach(page);
    const ready = host.waitFor((m) => m.type === "ready");
    await page.goto(server.url);
    await ready;
    await applyTheme(page, "dark");
    for (const event of eventsBeforeDecision()) await hostPost(page, { type: "event", event });
    await hostPost(page, { type: "proposal", proposal: recordedProposal() });
    await hostPost(page, { type: "training", report: recordedTrainingReport() });
    await page.locator("[data-testid=hunk]").nth(1).waitFor();

    await step(`Run tab with a proposal: no sideways scroll at ${WIDTH} px, hunk code readable`, async () => {
      await assertNoSidewaysScroll(page, "the Run tab");
      await assertHunkCodeReadable(page);
      await page.screenshot({ path: path.join(ARTIFACTS, "narrow-run-dark.png"), fullPage: true });
    });

    await step("the review's Accept and Reject are at the top of the Run tab, above the timeline", async () => {
      const top = await page.getByTestId("review-bar").boundingBox();
      const timeline = await page.locator("[data-testid=iteration]").first().boundingBox();
      assert.ok(top && timeline && top.y < timeline.y, "the review bar is not above the timeline");
      assert.ok(
        await page
          .getByTestId("review-bar")
          .getByRole("button", { name: /Accept all/ })
          .isVisible(),
      );
      assert.ok(
        await page
          .getByTestId("review-bar")
          .getByRole("button", { name: /Reject all/ })
          .isVisible(),
      );
    });

    await step(`Training tab: no sideways scroll at ${WIDTH} px, charts inside their cards`, async () => {
      await page.getByRole("tab", { name: "Training" }).click();
      await page.getByTestId("chart-learning").waitFor();
      await assertNoSidewaysScroll(page, "the Training tab");
      await assertChartsInsideCards(page);
      await page.screenshot({ path: path.join(ARTIFACTS, "narrow-training-dark.png"), fullPage: true });
    });
    assert.deepEqual(pageErrors, [], "no uncaught errors");
  } finally {
    await browser.close();
    await server.close();
    await removeDir(bundle.dir);
  }
}

const watchdog = setTimeout(() => {
  console.error("narrow webview E2E timed out");
  process.exit(1);
}, 120_000);
watchdog.unref();

main().then(
  () => {
    console.log("narrow webview E2E passed");
    process.exit(0);
  },
  (err: unknown) => {
    console.error("narrow webview E2E failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

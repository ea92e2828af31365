/** One chaos trial: build the dirty workspace, record it, run and interrupt the CLI, then judge. */
import { randomBytes } from "node:crypto";
import { realpath } from "node:fs/promises";
import { startScriptedModelServer } from "../support/scriptedModelServer";
import { type DriveResult, drive } from "./driver";
import { modelScript } from "./model";
import { judge, type Verdict } from "./oracle";
import type { TrialPlan } from "./plan";
import { awaitNoLeftovers } from "./processes";
import { snapshotTree } from "./snapshot";
import { buildWorkspace, removeWorkspace } from "./workspace";

export interface TrialOptions {
  /** Longest wait for the CLI or undo to exit (default 90 s). */
  guardMs?: number;
  /** Longest wait for a run's processes to end on their own after it exited (default 15 s). */
  leftoverGuardMs?: number;
  /** Keep the temp folder of a failed trial for inspection. */
  keepFailed?: boolean;
}

export interface TrialResult {
  plan: TrialPlan;
  verdict: Verdict;
  signalled: boolean;
  missed: boolean;
  durationMs: number;
  /** Temp folder kept for inspection. */
  kept?: string;
  stderr: string;
}

export async function runTrial(plan: TrialPlan, options: TrialOptions = {}): Promise<TrialResult> {
  const started = Date.now();
  const workspace = await buildWorkspace(plan.states);
  const server = await startScriptedModelServer(modelScript(plan.detours));
  let drove: DriveResult | undefined;
  let kept: string | undefined;
  try {
    const before = await snapshotTree(workspace.ws);
    const token = randomBytes(8).toString("hex");
    const baseUrl = plan.provider === "openai" ? server.openaiBaseUrl : server.url;
    drove = await drive({ plan, workspace, baseUrl, token, guardMs: options.guardMs ?? 90_000 });
    const leftovers = await awaitNoLeftovers(token, await realpath(workspace.ws), options.leftoverGuardMs ?? 15_000);
    const after = await snapshotTree(workspace.ws);
    const verdict = judge({ plan, workspace, before, after, drive: drove, leftovers });
    if (verdict.failures.length > 0 && options.keepFailed) kept = workspace.root;
    return {
      plan,
      verdict,
      signalled: drove.signalled,
      missed: drove.missed,
      durationMs: Date.now() - started,
      kept,
      stderr: drove.fix.stderr,
    };
  } finally {
    await server.close();
    if (!kept) await removeWorkspace(workspace);
  }
}

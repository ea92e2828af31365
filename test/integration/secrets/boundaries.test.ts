import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { LoopConfig } from "../../../agent-core/config";
import type { LoopEvent } from "../../../agent-core/events";
import { RunHistory } from "../../../agent-core/history/runLog";
import { RunContext } from "../../../agent-core/loop/context";
import { openFailureMemory } from "../../../agent-core/memory/openStore";
import { recordToJson } from "../../../agent-core/memory/records";
import { contentHash } from "../../../agent-core/memory/text";
import type { LoopPorts } from "../../../agent-core/ports";
import { createProvider, ModelError } from "../../../agent-core/providers";
import { REDACTED, Redactor } from "../../../agent-core/secrets/redact";
import { channelLogger } from "../../../extension/util/logger";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { ADD_FIX, makeFailure, RANKING_FLOORS, tempDir } from "../../unit/memory/helpers";
import { rejectionOf } from "../providers/helpers";

const KEY = "sk-test-Rb7Tq2Wz9Lx4Mc8Nv1Kp5Hs3Jd6Fg0Ay";
const ENV_SECRET = "Qm3Xr8Tb2Wn7Lp4Zk9Vd";
const GITHUB = "ghp_Yh4Tr8Ew2Qa6Sd0Fg3Hj7Kl1Zx5Cv9Bn4Mq7";
const redactor = Redactor.fromEnvironment({ BUILD_SECRET: ENV_SECRET }, [KEY]);

function assertClean(where: string, text: string): void {
  for (const secret of [KEY, ENV_SECRET, GITHUB, KEY.slice(8, 20)])
    assert.ok(!text.includes(secret), `${secret} leaked into ${where}: ${text.slice(0, 400)}`);
}

describe("secrets at each boundary", function () {
  this.timeout(30_000);
  let server: ScriptedServer | undefined;
  afterEach(async () => server?.close());

  for (const protocol of ["openai", "ollama"] as const) {
    it(`every ${protocol} prompt and text to embed leaves without secrets`, async () => {
      server = await startScriptedModelServer([{ reply: "ok" }]);
      const baseUrl = protocol === "openai" ? server.openaiBaseUrl : server.url;
      const model = createProvider({ provider: protocol, model: "m", baseUrl, apiKey: KEY, redactor });
      await model.chat({
        messages: [
          { role: "system", content: "sys" },
          { role: "user", content: `test printed ${KEY} and ${ENV_SECRET} and ${GITHUB}` },
        ],
      });
      await model.embed?.([`failure with ${ENV_SECRET}`]);
      const bodies = server.requests.map((r) => JSON.stringify(r.body));
      assert.equal(bodies.length, 2);
      for (const body of bodies) assertClean(`a ${protocol} request`, body);
      assert.match(
        server.chatRequests()[0].messages[1].content,
        /test printed \[REDACTED\] and \[REDACTED\] and \[REDACTED\]/,
      );
    });
  }

  it("names the server in errors without the key in its URL, its userinfo or its answer", async () => {
    server = await startScriptedModelServer([], { apiKey: "another-key" });
    const host = new URL(server.openaiBaseUrl).host;
    const refused = createProvider({
      provider: "openai",
      model: "m",
      baseUrl: `http://${host}/v1?api-key=${GITHUB}`,
      apiKey: KEY,
      maxRetries: 0,
    });
    const error = await rejectionOf(refused.chat({ messages: [{ role: "user", content: "hi" }] }));
    assert.ok(error instanceof ModelError && error.kind === "auth", error.message);
    assert.match(error.message, /api-key=\[REDACTED\]/);
    assertClean("the error message", `${error.message} ${error.stack} ${String(error.cause ?? "")}`);

    const withUser = createProvider({
      provider: "ollama",
      model: "m",
      baseUrl: `http://deploy:${ENV_SECRET}@${host}`,
      maxRetries: 0,
    });
    const failed = await rejectionOf(withUser.chat({ messages: [{ role: "user", content: "hi" }] }));
    assert.ok(failed instanceof ModelError, failed.message);
    assertClean("the error message", `${failed.message} ${failed.stack} ${String(failed.cause ?? "")}`);
  });

  it("the loop's events reach every listener redacted", () => {
    const events: LoopEvent[] = [];
    const ports = { onEvent: (e: LoopEvent) => void events.push(e), redactor } as unknown as LoopPorts;
    const ctx = new RunContext(
      LoopConfig.parse({ workspace: "/ws", targetFile: "a.js" }),
      ports,
      new AbortController().signal,
    );
    ctx.emit("log", { level: "warn", message: `server said ${KEY}` });
    ctx.emit("reflection", { iteration: 1, text: `env ${ENV_SECRET}, literal ${GITHUB}` });
    assert.equal(events.length, 2);
    assertClean("events", JSON.stringify(events));
    assert.equal(events[0].type === "log" && events[0].message, `server said ${REDACTED}`);
  });

  it("the run log redacts events and summaries it is handed directly", async () => {
    const { dir, cleanup } = tempDir("gl-runs-");
    try {
      const history = new RunHistory(dir, redactor);
      history.record({ type: "log", runId: "r1", at: 1, level: "warn", message: `raw ${KEY} ${GITHUB}` } as LoopEvent);
      await history.finish({
        runId: "r1",
        file: "a.js",
        reason: "error",
        flaky: [],
        message: `Cannot reach http://h/v1?token=${ENV_SECRET}`,
        iterations: 0,
        modelCalls: 0,
        promptTokens: 0,
        completionTokens: 0,
        durationMs: 5,
        wellFormed: 0,
        malformed: 0,
        fix: "",
      });
      const files = await readdir(dir);
      assert.deepEqual(files.sort(), ["r1.jsonl", "runs.jsonl"]);
      for (const file of files) assertClean(file, await readFile(path.join(dir, file), "utf8"));
      assert.match(await readFile(path.join(dir, "runs.jsonl"), "utf8"), /token=\[REDACTED\]/);
    } finally {
      cleanup();
    }
  });

  it("memory stores, recalls, replays, exports and imports failures without their secrets", async () => {
    const { dir, cleanup } = tempDir("gl-mem-");
    // One floor for all hints: the failure alone is asked, where the calibrated floors show nothing.
    const memory = await openFailureMemory({ dir: path.join(dir, "mem"), redactor, floors: RANKING_FLOORS });
    try {
      const content = "export function add(a: number, b: number): number {\n  return a - b;\n}\n";
      const failure = makeFailure({
        fileHash: contentHash(content),
        message: `AssertionError: expected 5, key ${KEY}`,
        errorText: `AssertionError: expected 5, key ${KEY}\n  env ${ENV_SECRET}\n  literal ${GITHUB}`,
        codeContext: `// uses ${GITHUB}\nexport function add(a: number, b: number): number {\n  return a - b;\n}\n`,
      });
      await memory.recordOutcome({
        failures: [failure],
        fix: `${ADD_FIX}// ${ENV_SECRET}\n`,
        succeeded: true,
        usedIds: [],
        iterations: 1,
        tokens: 10,
      });
      const records = await memory.store.all();
      assert.equal(records.length, 1);
      assertClean("the stored record", JSON.stringify(recordToJson(records[0])));

      // The same failure, secrets and all, is still recognised: both sides are redacted the same way.
      const hits = await memory.recall(failure);
      assert.equal(hits[0]?.id, records[0].id);
      const replay = await memory.findReplay(failure, content);
      assert.equal(replay?.id, records[0].id);

      const exported = path.join(dir, "export.jsonl");
      await memory.exportJsonl(exported);
      assertClean("the export", await readFile(exported, "utf8"));

      // An export written elsewhere (or before redaction existed) is redacted on import.
      const leaky = {
        ...recordToJson(records[0]),
        id: "imported-1",
        errorText: `old ${KEY}`,
        fixPatch: `// ${GITHUB}`,
      };
      const importFile = path.join(dir, "import.jsonl");
      await writeFile(importFile, `${JSON.stringify(leaky)}\n`);
      assert.equal((await memory.importJsonl(importFile)).imported, 1);
      assertClean("imported records", JSON.stringify((await memory.store.all()).map(recordToJson)));
    } finally {
      await memory.close();
      cleanup();
    }
  });

  it("the extension's output channel gets redacted lines", () => {
    const lines: string[] = [];
    const push = (m: string) => void lines.push(m);
    const log = channelLogger({ debug: push, info: push, warn: push, error: push } as never, redactor);
    log.info(`starting with ${KEY}`);
    log.error(`failed: ${ENV_SECRET} ${GITHUB}`);
    assert.equal(lines.length, 2);
    assertClean("the output channel", lines.join("\n"));
  });
});

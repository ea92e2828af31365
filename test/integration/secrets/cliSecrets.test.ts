import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openFailureMemory } from "../../../agent-core/memory/openStore";
import { recordToJson } from "../../../agent-core/memory/records";
import { FIX_ADD, JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { type CliProcessResult, filesUnder, runCliProcess } from "./cliProcess";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const random = (n: number, alphabet = ALNUM) =>
  Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");

// Fresh per run, so nothing but this test can have put them anywhere.
const API_KEY = `sk-test-${random(40)}`;
const ENV_TOKEN = random(32);
const PRINTED_GITHUB = `ghp_${random(36)}`;
const PRINTED_AWS = `AKIA${random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`;
const URL_SECRET = random(32);
const CONFIG_SECRET = `cfg${random(24)}`;
const SECRETS = { API_KEY, ENV_TOKEN, PRINTED_GITHUB, PRINTED_AWS, URL_SECRET, CONFIG_SECRET };

/** Fails naming the secret and the place when any secret, or a 12-character end of one, occurs in `text`. */
function assertNoSecret(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const piece of [secret, secret.slice(0, 12), secret.slice(-12)]) {
      const at = text.indexOf(piece);
      assert.equal(
        at,
        -1,
        `${name} (or part of it) leaked into ${where}: …${text.slice(Math.max(0, at - 60), at + piece.length + 20)}…`,
      );
    }
  }
}

/** A test that fails, printing the whole environment and key-shaped literals, and putting them in its failure. */
const LEAKY_TEST = [
  'const test = require("node:test");',
  'const assert = require("node:assert/strict");',
  'const { add } = require("../calc");',
  `const GITHUB = "${PRINTED_GITHUB}";`,
  `const AWS = "${PRINTED_AWS}";`,
  'console.log("environment:", JSON.stringify(process.env));',
  'console.log("literals:", GITHUB, AWS);',
  "",
  'test("add adds two numbers", () => {',
  "  let sum;",
  "  try { sum = add(2, 3); } catch (error) { sum = error.message; }",
  "  assert.equal(sum, 5, `add failed; key ${process.env.GREENLOOP_API_KEY} token ${process.env.DEPLOY_TOKEN} ${GITHUB} ${AWS}`);",
  "});",
  "",
].join("\n");

/** The parent's environment without any key variable of its own, plus the secrets under test. */
function cliEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/KEY|TOKEN|SECRET|PASSWORD|^GREENLOOP_/i.test(name)) env[name] = value;
  return {
    ...env,
    GREENLOOP_HOME: home,
    GREENLOOP_API_KEY: API_KEY,
    DEPLOY_TOKEN: ENV_TOKEN,
    LANCEDB_LOG: "error",
    NO_COLOR: "1",
  };
}

function assertExited(result: CliProcessResult, code: number, what: string): void {
  assert.equal(result.signal, null, `${what} was killed by ${result.signal}`);
  assert.equal(result.code, code, `${what} exited ${result.code}:\n${result.stderr}`);
}

describe("secrets never leave the CLI process and are never stored", function () {
  this.timeout(120_000);
  let server: ScriptedServer | undefined;
  let locked: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    await locked?.close();
  });

  it("keeps keys from the environment, test output, the base URL and a config file out of prompts, output, run logs and memory", async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), "gl-secrets-home-"));
    const env = cliEnv(home);
    const outputs: Array<[string, CliProcessResult]> = [];

    // 1. A red project whose test prints the environment and key-shaped literals; one answer turns it green.
    server = await startScriptedModelServer([{ reply: FIX_ADD }], { apiKey: API_KEY });
    const ws = await makeProject({ ...JS_CALC, "test/calc.test.js": LEAKY_TEST }, "gl-secrets-proj-");
    const fix = await runCliProcess(
      [
        "fix",
        "calc.js",
        "--provider",
        "openai",
        "--base-url",
        server.openaiBaseUrl,
        "--model",
        "scripted",
        "--yes",
        "--verbose",
      ],
      { cwd: ws, env },
    );
    assertExited(fix, 0, "greenloop fix");
    outputs.push(["fix", fix]);
    assert.match(fix.stderr, /environment:/, "the test's printout reaches the verbose output");
    const chats = server.chatRequests();
    assert.equal(chats.length, 1);
    assert.match(chats[0].messages.at(-1)!.content, /add failed; key /, "the failure message reaches the prompt");

    // 2. A key in the base URL's query, against a server that refuses the request.
    locked = await startScriptedModelServer([], { apiKey: "some-other-key" });
    const refused = await runCliProcess(
      [
        "fix",
        "calc.js",
        "--provider",
        "openai",
        "--base-url",
        `${locked.openaiBaseUrl}?api-key=${URL_SECRET}`,
        "--model",
        "scripted",
        "--yes",
        "--no-memory",
      ],
      { cwd: await makeProject(JS_CALC, "gl-secrets-proj-"), env },
    );
    assertExited(refused, 1, "greenloop fix with a refused key");
    assert.match(refused.stderr, /rejected the credentials/);
    outputs.push(["fix with a key in the base URL", refused]);

    // 3. A config file with an unquoted value: the parse error names the place, never the content.
    const badConfig = await makeProject(
      { ...JS_CALC, ".greenloop.json": `{\n  "provider": "openai",\n  "model": ${CONFIG_SECRET}\n}\n` },
      "gl-secrets-proj-",
    );
    const unparsable = await runCliProcess(["fix", "calc.js"], { cwd: badConfig, env });
    assertExited(unparsable, 2, "greenloop fix with a broken config file");
    assert.match(unparsable.stderr, /not valid JSON/);
    assert.match(unparsable.stderr, /line 3, column 12/);
    outputs.push(["fix with a broken config file", unparsable]);

    // 4. What the memory hands out.
    const exportFile = path.join(home, "export.jsonl");
    const exported = await runCliProcess(["memory", "export", exportFile], { cwd: ws, env });
    assertExited(exported, 0, "greenloop memory export");
    outputs.push(["memory export", exported]);
    const search = await runCliProcess(["memory", "search", "add failed key token"], { cwd: ws, env });
    assertExited(search, 0, "greenloop memory search");
    outputs.push(["memory search", search]);
    const exportText = await readFile(exportFile, "utf8");
    assert.match(exportText, /add adds two numbers/, "the failure was remembered and exported");

    for (const [what, result] of outputs) {
      assertNoSecret(`stdout of ${what}`, result.stdout);
      assertNoSecret(`stderr of ${what}`, result.stderr);
    }
    for (const [i, request] of [...server.requests, ...locked.requests].entries())
      assertNoSecret(`model request ${i + 1}`, JSON.stringify(request.body));
    assertNoSecret("the memory export", exportText);
    const runFiles = await filesUnder(path.join(home, "runs"));
    const memoryFiles = await filesUnder(path.join(home, "memory"));
    assert.ok(runFiles.length >= 3, "run logs were written");
    assert.ok(memoryFiles.length > 0, "the memory store was written");
    for (const { file, bytes } of [...runFiles, ...memoryFiles])
      assertNoSecret(path.relative(home, file), bytes.toString("latin1"));
    // LanceDB compresses longer text columns, so the bytes alone cannot show them: read the records back too.
    const memory = await openFailureMemory({ dir: path.join(home, "memory") });
    try {
      const records = await memory.store.all();
      assert.ok(records.length > 0, "the store holds the remembered failure");
      for (const record of records) assertNoSecret(`memory record ${record.id}`, JSON.stringify(recordToJson(record)));
    } finally {
      await memory.close();
    }
  });
});

import assert from "node:assert/strict";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { runProcess } from "../../../agent-core/testing/processRunner";
import { buildTestEnv, PROVIDER_KEY_VARIABLES } from "../../../agent-core/testing/testEnv";
import type { TestCommand } from "../../../agent-core/testing/types";

/** A test command that prints the environment it was given. */
const PRINT_ENV: TestCommand = {
  argv: [process.execPath, "-e", "console.log(JSON.stringify(process.env))"],
  cwd: process.cwd(),
  framework: "unknown",
};

const fakeKey = (name: string) => `sk-fake-${name.toLowerCase()}-1234567890`;

function printedEnv(output: string): Record<string, string> {
  return JSON.parse(output.trim()) as Record<string, string>;
}

describe("test processes never see provider keys", () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of [...PROVIDER_KEY_VARIABLES, "GREENLOOP_ENV_PROBE"]) saved.set(name, process.env[name]);
    for (const name of PROVIDER_KEY_VARIABLES) process.env[name] = fakeKey(name);
    process.env.GREENLOOP_ENV_PROBE = "inherited";
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("a test that prints its environment shows no key, but the rest of the environment", async () => {
    const result = await runProcess(PRINT_ENV);
    assert.equal(result.exitCode, 0, result.output);
    const env = printedEnv(result.output);
    for (const name of PROVIDER_KEY_VARIABLES) assert.equal(env[name], undefined, `${name} reached the test`);
    assert.doesNotMatch(result.output, /sk-fake-/);
    assert.equal(env.GREENLOOP_ENV_PROBE, "inherited");
    assert.equal(env.PATH, process.env.PATH);
  });

  it("passes through exactly the keys the user lists", async () => {
    const result = await runProcess(PRINT_ENV, { envPassthrough: ["OPENAI_API_KEY", "HF_TOKEN"] });
    const env = printedEnv(result.output);
    assert.equal(env.OPENAI_API_KEY, fakeKey("OPENAI_API_KEY"));
    assert.equal(env.HF_TOKEN, fakeKey("HF_TOKEN"));
    assert.equal(env.GREENLOOP_API_KEY, undefined);
    assert.equal(env.ANTHROPIC_API_KEY, undefined);
  });

  it("the process executor filters the environment it is given and passes the loop's pass-through list on", async () => {
    const parentEnv = {
      PATH: process.env.PATH,
      GREENLOOP_API_KEY: "sk-from-cli-env",
      MISTRAL_API_KEY: "sk-mistral-cli",
      ONLY_IN_CLI_ENV: "yes",
    };
    const executor = new ProcessTestExecutor(undefined, { parentEnv });
    const options = { signal: new AbortController().signal, timeoutMs: 60_000, label: "full suite" };
    const plain = printedEnv((await executor.execute(PRINT_ENV, options)).output);
    assert.equal(plain.ONLY_IN_CLI_ENV, "yes");
    assert.equal(plain.GREENLOOP_API_KEY, undefined);
    assert.equal(plain.MISTRAL_API_KEY, undefined);
    // Only the given environment counts: process.env's keys are not added back.
    assert.equal(plain.OPENAI_API_KEY, undefined);
    const passed = printedEnv(
      (await executor.execute(PRINT_ENV, { ...options, envPassthrough: ["MISTRAL_API_KEY"] })).output,
    );
    assert.equal(passed.MISTRAL_API_KEY, "sk-mistral-cli");
    assert.equal(passed.GREENLOOP_API_KEY, undefined);
  });

  it("keeps variables the test command sets itself, and the quiet flags win over the parent's", () => {
    const env = buildTestEnv({
      parent: { OPENAI_API_KEY: "sk-parent", CI: "0", HOME: "/home/dev" },
      commandEnv: { OPENAI_API_KEY: "sk-test-fixture" },
    });
    assert.equal(env.OPENAI_API_KEY, "sk-test-fixture");
    assert.equal(env.HOME, "/home/dev");
    assert.deepEqual([env.CI, env.NO_COLOR, env.FORCE_COLOR], ["1", "1", "0"]);
  });
});

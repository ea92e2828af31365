import assert from "node:assert/strict";
import { REDACTED, Redactor } from "../../../agent-core/secrets/redact";
import { createRedactingWriter } from "../../../agent-core/secrets/stream";

const KEY = "sk-live-Hj3kL9mN2pQ5rS8tV1wX4yZ7aB0cD6eF";
const TOKEN = "Pz4Lm8Qw2Er6Ty0Ui3Op";
const redactor = Redactor.fromEnvironment({ SERVICE_TOKEN: TOKEN });

function capture() {
  const written: string[] = [];
  const writer = createRedactingWriter((text) => void written.push(text), redactor);
  return { written, writer, all: () => written.join("") };
}

describe("redacting writer (terminal output in pieces)", () => {
  it("writes whole lines at once, redacted", () => {
    const { written, writer } = capture();
    writer(`key ${KEY}\nsecond line\n`);
    assert.deepEqual(written, [`key ${REDACTED}\nsecond line\n`]);
  });

  it("sees a key or a known value cut between two chunks whole", () => {
    const { writer, all } = capture();
    writer(`config: ${KEY.slice(0, 10)}`);
    writer(`${KEY.slice(10)} token ${TOKEN.slice(0, 5)}`);
    writer(`${TOKEN.slice(5)} done\nnext`);
    writer.flush();
    assert.equal(all(), `config: ${REDACTED} token ${REDACTED} done\nnext`);
  });

  it("writes an unfinished line (a prompt) on its own after a short wait", async () => {
    const written: string[] = [];
    const shown = new Promise<void>((resolve) => {
      const writer = createRedactingWriter(
        (text) => {
          written.push(text);
          resolve();
        },
        redactor,
        { holdMs: 1 },
      );
      writer("Apply this hunk? [y/n/a/q] ");
    });
    await shown;
    assert.deepEqual(written, ["Apply this hunk? [y/n/a/q] "]);
  });

  it("swallows a private key block written over several chunks, up to its END line", () => {
    const { writer, all } = capture();
    writer("before\n-----BEGIN RSA PRIVATE KEY-----\n");
    writer("MIIEpAIBAAKCAQEAzWq8Hk3Lp0\n");
    writer("Xy7Qv2Rt9Mn4Kc1Bz6Wd8Fs5Gh3J\n");
    writer("-----END RSA PRIVATE KEY-----\nafter\n");
    const text = all();
    assert.ok(!text.includes("MIIEpAIBAAKCAQEAzWq8Hk3Lp0") && !text.includes("Xy7Qv2Rt9Mn4Kc1Bz6Wd8Fs5Gh3J"), text);
    assert.equal(text, `before\n${REDACTED}\nafter\n`);
  });

  it("writes a very long unfinished line without waiting for its end", () => {
    const { written, writer } = capture();
    writer("x".repeat(70 * 1024));
    assert.equal(written.join("").length, 70 * 1024);
  });
});

/** Speed of secret redaction, which runs on every prompt, event and output chunk; numbers only. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Redactor } from "../../agent-core/secrets/redact";
import { type PlainResult, percentile } from "./table";

const ROOT = path.resolve(__dirname, "../..");

/** About `size` characters of the project's own TypeScript: ordinary code without secrets. */
function projectSource(size: number): string {
  const files = readdirSync(path.join(ROOT, "agent-core"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  let text = "";
  for (const file of files) {
    if (text.length >= size) break;
    text += readFileSync(file, "utf8");
  }
  return text.slice(0, size);
}

/** Test output of `size` characters with a key, an environment value and a URL secret every ~4 kB. */
function leakyOutput(size: number, envSecret: string): string {
  const lines: string[] = [];
  for (let i = 0; lines.join("\n").length < size; i++) {
    lines.push(
      `  ✖ case ${i} failed: expected ${i} to equal ${i + 1}`,
      `    at Context.<anonymous> (/tmp/ws/test/case${i}.test.js:${i}:7)`,
    );
    if (i % 40 === 0)
      lines.push(`  env ${envSecret} key sk-proj-Ab3dEf6hIj9kLm2nOp5q${i} url https://h/v1?api-key=Zq${i}x9Lk2`);
  }
  return lines.join("\n").slice(0, size);
}

function measure(name: string, reps: number, fn: () => unknown, goal?: PlainResult["goal"]): PlainResult {
  for (let i = 0; i < 10; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), unit: "ms", goal };
}

/** Redaction of 200 kB of code and of test output, a 4 kB chunk and a large event. */
export async function benchRedaction(): Promise<PlainResult[]> {
  const envSecret = "Qm3Xr8Tb2Wn7Lp4Zk9Vd";
  const redactor = Redactor.fromEnvironment({
    ...process.env,
    BENCH_SECRET: envSecret,
    GREENLOOP_API_KEY: "sk-test-Rb7Tq2Wz9Lx4Mc8Nv1Kp5Hs3Jd6Fg0Ay",
  });
  const code = projectSource(200_000);
  const output = leakyOutput(200_000, envSecret);
  const chunk = output.slice(0, 4096);
  const event = {
    type: "tests-finished",
    failures: Array.from({ length: 50 }, (_, i) => ({
      id: `case ${i}`,
      message: output.slice(i * 300, i * 300 + 300),
      location: `test/case${i}.test.js:${i}`,
    })),
  };
  const goal = { below: 5, text: "< 5 ms" };
  return [
    measure("redact 200 kB of source code (no secrets)", 100, () => redactor.redact(code), goal),
    measure("redact 200 kB of test output (3 secrets every 5 kB)", 100, () => redactor.redact(output), goal),
    measure("redact one 4 kB output chunk", 1000, () => redactor.redact(chunk)),
    measure("redact an event with 50 failures", 1000, () => redactor.redactDeep(event)),
  ];
}

import assert from "node:assert/strict";
import OpenAI from "openai";
import {
  contentHash,
  cosine,
  exactKey,
  failureText,
  HashingEmbedder,
  normaliseFailure,
  RemoteEmbedder,
} from "../../../agent-core/memory";
import { embeddingText } from "../../../agent-core/memory/text";
import type { FailureQuery } from "../../../agent-core/ports";
import { startScriptedModelServer } from "../../support/scriptedModelServer";

const TS_ERROR_A =
  "src/math.ts(12,5): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.\n    at /tmp/greenloop-ab12cd/src/math.ts:12:5";
const TS_ERROR_B =
  "src/math.ts(40,9): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.\n    at /tmp/greenloop-zz99/src/math.ts:40:9";
const ASSERTION =
  "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n3 !== 5\n\n    at Context.<anonymous> (/work/x/test/add.test.ts:10:12)";
const TYPE_ERROR =
  "TypeError: Cannot read properties of undefined (reading 'length')\n    at parseItems (/work/x/src/parse.ts:33:20)";
const MODULE_ERROR = "ModuleNotFoundError: No module named 'requests'";

describe("memory: HashingEmbedder", () => {
  const embedder = new HashingEmbedder();

  it("is deterministic, unit-length and 384-dimensional", async () => {
    const [a, b] = await embedder.embed([ASSERTION, ASSERTION]);
    assert.equal(embedder.name, "hash-v2");
    assert.equal(a.length, 384);
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.deepEqual(Array.from(new HashingEmbedder().embedOne(ASSERTION)), Array.from(a));
    const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
  });

  it("scores the same error at another line and temp folder as identical", () => {
    assert.ok(cosine(embedder.embedOne(TS_ERROR_A), embedder.embedOne(TS_ERROR_B)) > 0.999);
  });

  it("scores different error types low", () => {
    const vectors = [TS_ERROR_A, ASSERTION, TYPE_ERROR, MODULE_ERROR].map((t) => embedder.embedOne(t));
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        const sim = cosine(vectors[i], vectors[j]);
        assert.ok(sim < 0.4, `pair ${i},${j} similarity ${sim}`);
      }
    }
  });

  it("matches identifiers across camelCase and snake_case", () => {
    const camel = embedder.embedOne("ReferenceError: parseUserName is not defined");
    const snake = embedder.embedOne("NameError: name 'parse_user_name' is not defined");
    const other = embedder.embedOne("NameError: name 'load_config' is not defined");
    assert.ok(cosine(camel, snake) > cosine(camel, other), "shared identifier parts should raise similarity");
  });

  it("embeds empty text as a zero vector without failing", () => {
    const v = embedder.embedOne("");
    assert.equal(v.length, 384);
    assert.ok(v.every((x) => x === 0));
  });

  it("tells failures apart by how actual relates to expected, where number masking made them identical", () => {
    const negated = "AssertionError: Expected values to be strictly equal:\n\n-6 !== 6\nexpected 6\nactual -6";
    const negatedToo = "AssertionError: Expected values to be strictly equal:\n\n-9 !== 9\nexpected 9\nactual -9";
    const missing =
      "AssertionError: Expected values to be strictly equal:\n\nundefined !== 6\nexpected 6\nactual undefined";
    assert.equal(normaliseFailure(negated), normaliseFailure(negatedToo), "masking alone makes them one text");
    const same = cosine(embedder.embedOne(negated), embedder.embedOne(negatedToo));
    const other = cosine(embedder.embedOne(negated), embedder.embedOne(missing));
    assert.ok(same > 0.99 && other < 0.8, `same relation ${same}, other relation ${other}`);
  });

  it("relates an unawaited value across languages more than another value mismatch", () => {
    const jsPromise = "AssertionError: Expected values to be strictly equal:\nexpected 5\nactual Promise { <pending> }";
    const pyCoroutine = "TypeError: unsupported operand type(s) for *: 'coroutine' and 'int'";
    const offByOne = "AssertionError: Expected values to be strictly equal:\nexpected 5\nactual 6";
    const toAsync = cosine(embedder.embedOne(jsPromise), embedder.embedOne(pyCoroutine));
    const toOther = cosine(embedder.embedOne(pyCoroutine), embedder.embedOne(offByOne));
    assert.ok(toAsync > toOther + 0.1, `promise~coroutine ${toAsync}, coroutine~off-by-one ${toOther}`);
  });

  it("embeds the test name from a [test] first line with modest weight", () => {
    const failure = { message: "AssertionError: Missing expected exception (RangeError).", errorText: "" };
    const a = embedder.embedOne(embeddingText({ ...failure, testId: "truncate rejects max below 1" }));
    const b = embedder.embedOne(embeddingText({ ...failure, testId: "chunk rejects sizes below 1" }));
    const c = embedder.embedOne(embeddingText({ ...failure, testId: "parses the header row" }));
    const ab = cosine(a, b);
    const ac = cosine(a, c);
    assert.ok(ab > ac, `shared test-name words should raise similarity: ${ab} vs ${ac}`);
    assert.ok(ac > 0.8, `the failure itself still dominates: ${ac}`);
    assert.ok(cosine(a, embedder.embedOne(failureText(failure))) > 0.8);
  });

  it("honours an aborted signal", async () => {
    await assert.rejects(embedder.embed(["x"], AbortSignal.abort()), { name: "AbortError" });
  });
});

describe("memory: signatures", () => {
  it("masks line:col, temp paths, numbers, hex and durations but keeps error codes and file names", () => {
    const text = normaliseFailure(
      "\u001b[31mError TS2345\u001b[0m at /tmp/abc123/src/x.ts:12:5 took 35ms id 0xdeadbeef sha 3f2a9c81d0 value 42",
    );
    assert.equal(text, "Error TS2345 at <path>/x.ts:<n> took <dur> id <hex> sha <hex> value <n>");
  });

  it("keys replay on the exact failure, the whole file, the test files and the project, nothing masked", () => {
    const base: FailureQuery = {
      testId: "math > adds",
      message: "assert 4 == 5",
      errorText: "",
      file: "src/math.py",
      language: "python",
      framework: "pytest",
      codeContext: "",
      project: { id: "git:abc", name: "math" },
      fileHash: contentHash("x"),
      testFilesHash: "sha-t",
    };
    const key = exactKey(base);
    assert.equal(
      exactKey({ ...base, codeContext: "another head", language: "other" }),
      key,
      "the code head and labels are not part of it",
    );
    assert.equal(
      exactKey({ ...base, message: "\u001b[31massert 4 == 5\u001b[0m\r\n" }),
      key,
      "ANSI codes and line ends are",
    );
    for (const other of [
      { message: "assert 5 == 4" },
      { message: "assert 4 == 6" },
      { fileHash: contentHash("y") },
      { testFilesHash: "sha-u" },
      { project: { id: "git:def", name: "math" } },
      { testId: "math > subtracts" },
      { file: "lib/math.py" },
    ])
      assert.notEqual(exactKey({ ...base, ...other }), key, JSON.stringify(other));
  });
});

describe("memory: RemoteEmbedder", () => {
  it("wraps a provider's embeddings (real openai client, local server) and learns the dimension", async () => {
    const server = await startScriptedModelServer([], { embeddingDim: 16 });
    try {
      const client = new OpenAI({ baseURL: server.openaiBaseUrl, apiKey: "test", maxRetries: 0 });
      const embedder = new RemoteEmbedder("openai:test-embed", async (texts, signal) => {
        const res = await client.embeddings.create(
          { model: "test-embed", input: texts, encoding_format: "float" },
          { signal },
        );
        return res.data.map((d) => d.embedding);
      });
      assert.equal(embedder.dim, 0);
      const [a, b] = await embedder.embed([ASSERTION, ASSERTION]);
      assert.equal(embedder.dim, 16);
      assert.deepEqual(Array.from(a), Array.from(b));
      assert.deepEqual(await embedder.embed([]), []);
    } finally {
      await server.close();
    }
  });

  it("rejects answers of the wrong count or dimension with a clear error", async () => {
    let dim = 4;
    const embedder = new RemoteEmbedder("test:var", async (texts) =>
      texts.map(() => Array.from({ length: dim }, () => 1)),
    );
    await embedder.embed(["a"]);
    dim = 5;
    await assert.rejects(embedder.embed(["b"]), /5 dimensions, expected 4/);
    const short = new RemoteEmbedder("test:short", async () => [[1, 2]]);
    await assert.rejects(short.embed(["a", "b"]), /expected 2 embeddings, got 1/);
    assert.throws(() => new RemoteEmbedder(" ", async () => []), /name must be non-empty/);
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isSecretName, REDACTED, Redactor, redactUrl, secretValuesFromEnv } from "../../../agent-core/secrets/redact";

const ROOT = path.resolve(__dirname, "../../..");
const shapes = new Redactor();

/** Asserts every secret is gone from the redacted `text`, and returns the redacted text. */
function hidden(text: string, secrets: string | string[], redactor = shapes): string {
  const out = redactor.redact(text);
  for (const secret of [secrets].flat()) {
    assert.ok(text.includes(secret), `test data: ${JSON.stringify(secret)} is not in the input`);
    assert.ok(!out.includes(secret), `${JSON.stringify(secret)} survived in ${JSON.stringify(out)}`);
  }
  assert.ok(out.includes(REDACTED), `nothing was marked in ${JSON.stringify(out)}`);
  assert.equal(redactor.redact(out), out, "redacting twice changes nothing more");
  return out;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs|json|md|py)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("Redactor: key shapes", () => {
  const cases: Array<[string, string, string | string[]]> = [
    ["OpenAI key", "key: sk-abcdefghij0123456789ABCDEFGHIJ0123456789", "sk-abcdefghij0123456789ABCDEFGHIJ0123456789"],
    [
      "OpenAI project key",
      "OPENAI=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_Ab3-dEf6",
      "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
    ],
    [
      "Anthropic key",
      "x-api-key sk-ant-api03-Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1",
      "Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1",
    ],
    [
      "GitHub token",
      "push with ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz",
      "ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz",
    ],
    [
      "GitHub app token",
      "gho_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz ghs_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz",
      ["gho_Ab1Cd2", "ghs_Ab1Cd2"],
    ],
    [
      "GitHub fine-grained token",
      "github_pat_11ABCDEFG0abcdefghij_KLMNOPqrstuv0123456789wxyzABCDEFGHIJ",
      "11ABCDEFG0abcdefghij_KLMNOPqrstuv0123456789",
    ],
    [
      "AWS access key id",
      "aws id AKIAIOSFODNN7EXAMPLE, session ASIAY34FZKBOKMUTVV7A",
      ["IOSFODNN7EXAMPLE", "Y34FZKBOKMUTVV7A"],
    ],
    [
      "AWS secret (env style)",
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ],
    [
      "AWS secret (ini style)",
      'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      "wJalrXUtnFEMI/K7MDENG",
    ],
    [
      "Bearer token",
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
      "eyJhbGciOiJIUzI1NiJ9",
    ],
    [
      "Slack bot token",
      "SLACK xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
      "1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    ],
    ["Slack user token", "xoxp-123456789012-abcdefABCDEF", "123456789012-abcdefABCDEF"],
    ["Google API key", "maps AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW ok", "SyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"],
    [
      "URL api-key",
      "GET https://x.openai.azure.com/v1?api-version=1&api-key=4f7Qz9Lk2Vb8Xc1N failed",
      "4f7Qz9Lk2Vb8Xc1N",
    ],
    ["URL key", "https://maps.example.com/api?key=abc123secret456&q=1", "abc123secret456"],
    [
      "URL api_key, apikey, token, access_token",
      "u?api_key=AAAA1111&apikey=BBBB2222&token=CCCC3333&access_token=DDDD4444",
      ["AAAA1111", "BBBB2222", "CCCC3333", "DDDD4444"],
    ],
    [
      "URL sig and password",
      "https://acct.blob.core.windows.net/c/b?sv=2024&sig=Xy%2Bz9%3D&password=hunter2hunter2",
      ["Xy%2Bz9%3D", "hunter2hunter2"],
    ],
    [
      "S3 presigned URL",
      "https://b.s3.amazonaws.com/o?X-Amz-Security-Token=IQoJb3JpZ2luX2Vj&X-Amz-Signature=9f8e7d6c5b4a",
      ["IQoJb3JpZ2luX2Vj", "9f8e7d6c5b4a"],
    ],
    ["URL userinfo password", "clone https://deploy:s3cr3t-Pa55word@git.example.com/repo.git", "s3cr3t-Pa55word"],
    ["database URL password", "postgres://app:Zq8!xV2pL@db.internal:5432/app", "Zq8!xV2pL"],
  ];
  for (const [name, text, secret] of cases) {
    it(`hides a ${name}`, () => {
      hidden(text, secret);
    });
  }

  it("keeps the non-secret context: header, parameter name, user name, other parameters", () => {
    assert.equal(
      shapes.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"),
      `Authorization: Bearer ${REDACTED}`,
    );
    assert.equal(
      shapes.redact("http://h/v1?model=m&api-key=abc123XYZ&x=1"),
      `http://h/v1?model=m&api-key=${REDACTED}&x=1`,
    );
    assert.equal(
      shapes.redact("https://deploy:pw12345678@git.example.com/r"),
      `https://deploy:${REDACTED}@git.example.com/r`,
    );
  });

  it("hides a private key block whole, and an unfinished one to the end of the text", () => {
    const block = [
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
      "AAAAC3NzaC1lZDI1NTE5AAAAIG",
      "-----END OPENSSH PRIVATE KEY-----",
    ].join("\n");
    assert.equal(shapes.redact(`before\n${block}\nafter`), `before\n${REDACTED}\nafter`);
    const rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\n-----END RSA PRIVATE KEY-----";
    assert.equal(shapes.redact(`${rsa} and ${rsa}`), `${REDACTED} and ${REDACTED}`);
    assert.equal(shapes.redact("x\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"), `x\n${REDACTED}`);
    const pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0abcdEFGH\n-----END PGP PRIVATE KEY BLOCK-----";
    assert.equal(shapes.redact(`k: ${pgp}.`), `k: ${REDACTED}.`);
    const publicKey = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----";
    assert.equal(shapes.redact(publicKey), publicKey, "public keys are not secrets");
  });

  it("hides a URL for display: no user info, secret query values gone, other parameters kept", () => {
    assert.equal(
      redactUrl("https://bob:pw@host.example/v1?api-key=SeCrEt123&model=gpt"),
      `https://host.example/v1?api-key=${REDACTED}&model=gpt`,
    );
    assert.equal(redactUrl("http://127.0.0.1:11434/"), "http://127.0.0.1:11434");
    assert.equal(redactUrl("not a url ?token=abcdef123456"), `not a url ?token=${REDACTED}`);
  });
});

describe("Redactor: known values", () => {
  const KEY = "sk-test-Qw3rTy7uI0pA5sD9fG2hJ6kL1zX4cV8bN3mQ7wE1r";
  const env = {
    GREENLOOP_API_KEY: KEY,
    OPENAI_API_KEY: "plainvalue-no-shape-1",
    DEPLOY_TOKEN: "Zx9yQw8vRt7uIo6pLk5j",
    DB_PASSWORD: "correct horse battery",
    MY_CLIENT_SECRET: "s3cr3t-client-value",
    NPM_TOKEN: "true",
    TOKENIZERS_PARALLELISM: "false-but-long-enough",
    SSH_PRIVATE_KEY_PATH: "/home/someone/.ssh/id_ed25519",
    GITHUB_TOKEN_FILE: "C:\\Users\\someone\\token.txt",
    HOME: "/home/someone-with-a-long-name",
    PATH: "/usr/local/bin:/usr/bin:/bin",
  };
  const redactor = Redactor.fromEnvironment(env);

  it("takes values of secret-named variables, at least 8 characters long and not file paths, and nothing else", () => {
    assert.deepEqual(
      secretValuesFromEnv(env).sort(),
      [KEY, "Zx9yQw8vRt7uIo6pLk5j", "correct horse battery", "plainvalue-no-shape-1", "s3cr3t-client-value"].sort(),
    );
    for (const name of [
      "GREENLOOP_API_KEY",
      "OPENAI_API_KEY",
      "ANTHROPIC_API_KEY",
      "GITHUB_TOKEN",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "PGPASSWORD",
      "MYSQL_ROOT_PASSWORD",
      "JWT_SECRET",
      "SECRET_KEY_BASE",
      "STRIPE_APIKEY",
    ]) {
      assert.ok(isSecretName(name), name);
    }
    for (const name of [
      "PATH",
      "HOME",
      "TOKENIZERS_PARALLELISM",
      "KEYBOARD_LAYOUT",
      "NODE_OPTIONS",
      "GREENLOOP_HOME",
      "SSH_AUTH_SOCK",
    ])
      assert.ok(!isSecretName(name), name);
  });

  it("hides every known value, whatever it looks like, and keeps ordinary values", () => {
    hidden(`key=${KEY};`, KEY, redactor);
    hidden("openai plainvalue-no-shape-1 end", "plainvalue-no-shape-1", redactor);
    hidden("said correct horse battery staple", "correct horse battery", redactor);
    const ordinary = "NPM_TOKEN=true HOME=/home/someone-with-a-long-name at /home/someone/.ssh/config:3";
    assert.equal(redactor.redact(ordinary), ordinary);
  });

  it("hides the key in use passed alongside the environment", () => {
    const withKey = Redactor.fromEnvironment({}, ["only-known-from-the-host-42"]);
    hidden("header: only-known-from-the-host-42", "only-known-from-the-host-42", withKey);
    assert.equal(
      new Redactor(["short"]).redact("a short word"),
      "a short word",
      "values under 8 characters are ignored",
    );
  });

  it("hides a value cut off by truncation at either end, and its URL-encoded form", () => {
    const head = KEY.slice(0, 20);
    const tail = KEY.slice(-15);
    assert.equal(redactor.redact(`message: ${head}… (truncated)`), `message: ${REDACTED}… (truncated)`);
    assert.equal(redactor.redact(`…${tail} end`), `…${REDACTED} end`);
    const special = new Redactor(["p@ss/w0rd+secret=="]);
    hidden(
      `url?password=${encodeURIComponent("p@ss/w0rd+secret==")}`,
      encodeURIComponent("p@ss/w0rd+secret=="),
      special,
    );
  });

  it("redacts strings deep inside events and shares the parts without secrets", () => {
    const vector = new Float32Array([1, 2]);
    const clean = { id: "add adds", tags: ["a", "b"] };
    const event = { type: "tests-finished", failures: [{ id: "t", message: `got ${KEY}` }], clean, vector, count: 3 };
    const out = redactor.redactDeep(event);
    assert.equal(out.failures[0].message, `got ${REDACTED}`);
    assert.equal(out.clean, clean, "an untouched branch is the same object");
    assert.equal(out.vector, vector);
    assert.equal(out.count, 3);
    assert.equal(event.failures[0].message, `got ${KEY}`, "the input is not changed");
    assert.equal(redactor.redactDeep(clean), clean);
  });
});

describe("Redactor: no false positives on ordinary code", () => {
  it("leaves code about tokens, keys, hashes and URLs alone", () => {
    const code = [
      "const token = await getToken(); // the token expires",
      "headers: { Authorization: `Bearer ${this.options.apiKey}` },",
      "Bearer tokens are described in RFC 6750",
      "const url = `${base}?token=${token}&key=${key}`;",
      'fetch(base + "?api-key=" + apiKey);',
      "commit 3f2a9c1b7e8d4f6a0b1c2d3e4f5a6b7c8d9e0f1a (sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855)",
      "id 123e4567-e89b-12d3-a456-426614174000 sk-learn risk-assessment-and-task-runner-config",
      "import { createHash } from 'node:crypto'; const apiKeyFromEnv = env.GREENLOOP_API_KEY;",
      "http://localhost:8080/path@scope/pkg and git@github.com:owner/repo.git",
      "AKIA is the prefix of AWS access key ids; ghp_ of GitHub tokens",
      "-----BEGIN CERTIFICATE-----",
    ].join("\n");
    assert.equal(shapes.redact(code), code);
  });

  it("changes none of the project's own source files, except test data", () => {
    const files = ["agent-core", "extension", "webview-ui", "practice", "scripts", "docs"].flatMap((dir) =>
      sourcesUnder(path.join(ROOT, dir)),
    );
    files.push(path.join(ROOT, "README.md"));
    assert.ok(files.length > 150, `scanned only ${files.length} files`);
    const changed = files.filter((file) => {
      const text = readFileSync(file, "utf8");
      return shapes.redact(text) !== text;
    });
    assert.deepEqual(
      changed.map((f) => path.relative(ROOT, f)),
      [],
    );
    // The scan can fail: the same check sees a key added to one of those files.
    const sample = readFileSync(files[0], "utf8");
    assert.notEqual(
      shapes.redact(`${sample}\nconst k = "sk-abcdefghij0123456789ABCDEFGHIJ";`),
      `${sample}\nconst k = "sk-abcdefghij0123456789ABCDEFGHIJ";`,
    );
  });
});

/**
 * Shapes of secrets recognised without knowing their value. Each pattern is anchored on a literal prefix or
 * a named context, so ordinary code (identifiers, the word "token", git hashes) is left alone.
 */

/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

// Characters that end a secret value in a URL query or userinfo. `$ { } ( )` keep template code such as
// `?token=${token}` from counting as a value, and `[` keeps an already redacted value from matching again.
const URL_VALUE = String.raw`[^&#\s"'<>\x60$(){}\[\]\\]+`;
const PASSWORD_VALUE = String.raw`[^/?#@\s"'<>\x60$(){}\[\]\\]+`;

/**
 * Provider key shapes (case-sensitive). A match is kept only when `looksRandom` agrees, so long kebab-case
 * words after "sk-" are not taken for keys.
 */
const KEY_SHAPES = new RegExp(
  [
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`, // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-)
    String.raw`\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36,}`, // GitHub tokens
    String.raw`\bgithub_pat_[A-Za-z0-9_]{22,}`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`, // AWS access key ids
    String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`, // Slack
    String.raw`\bAIza[A-Za-z0-9_-]{35}`, // Google API keys
  ].join("|"),
  "g",
);

/** PEM and PGP private keys; an unterminated block is hidden to the end of the text. */
const PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** A BEGIN line of a private key block, for finding blocks that are not finished yet. */
export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
/** The END line of a private key block. */
export const PRIVATE_KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

/**
 * Secrets recognised by what stands before them (names case-insensitive). Group 1 is kept, group 2 is the secret.
 * Bearer tokens must look random; a URL query value or password is hidden whatever it looks like.
 */
const CONTEXT_SHAPES: Array<{ pattern: RegExp; random: boolean }> = [
  { pattern: /\b(bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi, random: true },
  { pattern: /\b(aws_secret_access_key["']?\s*[=:]\s*["']?)([A-Za-z0-9/+=]{40})/gi, random: false },
  {
    pattern: new RegExp(
      `([?&](?:api[-_]?key|key|token|access[-_]?token|refresh[-_]?token|client[-_]?secret|secret|sig|signature|password|passwd|pwd|x-amz-signature|x-amz-security-token)=)(${URL_VALUE})`,
      "gi",
    ),
    random: false,
  },
  // A password in URL userinfo (before the host's @) goes; the user name stays: it names the account, not the key.
  // Anchored on "://" alone: matching the scheme too made this the slowest pattern by far.
  { pattern: new RegExp(String.raw`(://[^\s:/?#@"'<>\x60]*:)(${PASSWORD_VALUE})(?=@)`, "g"), random: false },
];

/** Mixed letters and digits: what generated keys look like and words do not. */
function looksRandom(text: string): boolean {
  return /\d/.test(text) && /[A-Za-z]/.test(text);
}

/** Replaces every secret recognised by its shape or context. */
export function redactShapes(text: string): string {
  let out = text;
  if (out.includes("PRIVATE KEY")) out = out.replace(PRIVATE_KEY, REDACTED);
  out = out.replace(KEY_SHAPES, (match) => (looksRandom(match.slice(4)) ? REDACTED : match));
  for (const { pattern, random } of CONTEXT_SHAPES) {
    out = out.replace(pattern, (match, keep: string, secret: string) =>
      random && !looksRandom(secret) ? match : keep + REDACTED,
    );
  }
  return out;
}

/** A URL for display: no user name or password, secret-looking query values hidden. Not a URL: redacted as text. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return redactShapes(parsed.toString().replace(/\/$/, ""));
  } catch {
    return redactShapes(url);
  }
}

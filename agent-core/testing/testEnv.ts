/**
 * The environment of a test process. Tests run untrusted project code and their output goes into prompts, so
 * model-provider keys are removed unless the user names them in `testEnvPassthrough`.
 */

/** Variables holding model-provider keys; never given to test processes unless passed through. */
export const PROVIDER_KEY_VARIABLES: readonly string[] = [
  "GREENLOOP_API_KEY",
  "OPENAI_API_KEY",
  "AZURE_OPENAI_API_KEY",
  "AZURE_API_KEY",
  "ANTHROPIC_API_KEY",
  "OLLAMA_API_KEY",
  "GEMINI_API_KEY",
  "GOOGLE_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "MISTRAL_API_KEY",
  "GROQ_API_KEY",
  "TOGETHER_API_KEY",
  "TOGETHERAI_API_KEY",
  "OPENROUTER_API_KEY",
  "DEEPSEEK_API_KEY",
  "XAI_API_KEY",
  "COHERE_API_KEY",
  "CO_API_KEY",
  "FIREWORKS_API_KEY",
  "PERPLEXITY_API_KEY",
  "CEREBRAS_API_KEY",
  "DEEPINFRA_API_KEY",
  "NVIDIA_API_KEY",
  "VOYAGE_API_KEY",
  "REPLICATE_API_TOKEN",
  "HF_TOKEN",
  "HUGGING_FACE_HUB_TOKEN",
  "HUGGINGFACEHUB_API_TOKEN",
];

/** Keeps runners from colouring or prompting. */
const QUIET_ENV: Record<string, string> = { FORCE_COLOR: "0", NO_COLOR: "1", CI: "1" };

/** What {@link buildTestEnv} starts from. */
export interface TestEnvOptions {
  /** The environment to inherit; default `process.env`. */
  parent?: NodeJS.ProcessEnv;
  /** Variables the test command sets itself (kept even when named like a key: the user wrote them). */
  commandEnv?: Record<string, string>;
  /** Key variables the user lets through (setting `testEnvPassthrough`). */
  passthrough?: readonly string[];
}

/** A valid environment variable name for `testEnvPassthrough`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The one place a test process's environment is built: parent minus provider keys, command env, quiet flags. */
export function buildTestEnv(options: TestEnvOptions = {}): Record<string, string> {
  // Windows variable names are case-insensitive.
  const norm = process.platform === "win32" ? (name: string) => name.toUpperCase() : (name: string) => name;
  const allowed = new Set((options.passthrough ?? []).map(norm));
  const secret = new Set(PROVIDER_KEY_VARIABLES.map(norm).filter((name) => !allowed.has(name)));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.parent ?? process.env)) {
    if (value !== undefined && !secret.has(norm(name))) env[name] = value;
  }
  return { ...env, ...options.commandEnv, ...QUIET_ENV };
}

/**
 * The model providers of the editor, in one list: every provider of the core (agent-core/providers/registry.ts)
 * and the ones the editor itself supplies (HOST_PROVIDERS). A new provider is its module plus one line in one
 * of the two; the `greenloop.provider` enum in package.json lists them all (a unit test keeps it in step).
 * Each comes wrapped the same way: retries and a circuit breaker, then redaction outermost.
 */
import type { Logger } from "../../agent-core/ports";
import type { ModelProvider } from "../../agent-core/providers/types";
import type { Redactor } from "../../agent-core/secrets/redact";
import { type GreenloopSettings, toProviderSettings } from "../config/settings";
import type { CoreModule } from "../run/coreModule";

/** What a host provider is built from. */
export interface HostProviderInput {
  core: CoreModule;
  settings: GreenloopSettings;
  log?: Logger;
}

/** A provider the editor supplies. */
export interface HostProvider {
  /** The bare provider and how messages name it; throws an Error that says what to do when it cannot be built. */
  create(input: HostProviderInput): Promise<{ provider: ModelProvider; endpoint: string }>;
}

/**
 * Providers only the editor has, by id. Each module is imported on first use, so this list stays free of the
 * editor API (plain-Node unit tests read it).
 */
export const HOST_PROVIDERS = {
  vscode: { create: async (input) => (await import("./editorModels")).createEditorModelProvider(input) },
} satisfies Record<string, HostProvider>;

export type HostProviderId = keyof typeof HOST_PROVIDERS;

function isHostProviderId(id: string): id is HostProviderId {
  return Object.hasOwn(HOST_PROVIDERS, id);
}

/** Every provider id the editor accepts: the core's (its default first), then the editor's own. */
export function providerIds(core: Pick<CoreModule, "PROVIDER_IDS">): string[] {
  return [...core.PROVIDER_IDS, ...Object.keys(HOST_PROVIDERS)];
}

/** `"ollama", "openai" or "vscode"`, for messages. */
function choices(core: Pick<CoreModule, "PROVIDER_IDS">): string {
  const quoted = providerIds(core).map((id) => `"${id}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** Throws, naming every choice, when greenloop.provider names no provider. */
export function checkProviderId(core: Pick<CoreModule, "PROVIDER_IDS">, id: string): void {
  if (!providerIds(core).includes(id))
    throw new Error(`Unknown model provider "${id}" in greenloop.provider: use ${choices(core)}.`);
}

/** True when the provider is a hosted API that takes the key kept in the editor's key store. */
export function needsApiKey(core: Pick<CoreModule, "PROVIDERS" | "isProviderId">, id: string): boolean {
  return core.isProviderId(id) && core.PROVIDERS[id].needsApiKey;
}

/** The provider `settings` name; throws an Error with the way out when it cannot be built. */
export async function createModelProvider(
  core: CoreModule,
  settings: GreenloopSettings,
  apiKey: string | undefined,
  redactor: Redactor,
  log?: Logger,
): Promise<ModelProvider> {
  const id = settings.provider;
  checkProviderId(core, id);
  if (isHostProviderId(id)) {
    const { provider, endpoint } = await HOST_PROVIDERS[id].create({ core, settings, log });
    return core.withRedaction(core.withResilience(provider, { endpoint }), redactor);
  }
  return core.createProvider({ ...toProviderSettings(settings, apiKey), redactor });
}

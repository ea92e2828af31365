/**
 * The extension's model providers: the editor's own models ("vscode") are built here, every other provider
 * by the core. Each comes wrapped the same way: retries and a circuit breaker, then redaction outermost.
 */
import type { Logger } from "../../agent-core/ports";
import type { ModelProvider } from "../../agent-core/providers/types";
import type { Redactor } from "../../agent-core/secrets/redact";
import { type GreenloopSettings, toProviderSettings } from "../config/settings";
import type { CoreModule } from "../run/coreModule";
import { describeChatModel, EditorModelProvider } from "./editorModelProvider";
import { selectEditorModel } from "./editorModels";

/** The provider `settings` name; throws an Error with the way out when it cannot be built. */
export async function createModelProvider(
  core: CoreModule,
  settings: GreenloopSettings,
  apiKey: string | undefined,
  redactor: Redactor,
  log?: Logger,
): Promise<ModelProvider> {
  if (settings.provider === "vscode") {
    const chat = await selectEditorModel(settings, log);
    const editor = new EditorModelProvider(chat, { ModelError: core.ModelError, estimateTokens: core.estimateTokens });
    return core.withRedaction(
      core.withResilience(editor, { endpoint: `the editor model ${describeChatModel(chat)}` }),
      redactor,
    );
  }
  return core.createProvider({ ...toProviderSettings(settings, apiKey), redactor });
}

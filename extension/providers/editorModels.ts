/**
 * Which editor model the "vscode" provider uses: `greenloop.lm.vendor` / `family` / `id` select among
 * `vscode.lm.selectChatModels()`, and "Greenloop: Choose Editor Model" lists what the editor has and saves the pick.
 */
import * as vscode from "vscode";
import type { Logger } from "../../agent-core/ports";
import type { GreenloopSettings } from "../config/settings";
import { CHOOSE_MODEL_COMMAND_TITLE } from "./editorModelErrors";
import { describeChatModel, EditorModelProvider } from "./editorModelProvider";
import type { HostProviderInput } from "./registry";

export const CHOOSE_MODEL_COMMAND = "greenloop.chooseEditorModel";

/** The selector the settings describe; empty settings match every model. */
export function selectorOf(
  settings: Pick<GreenloopSettings, "lmVendor" | "lmFamily" | "lmId">,
): vscode.LanguageModelChatSelector {
  return {
    ...(settings.lmVendor ? { vendor: settings.lmVendor } : {}),
    ...(settings.lmFamily ? { family: settings.lmFamily } : {}),
    ...(settings.lmId ? { id: settings.lmId } : {}),
  };
}

function describeSelector(selector: vscode.LanguageModelChatSelector): string {
  const parts = Object.entries(selector).map(([key, value]) => `greenloop.lm.${key} = "${String(value)}"`);
  return parts.length ? parts.join(", ") : "any model";
}

/** The editor model the settings select; throws an Error that says what to do when there is none. */
export async function selectEditorModel(settings: GreenloopSettings, log?: Logger): Promise<vscode.LanguageModelChat> {
  const selector = selectorOf(settings);
  const matching = await vscode.lm.selectChatModels(selector);
  if (matching.length > 0) {
    const chosen = matching[0];
    if (matching.length > 1)
      log?.info(
        `${matching.length} editor models match ${describeSelector(selector)}; using ${describeChatModel(chosen)} (${CHOOSE_MODEL_COMMAND_TITLE} picks one).`,
      );
    return chosen;
  }
  const all = Object.keys(selector).length ? await vscode.lm.selectChatModels() : [];
  if (all.length === 0) {
    throw new Error(
      'This editor has no language model Greenloop can use. Install and sign in to an extension that provides one (GitHub Copilot Chat, for example), or set greenloop.provider to "ollama" or "openai".',
    );
  }
  throw new Error(
    `No editor model matches ${describeSelector(selector)} (${all.length} other${all.length > 1 ? "s are" : " is"} available). Run "${CHOOSE_MODEL_COMMAND_TITLE}" to pick one.`,
  );
}

/** The "vscode" provider of the registry: the editor model the settings select. */
export async function createEditorModelProvider({ core, settings, log }: HostProviderInput) {
  const chat = await selectEditorModel(settings, log);
  const provider = new EditorModelProvider(chat, { ModelError: core.ModelError, estimateTokens: core.estimateTokens });
  return { provider, endpoint: `the editor model ${describeChatModel(chat)}` };
}

/** Updates a `greenloop.*` setting where it is set now (workspace or user), else in the user settings. */
async function updateSetting(key: string, value: string): Promise<void> {
  const config = vscode.workspace.getConfiguration("greenloop");
  const inWorkspace = config.inspect(key)?.workspaceValue !== undefined;
  await config.update(
    key,
    value,
    inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
  );
}

/** Makes `model` the one Greenloop uses: provider "vscode", vendor and id saved, family cleared. */
export async function useEditorModel(model: Pick<vscode.LanguageModelChat, "vendor" | "id">): Promise<void> {
  await updateSetting("lm.vendor", model.vendor);
  await updateSetting("lm.id", model.id);
  await updateSetting("lm.family", "");
  await updateSetting("provider", "vscode");
}

/**
 * "Greenloop: Choose Editor Model": a quick pick of the editor's models (or the model whose id is given, for
 * scripts and tests). Saves the choice and resolves with it; undefined when nothing was chosen.
 */
export async function chooseEditorModel(arg?: unknown): Promise<{ vendor: string; id: string } | undefined> {
  const models = await vscode.lm.selectChatModels();
  if (models.length === 0) {
    void vscode.window.showWarningMessage(
      "Greenloop: this editor has no language model to offer. Install and sign in to an extension that provides one (GitHub Copilot Chat, for example).",
    );
    return undefined;
  }
  let picked: vscode.LanguageModelChat | undefined;
  if (typeof arg === "string") {
    picked = models.find((m) => m.id === arg);
    if (!picked)
      throw new Error(`No editor model has the id "${arg}"; available: ${models.map((m) => m.id).join(", ")}.`);
  } else {
    const items = models.map((model) => ({
      label: model.name || model.id,
      description: `${model.vendor} · ${model.family}`,
      detail: `${model.id} · up to ${model.maxInputTokens.toLocaleString()} input tokens`,
      model,
    }));
    const choice = await vscode.window.showQuickPick(items, {
      title: "Greenloop: the editor model that fixes your code",
      placeHolder: "Greenloop sends failing tests and the code they exercise to the model you choose",
      matchOnDescription: true,
      matchOnDetail: true,
    });
    picked = choice?.model;
  }
  if (!picked) return undefined;
  await useEditorModel(picked);
  return { vendor: picked.vendor, id: picked.id };
}

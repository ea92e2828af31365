/**
 * First run without a model: when Greenloop is set to Ollama, no Ollama server answers, and the editor has
 * language models, offer one of those instead (asked once). Only a model the user picks is used; the editor's
 * own consent dialog then asks before Greenloop's first request reaches a model that needs it.
 */
import * as vscode from "vscode";
import type { Logger } from "../../agent-core/ports";
import { readSettings } from "../config/settings";
import { errorMessage } from "../util/logger";
import { chooseEditorModel, useEditorModel } from "./editorModels";

/** Where Ollama listens when greenloop.baseUrl is empty (the core's default, kept here to stay off the activation path). */
const OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434";
const OFFERED_KEY = "greenloop.editorModelOffered";

/** Asks the user; resolves with the chosen button or undefined. */
export type AskUser = (message: string, detail: string, choices: string[]) => Thenable<string | undefined>;

const askWithDialog: AskUser = (message, detail, choices) =>
  vscode.window.showInformationMessage(message, { modal: true, detail }, ...choices);

let ask: AskUser = askWithDialog;

/** Replaces the question (the in-host suite answers it); undefined restores the dialog. */
export function answerEditorModelOfferWith(answer: AskUser | undefined): void {
  ask = answer ?? askWithDialog;
}

/** Forgets that the offer was made, so it is made again. */
export function resetEditorModelOffer(state: vscode.Memento): Thenable<void> {
  return state.update(OFFERED_KEY, undefined);
}

/** What the offer needs from the extension. */
export interface OfferHost {
  context: { globalState: vscode.Memento };
  log: Logger;
  isTrusted: () => boolean;
}

/**
 * Makes the offer when it applies; resolves true when the user switched to an editor model. Never throws: a
 * run goes on with the settings as they are. An untrusted workspace gets no offer (its run is refused anyway).
 */
export async function offerEditorModelOnce(host: OfferHost): Promise<boolean> {
  const { log } = host;
  const state = host.context.globalState;
  if (!host.isTrusted()) return false;
  try {
    const settings = readSettings((key) => vscode.workspace.getConfiguration("greenloop").get(key));
    if (settings.provider !== "ollama" || state.get(OFFERED_KEY)) return false;
    const url = settings.baseUrl || OLLAMA_DEFAULT_URL;
    if (await answers(url)) return false;
    const models = await vscode.lm.selectChatModels();
    if (models.length === 0) return false;
    await state.update(OFFERED_KEY, true);
    const use = models.length === 1 ? `Use ${models[0].name || models[0].id}` : "Choose Editor Model";
    const pick = await ask(
      `No Ollama server answers at ${url}. Use a language model of the editor instead?`,
      'Greenloop sends the failing tests and the code they exercise to the model you choose. Change it any time with "Greenloop: Choose Editor Model" or the greenloop.provider setting.',
      [use, "Keep Ollama"],
    );
    if (pick !== use) return false;
    if (models.length > 1) return (await chooseEditorModel()) !== undefined;
    await useEditorModel(models[0]);
    log.info(`Switched to the editor model ${models[0].vendor}/${models[0].id}.`);
    return true;
  } catch (error) {
    log.warn(`Could not offer the editor's models: ${errorMessage(error)}`);
    return false;
  }
}

/** True when something answers HTTP at `baseUrl` (any status: a server is there). */
async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/api/version", baseUrl), { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

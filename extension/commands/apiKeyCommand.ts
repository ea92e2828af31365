import * as vscode from "vscode";
import type { Services } from "./services";

/** SecretStorage key of the OpenAI-compatible API key. */
export const API_KEY_SECRET = "greenloop.apiKey";

/** Reads the stored API key. */
export function getApiKey(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(API_KEY_SECRET);
}

/**
 * Stores the API key in SecretStorage (never in settings). With no argument it asks in a password box;
 * an empty answer removes the key. Returns whether a key is stored afterwards.
 */
export async function setApiKey(s: Services, key?: unknown): Promise<boolean | undefined> {
  let value = typeof key === "string" ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: "Greenloop: API key",
      prompt: "API key for the OpenAI-compatible endpoint (stored in the OS key store; leave empty to remove it)",
      password: true,
      ignoreFocusOut: true,
      placeHolder: "sk-…",
    });
    if (value === undefined) return undefined;
  }
  value = value.trim();
  if (value === "") {
    await s.context.secrets.delete(API_KEY_SECRET);
    s.log.info("API key removed.");
    void vscode.window.showInformationMessage("Greenloop: API key removed.");
    return false;
  }
  await s.context.secrets.store(API_KEY_SECRET, value);
  s.log.info("API key stored in SecretStorage.");
  if (typeof key !== "string") void vscode.window.showInformationMessage("Greenloop: API key saved.");
  return true;
}

/** The VS Code webview API as the page sees it, and the page state kept in `setState` across reloads. */
import * as z from "zod";
import { PanelSnapshot, type WebviewToHost } from "./protocol";

/** What `acquireVsCodeApi()` returns (only the parts used here). */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** What the page remembers about itself; the host's copy wins when it has one. */
export const PersistedPage = z.object({
  v: z.literal(1),
  snapshot: PanelSnapshot,
  tab: z.enum(["run", "training"]),
  feedback: z.string().max(4000),
});
export type PersistedPage = z.infer<typeof PersistedPage>;

/** Reads the saved page state; anything unreadable (older version, corrupt) counts as nothing saved. */
export function readPersisted(api: VsCodeApi, warn: (message: string) => void): PersistedPage | undefined {
  let raw: unknown;
  try {
    raw = api.getState();
  } catch (error) {
    warn(`could not read saved state: ${String(error)}`);
    return undefined;
  }
  if (raw === undefined || raw === null) return undefined;
  const parsed = PersistedPage.safeParse(raw);
  if (!parsed.success) {
    warn("saved state is not readable; starting empty");
    return undefined;
  }
  return parsed.data;
}

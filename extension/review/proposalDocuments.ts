import * as vscode from "vscode";
import { Disposable } from "../util/disposable";

/** URI scheme of proposed file contents shown in the diff editor. */
export const PROPOSAL_SCHEME = "greenloop-proposal";

/** Identifies one side of one file of one proposal. */
export interface ProposalDocKey {
  proposalId: string;
  path: string;
  side: "after" | "before";
}

/** The read-only URI for a proposal side; the path keeps the file name so the language mode is inferred. */
export function proposalUri(key: ProposalDocKey): vscode.Uri {
  const query = new URLSearchParams({ proposal: key.proposalId, side: key.side }).toString();
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: "/" + key.path.replace(/\\/g, "/"), query });
}

/** Parses a proposal URI back into its key, or undefined for any other URI. */
export function parseProposalUri(uri: vscode.Uri): ProposalDocKey | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const proposalId = q.get("proposal");
  const side = q.get("side");
  if (!proposalId || (side !== "after" && side !== "before")) return undefined;
  return { proposalId, path: uri.path.replace(/^\//, ""), side };
}

/** Serves proposal texts as virtual, read-only documents. */
export class ProposalDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this));
  }

  /** Makes `text` available under the key's URI and returns that URI. */
  put(key: ProposalDocKey, text: string): vscode.Uri {
    const uri = proposalUri(key);
    this.texts.set(uri.toString(), text);
    this.changeEmitter.fire(uri);
    return uri;
  }

  /** Forgets a proposal's documents (tabs still showing them render empty). */
  drop(proposalId: string): void {
    for (const key of [...this.texts.keys()]) {
      if (parseProposalUri(vscode.Uri.parse(key))?.proposalId === proposalId) this.texts.delete(key);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }
}

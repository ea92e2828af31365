/**
 * The webview application: keeps the panel state (same reducer as the host), talks the protocol, renders.
 */
import { announcementFor } from "./announce";
import { button, h, plural } from "./dom";
import { type PersistedPage, readPersisted, type VsCodeApi } from "./persist";
import { type HostToWebview, parseHostMessage, type WebviewRequest } from "./protocol";
import { DetailsMemory, renderSections, type Section } from "./sections";
import {
  checkDecision,
  emptyPanelState,
  fromSnapshot,
  isEmptyState,
  type PanelAction,
  type PanelState,
  reducePanel,
  toSnapshot,
} from "./state";
import type { ViewActions } from "./views/actions";
import { renderBudget, renderHeader } from "./views/header";
import { renderMemory } from "./views/memory";
import { renderProposal, renderReviewBar } from "./views/proposal";
import { renderTimeline } from "./views/timeline";
import { renderTraining } from "./views/training";

type Tab = PersistedPage["tab"];

/** Distributes a request without `requestId`; the app adds one. */
type RequestBody = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, "requestId"> : never) : never;

export class PanelApp {
  private state: PanelState = emptyPanelState();
  private tab: Tab = "run";
  private feedback = "";
  private error?: string;
  private requestCounter = 0;
  private readonly pending = new Map<string, string>();
  private readonly details = new DetailsMemory();
  private readonly sections: Section[];
  private readonly tabs: Record<Tab, HTMLButtonElement>;
  private readonly panels: Record<Tab, HTMLElement>;
  private readonly live: HTMLElement;
  private frame = 0;
  private trainingRequested = false;

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
    private readonly warn: (message: string) => void,
  ) {
    const restored = readPersisted(api, warn);
    if (restored) {
      this.state = fromSnapshot(restored.snapshot);
      this.tab = restored.tab;
      this.feedback = restored.feedback;
    }
    const containers = Array.from({ length: 8 }, () => h("div"));
    const [errorBox, header, budget, proposal, timeline, memory, training, reviewBar] = containers;
    this.tabs = { run: this.tabButton("run", "Run"), training: this.tabButton("training", "Training") };
    this.panels = {
      run: h("div", { id: "panel-run", role: "tabpanel", "aria-labelledby": "tab-run", class: "tabpanel" }, [
        header,
        budget,
        proposal,
        timeline,
        memory,
      ]),
      training: h(
        "div",
        { id: "panel-training", role: "tabpanel", "aria-labelledby": "tab-training", class: "tabpanel" },
        [training],
      ),
    };
    this.live = h("div", { class: "sr-only", role: "status", "aria-live": "polite", "data-testid": "live" });
    const tablist = h(
      "div",
      { class: "tabs", role: "tablist", "aria-label": "Greenloop views" },
      [this.tabs.run, this.tabs.training],
      { keydown: (ev) => this.onTabKey(ev) },
    );
    // Tabs and the review bar stay at the top while the page scrolls.
    const top = h("div", { class: "top" }, [tablist, reviewBar]);
    root.replaceChildren(
      h("main", { class: "app" }, [top, errorBox, this.panels.run, this.panels.training, this.live]),
    );
    this.details.watch(root);

    const actions = this.actions();
    const st = () => this.state;
    this.sections = [
      { container: errorBox, deps: () => [this.error], render: () => this.renderError() },
      {
        container: header,
        deps: () => [st().run, st().iterations, st().undo],
        render: () => renderHeader(st().run, st().iterations, actions, st().undo?.state),
      },
      { container: budget, deps: () => [st().budget, st().run], render: () => renderBudget(st().budget, st().run) },
      {
        container: proposal,
        deps: () => [st().proposal],
        render: () => renderProposal(st().proposal, this.feedback, actions),
      },
      { container: reviewBar, deps: () => [st().proposal], render: () => renderReviewBar(st().proposal, actions) },
      {
        container: timeline,
        deps: () => [st().run, st().iterations],
        render: () => renderTimeline(st().run, st().iterations, actions),
      },
      { container: memory, deps: () => [st().iterations], render: () => renderMemory(st().iterations) },
      {
        container: training,
        deps: () => [st().training, st().trainingProgress],
        render: () => renderTraining(st().training, st().trainingProgress, actions),
      },
    ];
    this.renderNow();
  }

  /** Says hello to the host, handing over what was restored so a fresh host can adopt it. */
  start(): void {
    this.api.postMessage({ type: "ready", restored: isEmptyState(this.state) ? undefined : toSnapshot(this.state) });
  }

  /** Handles one `message` event from the host; invalid messages are logged and dropped. */
  receive(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.warn(`dropped invalid message from the host: ${parsed.error}`);
      return;
    }
    this.onMessage(parsed.message);
  }

  private onMessage(m: HostToWebview): void {
    switch (m.type) {
      case "state":
        this.dispatch({ kind: "restore", snapshot: m.snapshot });
        if (!m.snapshot.proposal) this.feedback = "";
        return;
      case "event": {
        this.dispatch({ kind: "event", event: m.event });
        const text = announcementFor(m.event);
        if (text) this.announce(text);
        return;
      }
      case "proposal":
        if (m.proposal.proposalId !== this.state.proposal?.proposalId) this.feedback = "";
        this.dispatch({ kind: "proposal", proposal: m.proposal });
        if (!m.proposal.submitted) this.announce("A change waits for your decision");
        return;
      case "hunk-decided":
        this.dispatch({ kind: "decide-hunk", proposalId: m.proposalId, path: m.path, hunk: m.hunk, accept: m.accept });
        this.announce(`Hunk ${m.hunk + 1} of ${m.path} ${m.accept ? "accepted" : "rejected"} in the diff editor`);
        return;
      case "undo-state":
        this.dispatch({ kind: "undo-state", runId: m.runId, state: m.state });
        if (m.state === "undone") this.announce("The run's changes were taken back");
        return;
      case "training":
        this.dispatch({ kind: "training", report: m.report });
        this.announce(`Training report loaded: ${plural(m.report.runs.length, "run")}`);
        return;
      case "training-progress": {
        const p = m.progress;
        // A training the user just started: show it where it is reported.
        if (p.status === "running" && p.done.length === 0 && this.state.trainingProgress?.startedAt !== p.startedAt)
          this.selectTab("training");
        this.dispatch({ kind: "training-progress", progress: p });
        if (p.status === "finished") this.announce(`Training finished: ${p.message ?? ""}`);
        if (p.status === "failed") this.announce(`Training stopped: ${p.message ?? ""}`);
        return;
      }
      case "reply": {
        const what = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        if (!m.ok) this.showError(`${what ?? "Request"} failed: ${m.error ?? "unknown error"}`);
        return;
      }
    }
  }

  private dispatch(action: PanelAction): void {
    const next = reducePanel(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.scheduleRender();
  }

  private request(body: RequestBody, description: string): void {
    const requestId = `w${Date.now().toString(36)}-${++this.requestCounter}`;
    this.pending.set(requestId, description);
    this.api.postMessage({ ...body, requestId } as WebviewRequest);
  }

  private actions(): ViewActions {
    const proposalId = () => this.state.proposal?.proposalId ?? "";
    return {
      decideHunk: (path, hunk, accept) => {
        if (checkDecision(this.state, proposalId(), path, hunk)) return;
        this.dispatch({ kind: "decide-hunk", proposalId: proposalId(), path, hunk, accept });
        this.request(
          { type: "decide-hunk", proposalId: proposalId(), path, hunk, accept },
          `${accept ? "Accepting" : "Rejecting"} hunk ${hunk + 1}`,
        );
        this.announce(`Hunk ${hunk + 1} ${accept ? "accepted" : "rejected"}`);
      },
      decideAll: (accept) => {
        if (checkDecision(this.state, proposalId())) return;
        this.dispatch({ kind: "decide-all", proposalId: proposalId(), accept });
        this.request(
          { type: "decide-all", proposalId: proposalId(), accept },
          accept ? "Accepting all hunks" : "Rejecting all hunks",
        );
        this.announce(accept ? "All hunks accepted" : "All hunks rejected");
      },
      submit: () => {
        const id = proposalId();
        if (checkDecision(this.state, id)) return;
        const feedback = this.feedback.trim();
        this.dispatch({ kind: "submitted", proposalId: id });
        this.request(
          { type: "submit-decision", proposalId: id, ...(feedback ? { feedback } : {}) },
          "Submitting the decision",
        );
        this.announce("Decision submitted");
      },
      stop: () => {
        this.request({ type: "stop" }, "Stopping the run");
        this.announce("Stopping the run");
      },
      undo: () => this.request({ type: "undo" }, "Undo"),
      openFile: (path, line) => this.request({ type: "open-file", path, ...(line ? { line } : {}) }, `Opening ${path}`),
      showTraining: () => this.request({ type: "show-training" }, "Loading the training report"),
      showProposal: () => {
        this.selectTab("run");
        this.panels.run.querySelector("[data-testid=proposal]")?.scrollIntoView({ block: "start" });
      },
      setFeedback: (text) => {
        this.feedback = text.slice(0, 4000);
        this.persist();
      },
    };
  }

  private tabButton(tab: Tab, label: string): HTMLButtonElement {
    return button(label, { id: `tab-${tab}`, role: "tab", "aria-controls": `panel-${tab}`, class: "tab" }, () =>
      this.selectTab(tab),
    );
  }

  private onTabKey(ev: KeyboardEvent): void {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight" && ev.key !== "Home" && ev.key !== "End") return;
    ev.preventDefault();
    const next: Tab =
      ev.key === "Home" ? "run" : ev.key === "End" ? "training" : this.tab === "run" ? "training" : "run";
    this.selectTab(next);
    this.tabs[next].focus();
  }

  private selectTab(tab: Tab): void {
    this.tab = tab;
    if (tab === "training" && !this.state.training && !this.trainingRequested) {
      this.trainingRequested = true;
      this.request({ type: "show-training", quiet: true }, "Loading the training report");
    }
    this.renderNow();
  }

  private renderError(): HTMLElement | null {
    if (!this.error) return null;
    return h("div", { class: "error-banner", role: "alert" }, [
      h("span", {}, [this.error]),
      button("Dismiss", { class: "link", "data-focus-key": "dismiss-error" }, () => {
        this.error = undefined;
        this.renderNow();
      }),
    ]);
  }

  private showError(message: string): void {
    this.error = message;
    this.warn(message);
    this.scheduleRender();
  }

  private announce(text: string): void {
    this.live.textContent = text;
  }

  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private renderNow(): void {
    for (const tab of ["run", "training"] as const) {
      const selected = tab === this.tab;
      this.tabs[tab].setAttribute("aria-selected", String(selected));
      this.tabs[tab].tabIndex = selected ? 0 : -1;
      this.panels[tab].hidden = !selected;
    }
    renderSections(this.sections, this.details);
    this.persist();
  }

  private persist(): void {
    const page: PersistedPage = { v: 1, snapshot: toSnapshot(this.state), tab: this.tab, feedback: this.feedback };
    this.api.setState(page);
  }
}

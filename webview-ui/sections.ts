/**
 * Re-renders a part of the page only when its inputs changed (by identity: the reducer keeps unchanged
 * parts), and keeps the user's focus, caret and opened <details> across re-renders.
 */

/** One region of the page and how to draw it. */
export interface Section {
  container: HTMLElement;
  /** Inputs compared by identity with the last render. */
  deps: () => unknown[];
  render: () => Node | null;
  last?: unknown[];
}

/** Remembers which <details> the user opened or closed, by their data-key. */
export class DetailsMemory {
  private readonly open = new Map<string, boolean>();

  /** Starts listening on `root` for toggles. */
  watch(root: HTMLElement): void {
    root.addEventListener(
      "toggle",
      (ev) => {
        const el = ev.target;
        if (el instanceof HTMLDetailsElement && el.dataset.key) this.open.set(el.dataset.key, el.open);
      },
      true,
    );
  }

  /** Re-applies remembered states inside `root`. */
  apply(root: ParentNode): void {
    root.querySelectorAll<HTMLDetailsElement>("details[data-key]").forEach((el) => {
      const open = this.open.get(el.dataset.key ?? "");
      if (open !== undefined) el.open = open;
    });
  }
}

function sameDeps(a: unknown[] | undefined, b: unknown[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}

function findByFocusKey(root: ParentNode, key: string): HTMLElement | undefined {
  for (const el of root.querySelectorAll<HTMLElement>("[data-focus-key]")) {
    if (el.dataset.focusKey === key) return el;
  }
  return undefined;
}

/** Redraws the sections whose inputs changed. Returns how many were redrawn. */
export function renderSections(sections: Section[], details: DetailsMemory): number {
  let redrawn = 0;
  for (const section of sections) {
    const deps = section.deps();
    if (sameDeps(section.last, deps)) continue;
    section.last = deps;
    redrawn++;
    const active = document.activeElement as HTMLElement | null;
    const focusKey = active && section.container.contains(active) ? active.dataset.focusKey : undefined;
    const selection = active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : undefined;
    const node = section.render();
    section.container.replaceChildren(...(node ? [node] : []));
    details.apply(section.container);
    if (!focusKey) continue;
    const target = findByFocusKey(section.container, focusKey);
    if (target && !(target as HTMLButtonElement).disabled) {
      target.focus({ preventScroll: true });
      if (selection && target instanceof HTMLTextAreaElement) target.setSelectionRange(selection[0], selection[1]);
    } else {
      // The control went away (e.g. the proposal was submitted): keep keyboard users inside the region.
      const fallback = section.container.querySelector<HTMLElement>("h2, h3");
      if (fallback) {
        fallback.tabIndex = -1;
        fallback.focus({ preventScroll: true });
      }
    }
  }
  return redrawn;
}

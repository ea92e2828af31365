/**
 * Tiny DOM builders. Text always goes in as text nodes (never innerHTML): diffs, test messages and model
 * output come from untrusted sources.
 */

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | null>;

/** Event handlers keyed by event name, e.g. `{ click: () => … }`. */
export type Handlers = Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    // `style` attributes are blocked by the CSP; styling goes through classes.
    if (name === "style") continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
}

/** Builds an HTML element: `h("button", { class: "x" }, ["Stop"], { click })`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Child[] = [],
  on: Handlers = {},
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  for (const [name, fn] of Object.entries(on)) el.addEventListener(name, fn as EventListener);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Builds an SVG element; numbers are written as attributes. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Child[] = [],
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A button that is always a real <button type="button">. */
export function button(label: string, attrs: Attrs, onClick: () => void): HTMLButtonElement {
  return h("button", { type: "button", ...attrs }, [label], { click: onClick });
}

/** Formats milliseconds as "850 ms", "12.4 s" or "3 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  const sec = Math.round((ms % 60_000) / 1000);
  return `${min} min ${String(sec).padStart(2, "0")} s`;
}

/** Formats a count with thousands separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Formats a 0..1 rate as a whole percent. */
export function formatPercent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** Plural helper: `plural(2, "hunk")` → "2 hunks" (shared with the CLI and the extension). */
export { plural } from "../agent-core/text/plural";

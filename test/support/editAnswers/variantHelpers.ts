/** Helpers shared by the answer variants: fences, blocks, reasoning, prose and wrong indentation. */
import type { Region, Scenario } from "./scenarioTypes";

export const lf = (s: string) => s.replace(/\r\n/g, "\n");
export const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
export const basename = (p: string) => p.split("/").pop()!;
export const ext = (p: string) => p.split(".").pop()!;
export const fence = (info: string, body: string) =>
  "```" + info + "\n" + body + (body.endsWith("\n") ? "" : "\n") + "```\n";
export const firstTest = (s: Scenario) => Object.keys(s.tests)[0];

export function srBlock(path: string | undefined, r: Region): string {
  return `${path ? path + "\n" : ""}<<<<<<< SEARCH\n${r.search}=======\n${r.replace}>>>>>>> REPLACE\n`;
}
export const srAll = (s: Scenario, path: string | undefined = s.target) =>
  s.regions.map((r) => srBlock(path, r)).join("\n");

/** Indentation rewritten the way a model gets it wrong: 4-space files at 2, 2-space files at 4, tabs as 4 spaces. */
export function misindenter(s: Scenario): (line: string) => string {
  const text = lf(s.before);
  const twoSpace = /^( {2}| {6})\S/m.test(text);
  return (line) => {
    const m = /^[ \t]*/.exec(line)![0];
    if (m.includes("\t")) return m.replace(/\t/g, "    ") + line.slice(m.length);
    const spaces = twoSpace ? m.length * 2 : Math.floor(m.length / 2);
    return " ".repeat(spaces) + line.slice(m.length);
  };
}
export const misindentText = (s: Scenario, text: string) => text.split("\n").map(misindenter(s)).join("\n");

export const THINK = (s: Scenario) =>
  `<think>\nThe failing test points at ${basename(s.target)}. Let me look at the code.\n` +
  "Maybe I should rewrite the whole function? No, a small change is enough.\n" +
  "Something like:\n<<<<<<< SEARCH\nwrong guess\n=======\nother guess\n>>>>>>> REPLACE\nNo wait, that is not it.\n</think>\n\n";

export const PROSE_BEFORE = "The failing test shows the function returns the wrong value. Here is the fix:\n\n";
export const PROSE_AFTER = "\nThis change makes the failing test pass without touching the others.\n";

export const reject = () => "reject" as const;

/** Whether a fence's language tag fits a file, so a shell command or program output is never taken for the file. */
import { languageRowOf } from "../../languages";

/** Tags of files Greenloop does not fix but a model may still fence (configs, docs, other languages). */
const OTHER_GROUPS: readonly (readonly string[])[] = [
  ["rb", "ruby"],
  ["go", "golang"],
  ["rs", "rust"],
  ["java"],
  ["kt", "kotlin", "kts"],
  ["c", "h"],
  ["cpp", "c++", "cc", "cxx", "hpp", "hh", "h"],
  ["cs", "csharp", "c#"],
  ["sh", "bash", "shell", "zsh"],
  ["json", "jsonc"],
  ["yaml", "yml"],
  ["md", "markdown"],
  ["html", "htm"],
];

const extOf = (path: string) => {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
};

/** True when a fence tagged `lang` ("" when untagged) can hold `path`. */
export function fenceFitsFile(lang: string, path: string): boolean {
  if (lang === "") return true;
  const ext = extOf(path);
  if (lang === ext) return true;
  const row = languageRowOf(path);
  if (row) return row.fenceTags.includes(lang);
  return OTHER_GROUPS.some((g) => g.includes(lang) && g.includes(ext));
}

/** Fences holding a diff rather than a file. */
export function isDiffLang(lang: string): boolean {
  return lang === "diff" || lang === "patch" || lang === "udiff";
}

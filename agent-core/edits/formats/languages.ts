/** Whether a fence's language tag fits a file, so a shell command or program output is never taken for the file. */

const GROUPS: readonly (readonly string[])[] = [
  // JavaScript and TypeScript fences are mixed up often enough to count as one.
  ["js", "javascript", "jsx", "mjs", "cjs", "node", "ts", "typescript", "tsx", "mts", "cts"],
  ["py", "python", "python3", "py3", "pyi"],
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
  return GROUPS.some((g) => g.includes(lang) && g.includes(ext));
}

/** Fences holding a diff rather than a file. */
export function isDiffLang(lang: string): boolean {
  return lang === "diff" || lang === "patch" || lang === "udiff";
}

/** Splits a proposal's approval reasons ("<path> <why>") by file, for showing them beside each file's diff. Pure. */
export function reasonsByFile(reasons: readonly string[], paths: readonly string[]): Map<string, string[]> {
  const byFile = new Map(paths.map((p) => [p, [] as string[]]));
  const longestFirst = [...paths].sort((a, b) => b.length - a.length);
  for (const reason of reasons) {
    const owner = longestFirst.find((p) => reason.startsWith(p + " "));
    if (owner) byFile.get(owner)!.push(reason.slice(owner.length + 1));
  }
  return byFile;
}

/** pytest's faulthandler dump: which test a run killed on its overall timeout was still in. */

const DUMP_START = /^Timeout \(\d+:\d\d:\d\d(?:\.\d+)?\)!$/;
const FRAME = /^\s*File "([^"]+)", line (\d+) in (\S+)/;

/**
 * The test a run that was killed on its overall timeout was still in, from the traceback pytest's faulthandler
 * prints when a test runs past `faulthandler_timeout` (the stack's frame just above pytest calling the test
 * function), with the innermost frame of the project's own code (not matching `libraryFrame`). Undefined when
 * the output holds no such dump.
 */
export function stillRunning(output: string, cwd: string, libraryFrame: RegExp): string | undefined {
  const lines = output.split(/\r?\n/);
  let start = -1;
  lines.forEach((line, i) => {
    if (DUMP_START.test(line.trim())) start = i;
  });
  if (start < 0) return undefined;
  const frames: Array<{ file: string; line: string; name: string }> = [];
  for (const line of lines.slice(start + 1)) {
    const frame = FRAME.exec(line);
    if (frame) frames.push({ file: frame[1], line: frame[2], name: frame[3] });
    else if (frames.length > 0 && !/^\s*(Thread|Current thread)\b/.test(line)) break;
  }
  const call = frames.findIndex((f) => /[\\/]_pytest[\\/]python\.py$/.test(f.file) && f.name === "pytest_pyfunc_call");
  if (call <= 0) return undefined;
  const shown = (file: string) =>
    file.startsWith(cwd + "/") || file.startsWith(cwd + "\\") ? file.slice(cwd.length + 1).replace(/\\/g, "/") : file;
  const test = frames[call - 1];
  const own = frames.slice(0, call - 1).find((f) => !libraryFrame.test(f.file));
  const where = own ? ` (at ${shown(own.file)}:${own.line} in ${own.name})` : "";
  return `${test.name} in ${shown(test.file)}${where}`;
}

/**
 * Edit errors as the user reads them. The loop words them for the model ("SEARCH must repeat the file's current
 * lines exactly"); the panel says what happened and keeps the model's wording one hover away. Pure.
 */

/** One line saying what went wrong with the model's edit, for people. */
export function userEditError(message: string): string {
  const first = message.split("\n")[0].trim();
  let m: RegExpExecArray | null;
  if ((m = /The SEARCH section does not match any lines of (\S+?)\.(\s|$)/.exec(first))) {
    return `The model's change did not match the current text of ${m[1]}, so it was not applied; the model is asked again.`;
  }
  if ((m = /The SEARCH section matches (\d+) places in (\S+?) /.exec(first))) {
    return `The model's change fits ${m[1]} places in ${m[2]}, so it was not applied; the model is asked to be more precise.`;
  }
  if ((m = /The SEARCH section is empty but (\S+) already has content/.exec(first))) {
    return `The model tried to write ${m[1]} from scratch although it has content; the change was not applied.`;
  }
  if ((m = /^Refused: (\S+) is a test file/.exec(first)))
    return `Refused a change to the test file ${m[1]} (tests are read-only).`;
  if ((m = /^(\S+) does not exist\. To create it/.exec(first)))
    return `The model edited ${m[1]}, which does not exist; the change was not applied.`;
  if (/^Your blocks changed nothing/.test(first)) return "The model's change would not change anything.";
  if (/contained no SEARCH\/REPLACE blocks|no usable SEARCH\/REPLACE/.test(first))
    return "The model's answer held no change in the expected format; it is asked again.";
  if (
    /^(Edit block \d+|Answer line \d+|Found `>>>>>>> REPLACE`)/.test(first) &&
    /missing|malformed|without/.test(first)
  ) {
    return "Part of the model's answer was malformed (cut off or mistyped markers) and was skipped.";
  }
  if (/^Edit block \d+.*: no file path/.test(first))
    return "Part of the model's answer did not say which file it changes and was skipped.";
  // Anything else: its first sentence, without the instructions that follow.
  const sentence = /^(.*?[.!?])(\s|$)/.exec(first)?.[1] ?? first;
  return sentence.replace(/`([^`]+)`/g, "$1");
}

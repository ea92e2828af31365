/**
 * Where a JSON text first goes wrong, as line and column only. JSON.parse's own message quotes the text
 * around the error, and a config file may hold a key, so its message is never shown.
 */

/** 1-based line and column of the first syntax error, with what was expected there (no file content). */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  expected: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const expect = (char: string, what: string) => {
    if (text[i] !== char) throw new Stop(i, what);
    i++;
  };
  const string = (what = "a string") => {
    expect('"', what);
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) throw new Stop(i, "the end of the string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop(i, "four hex digits");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) throw new Stop(i, "an escape sequence");
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        string("a property name in double quotes");
        space();
        expect(":", "':'");
        value();
        space();
        if (text[i] === "}") return void i++;
        expect(",", "',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === "]") return void i++;
        expect(",", "',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) throw new Stop(i, "a value (strings need double quotes)");
    i += literal[0].length;
  };
  try {
    value();
    space();
    if (i < text.length) throw new Stop(i, "the end of the file");
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1, expected: error.expected };
  }
}

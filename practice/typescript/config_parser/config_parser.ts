// INI-like config parser. Replace every TODO so the tests pass.

export type ConfigValue = string | number | boolean;

/** A syntax error at a 1-based line of the config text. */
export class ConfigSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "ConfigSyntaxError";
  }
}

/**
 * Parses `key = value` lines with [sections], comments, quoted strings and typed values
 * into a flat object such as { "server.port": 8080 }.
 */
export function parseConfig(text: string): Record<string, ConfigValue> {
  // TODO: go line by line: skip blanks and comments, track the section, split at the first "=",
  // parse quoted or unquoted values, reject duplicates. Throw ConfigSyntaxError(lineNumber, reason).
  throw new Error("TODO: parseConfig");
}

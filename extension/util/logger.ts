import type * as vscode from "vscode";
import type { Logger } from "../../agent-core/ports";
// A value import on the activation path, unlike the rest of agent-core: the redactor is small and has no
// dependencies, and log lines must be redacted before the core is ever loaded.
import { Redactor } from "../../agent-core/secrets/redact";

/**
 * The core's Logger on top of the extension's LogOutputChannel (levels map one to one). Every line is
 * redacted: the channel is shown to users and copied into bug reports.
 */
export function channelLogger(
  channel: vscode.LogOutputChannel,
  redactor: Redactor = Redactor.fromEnvironment(process.env),
): Logger {
  return {
    debug: (m) => channel.debug(redactor.redact(m)),
    info: (m) => channel.info(redactor.redact(m)),
    warn: (m) => channel.warn(redactor.redact(m)),
    error: (m) => channel.error(redactor.redact(m)),
  };
}

/** Message of an unknown thrown value, redacted (it is shown in notifications and logs). */
export function errorMessage(err: unknown): string {
  return Redactor.fromEnvironment(process.env).redact(err instanceof Error ? err.message : String(err));
}

/** Secrets never enter the failure memory: failures are redacted before they are embedded, matched or stored. */
import type { FailureQuery } from "../ports";
import type { Redactor } from "../secrets/redact";
import type { FailureRecordJson } from "./records";

/** A failure with secrets taken out of every text field (before signatures, vectors and caps are computed). */
export function redactFailure(failure: FailureQuery, redactor: Redactor): FailureQuery {
  return {
    ...failure,
    testId: redactor.redact(failure.testId),
    message: redactor.redact(failure.message),
    errorText: redactor.redact(failure.errorText),
    file: redactor.redact(failure.file),
    codeContext: redactor.redact(failure.codeContext),
    ...(failure.recentChange === undefined ? {} : { recentChange: redactor.redact(failure.recentChange) }),
  };
}

/** A stored or exported record with secrets taken out of its text fields (older stores may hold some). */
export function redactRecordText<R extends Pick<FailureRecordJson, "errorText" | "testId" | "file" | "codeContext" | "fixPatch">>(record: R, redactor: Redactor): R {
  return {
    ...record,
    errorText: redactor.redact(record.errorText),
    testId: redactor.redact(record.testId),
    file: redactor.redact(record.file),
    codeContext: redactor.redact(record.codeContext),
    fixPatch: redactor.redact(record.fixPatch),
  };
}

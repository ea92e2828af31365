/** Shared bits for provider tests: a recording sleep and a port nobody listens on. */
export { closedPortUrl } from "../../support/closedPort";

/** A sleep that returns at once and remembers each requested delay. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** Resolves with the rejection of a promise that must fail. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error("expected the promise to reject, but it resolved");
}

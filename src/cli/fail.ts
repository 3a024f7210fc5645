/**
 * How the CLIs end on an error: an expected failure (bad data, a damaged or busy run, a full
 * disk; see errors.ts) prints `error: <one line>` and exits 1; anything else is a bug and keeps
 * its stack trace. FMNIST_DEBUG=1 shows the stack of expected failures too.
 */
import { expectedFailureMessage } from "../util/errors.js";

export function exitOnExpectedErrors(): void {
  const handle = (err: unknown) => {
    const message = process.env.FMNIST_DEBUG ? null : expectedFailureMessage(err);
    if (message === null) {
      console.error(err);
    } else {
      console.error(`\nerror: ${message}`);
    }
    process.exit(1);
  };
  process.on("uncaughtException", handle);
  process.on("unhandledRejection", handle);
}

/** One error type for every way a dataset file can be wrong; the message names the file. */
export type DatasetProblem =
  | "missing"
  | "unreadable"
  | "not-gzip"
  | "truncated"
  | "bad-magic"
  | "bad-dimensions"
  | "count-mismatch"
  | "checksum";

import { ExpectedError } from "../util/errors.js";

export class DatasetError extends ExpectedError {
  constructor(
    readonly problem: DatasetProblem,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/**
 * Expected failures: bad data, a damaged or busy run, a full disk, a missing file. Their
 * message is one line naming the file or thing, what was expected and what to do; the CLIs
 * print it and exit non-zero (cli/fail.ts). A stack trace is for bugs.
 */
export class ExpectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const FS_PROBLEMS: Record<string, string> = {
  ENOSPC: "no space left on the device: free some space and run the same command again",
  EDQUOT: "the disk quota is exhausted: free some space and run the same command again",
  EACCES: "permission denied: check the file's owner and mode",
  EPERM: "operation not permitted: check the file's owner and mode",
  EROFS: "the file system is read-only",
  EISDIR: "it is a directory, a file was expected",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links (a link loop)",
  ENOENT: "no such file or directory (a dangling link, or a folder that was removed)",
  EMFILE: "too many open files",
};

/** One line for a Node file-system error (naming its path), or null for any other error. */
export function describeFsError(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!e || typeof e.code !== "string" || !(e.code in FS_PROBLEMS)) return null;
  const where = e.path ? `${e.path}${e.dest ? ` → ${e.dest}` : ""}` : `${e.syscall ?? "a file operation"}`;
  return `${where}: ${FS_PROBLEMS[e.code]} (${e.code})`;
}

/** The one-line message of an expected failure, or null for a bug. */
export function expectedFailureMessage(err: unknown): string | null {
  if (err instanceof ExpectedError) return err.message;
  return describeFsError(err);
}

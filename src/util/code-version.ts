/**
 * Which code trained a run: the project's git commit when the process first asked, and whether
 * the code differed from it then (uncommitted changes under src/ or in the package files).
 * null outside a git checkout or without git. Read once per process: a long study keeps the
 * code it started with even when commits land meanwhile.
 */
import { spawnSync } from "node:child_process";
import { projectRoot } from "./paths.js";

export interface CodeVersion {
  commit: string;
  modified: boolean;
}

export function readCodeVersion(root: string): CodeVersion | null {
  const git = (...args: string[]) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "--verify", "HEAD");
  if (head.error || head.status !== 0) return null;
  const changes = git("status", "--porcelain", "--", "src", "package.json", "package-lock.json");
  return { commit: head.stdout.trim(), modified: changes.stdout.trim().length > 0 };
}

let atStart: CodeVersion | null | undefined;
export function codeVersion(): CodeVersion | null {
  if (atStart === undefined) atStart = readCodeVersion(projectRoot());
  return atStart;
}

/**
 * Quarto's pre-render step (_quarto.yml, project: pre-render): writes _report-facts.yml, which the
 * book reads (metadata-files), so its title page says when, from which commit and at which budget
 * profile the report was rendered, as the fallback PDF's does. Self-contained (Quarto runs it in a
 * copy of the project too): node --import tsx scripts/report/report-facts.ts
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

function git(...args: string[]): string | null {
  const r = spawnSync("git", args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

const sha = git("rev-parse", "--short=12", "HEAD");
const dirty = git("status", "--porcelain", "--untracked-files=no");
const commit = sha ? `${sha}${dirty ? " + uncommitted changes" : ""}` : "unknown (not a git checkout)";
const profile = process.env.FMNIST_PROFILE ?? "cpu";
const today = new Date().toISOString().slice(0, 10);
const facts = `Rendered ${today} from git commit ${commit}; budget profile ${profile}`;
// three lines on the title page (a backslash before a newline is Markdown's line break): LaTeX sets
// the author in a tabular, which never wraps, and one line of it ran past the page's right edge
const titleLines = facts
  .replace(" from git commit", "\\\nfrom git commit")
  .replace("; budget profile", ";\\\nbudget profile");
writeFileSync(
  "_report-facts.yml",
  `# written by scripts/report/report-facts.ts before each quarto render; not committed\nbook:\n  date: ${JSON.stringify(today)}\n  author: ${JSON.stringify(titleLines)}\n`,
);
console.log(`report-facts: ${facts}`);

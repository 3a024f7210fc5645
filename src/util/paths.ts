/** Resolving the project's folders on disk (Node only; config.ts holds the relative names). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { PATHS } from "../config.js";

export const PACKAGE_NAME = "fashion-mnist-study";

/**
 * The project root: the nearest folder at or above the working directory whose package.json
 * is this project's, so notebooks (run from notebooks/) and CLIs (run from the root) agree.
 */
export function projectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** An absolute path under the project root. */
export function projectPath(rel: string): string {
  return join(projectRoot(), rel);
}

/** The run store's root: $FMNIST_OUTPUT_DIR, else output_dir/ in the project. */
export function outputDir(): string {
  return process.env.FMNIST_OUTPUT_DIR ? resolve(process.env.FMNIST_OUTPUT_DIR) : projectPath(PATHS.outputDir);
}

/** The demo's model folder inside a run store: what `npm run export` writes by default and `npm run demo` serves. */
export const DEMO_MODEL_FOLDER = "final_model";

/** The demo's model in a run store (default: the store in use, see outputDir). */
export function demoModelDir(store: string = outputDir()): string {
  return join(store, DEMO_MODEL_FOLDER);
}

/** A path as the report shows it: relative to the project root when inside it. */
export function displayPath(path: string): string {
  const rel = relative(projectRoot(), resolve(path));
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : resolve(path);
}

/** The option that makes a benchmark replace the reference figures the report reads. */
export const SAVE_REFERENCE_OPTION = "save";

/**
 * Where a benchmark writes `file`: the run store's bench/ (the reference figures the report
 * reads, committed) only when asked to replace them (--save); otherwise bench/latest/ of the
 * store, which git ignores, so a trial run changes nothing the repository ships.
 */
export function benchResultPath(file: string, saveReference: boolean): string {
  return join(outputDir(), "bench", ...(saveReference ? [] : ["latest"]), file);
}

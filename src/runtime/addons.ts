/**
 * The project's own native addons (native/, built by scripts/native-graph.sh): loaded by file
 * name from the build folder, or null where they were not built.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { projectPath } from "../util/paths.js";

/** Where node-gyp puts the addons, relative to the project root. */
export const ADDON_DIR = "native/build/Release";

export function loadAddon<T>(file: string): T | null {
  const path = projectPath(`${ADDON_DIR}/${file}`);
  return existsSync(path) ? (createRequire(projectPath("package.json"))(path) as T) : null;
}

/**
 * Facts about the installed tgscope package, found by walking up from this file to its package.json
 * (the same code runs from `src/` under tsx and from `dist/src/` after the build).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the project root (the folder holding tgscope's package.json). */
export const PROJECT_ROOT: string = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The package version, e.g. `0.1.0`. */
export const VERSION: string = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string })
  .version;

function findRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "tgscope") return d;
    if (path.dirname(d) === d) throw new Error(`tgscope's package.json not found above ${dir}`);
  }
}

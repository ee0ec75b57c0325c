/**
 * Vitest global setup: builds the project once (incrementally) so CLI tests run the same compiled
 * `dist/` that `npm start` and `npx tgscope` run, and never a stale one.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Runs `tsc -p tsconfig.json` in the project root. */
export function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    stdio: "inherit",
  });
}

#!/usr/bin/env node
/**
 * Executable entry of `tgscope` (package bin).
 */
import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;

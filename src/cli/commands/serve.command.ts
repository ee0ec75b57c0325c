/**
 * `tgscope serve [--port 8080]`: REST API, dashboard and background jobs.
 */
import type { Command } from "commander";
import { buildApi } from "../../api/index.js";
import { VERSION } from "../../lib/index.js";
import { startJobRunner } from "../../main.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { parsePositiveInt } from "../options.js";

/** Registers the `serve` command; it runs until SIGINT/SIGTERM. */
export function registerServe(program: Command, context: CommandContext): void {
  program
    .command("serve")
    .description("serve the REST API and the dashboard, and run background jobs (collections started from the API)")
    .option("--port <port>", "TCP port (default TGSCOPE_PORT or 8080; 0 picks a free one)")
    .option("--host <host>", "interface to listen on (default TGSCOPE_HOST or 127.0.0.1)")
    .action(async (flags: { port?: string; host?: string }) => {
      const port = flags.port === undefined ? undefined : flags.port === "0" ? 0 : parsePositiveInt("--port", flags.port, 65535);
      context.exitCode = await runWithServices(
        context,
        async (services, signal) => {
          const app = buildApi({ store: services.store, logger: services.logger, accounts: services.accounts, jobs: await services.openJobs(), version: VERSION });
          try {
            const address = await app.listen({ port: port ?? services.config.port, host: flags.host ?? services.config.host });
            const runner = await startJobRunner(services);
            try {
              context.stdout.write(`tgscope ${VERSION} dashboard: ${address.replace("[::1]", "localhost")}/ (database: ${services.store.dialect}; data: ${services.config.dataDir})\n`);
              await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
            } finally {
              // Running jobs go back to the queue; the next `serve` resumes them.
              await runner.stop();
            }
          } finally {
            await app.close();
          }
          return ExitCode.ok;
        },
        "info",
      );
    });
}

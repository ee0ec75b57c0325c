/**
 * `tgscope accounts add|list|remove|logout`: Telegram accounts for `collect --via mtproto`.
 *
 * `add` signs in step by step: phone (or `--phone`) → login code → 2FA password when the account has
 * one; or `--bot` with a token from @BotFather. Codes, passwords and tokens are read from the
 * terminal, never from the command line. The API id and hash come from `--api-id`/`--api-hash`,
 * `TGSCOPE_API_ID`/`TGSCOPE_API_HASH`, or a prompt.
 */
import type { Command } from "commander";
import { toAccountRow } from "../../../contract/index.js";
import type { AccountSummary, ApiCredentials, SignInStep, TelegramAccounts } from "../../accounts/index.js";
import { InvalidOptionError } from "../../domain/index.js";
import type { Config } from "../../config/index.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { parsePositiveInt } from "../options.js";
import { ask } from "../prompt.js";
import { writeTable } from "./sources.command.js";

interface AddFlags {
  phone?: string;
  bot?: boolean;
  apiId?: string;
  apiHash?: string;
}

/** Registers `accounts` and its subcommands. */
export function registerAccounts(program: Command, context: CommandContext): void {
  const accounts = program.command("accounts").description("Telegram accounts used by collect --via mtproto");
  accounts
    .command("add")
    .description("sign in a Telegram account (phone → code → 2FA password) or a bot (--bot)")
    .option("--phone <phone>", "phone number in international form, e.g. +15550001111")
    .option("--bot", "add a bot: its token is asked for")
    .option("--api-id <id>", "api_id from my.telegram.org (default TGSCOPE_API_ID)")
    .option("--api-hash <hash>", "api_hash from my.telegram.org (default TGSCOPE_API_HASH)")
    .action(async (flags: AddFlags) => {
      context.exitCode = await runWithServices(context, async (services) => {
        const credentials = await apiCredentials(context, services.config, flags);
        const added = flags.bot
          ? await services.accounts.addBot(await ask(context, "Bot token: ", true), credentials)
          : await signIn(context, services.accounts, flags.phone ?? (await ask(context, "Phone number (international form, e.g. +15550001111): ")), credentials);
        context.stderr.write(`added ${describe(added)}\n`);
        return ExitCode.ok;
      });
    });
  accounts
    .command("list")
    .description("list accounts and their states (active, waiting until T, logged out, banned)")
    .option("--json", "one JSON object per line")
    .action(async (flags: { json?: boolean }) => {
      context.exitCode = await runWithServices(context, async (services) => {
        const list = await services.accounts.list();
        if (flags.json) {
          for (const a of list) context.stdout.write(`${JSON.stringify(toAccountRow(a))}\n`);
        } else {
          writeTable(context, ["id", "kind", "account", "state", "last error"], list.map((a) => [String(a.id), a.kind, name(a), stateText(a), a.lastError ?? ""]));
        }
        return ExitCode.ok;
      });
    });
  accounts
    .command("remove")
    .description("forget an account (its Telegram session stays valid; logout ends it)")
    .argument("<account>", "id, phone, @bot or username")
    .action(async (ref: string) => {
      context.exitCode = await runWithServices(context, async (services) => {
        context.stderr.write(`removed ${describe(await services.accounts.remove(ref))}\n`);
        return ExitCode.ok;
      });
    });
  accounts
    .command("logout")
    .description("end the account's Telegram session (it is then listed as logged out)")
    .argument("<account>", "id, phone, @bot or username")
    .action(async (ref: string) => {
      context.exitCode = await runWithServices(context, async (services) => {
        context.stderr.write(`logged out ${describe(await services.accounts.logout(ref))}\n`);
        return ExitCode.ok;
      });
    });
}

/** Runs the sign-in steps, asking for the code (again after a wrong one) and the 2FA password. */
async function signIn(context: CommandContext, accounts: TelegramAccounts, phone: string, credentials: ApiCredentials): Promise<AccountSummary> {
  let step: SignInStep = await accounts.startSignIn(phone, credentials);
  let wrongAnswers = 0;
  while (step.status !== "signed_in") {
    const current: SignInStep = step;
    const question = current.status === "code_sent" ? `Login code (sent to your Telegram ${current.deliveredVia}): ` : `Two-step verification password${current.passwordHint ? ` (hint: ${current.passwordHint})` : ""}: `;
    const answer = await ask(context, question, true);
    try {
      step = current.status === "code_sent" ? await accounts.submitCode(current.signInId, answer) : await accounts.submitPassword(current.signInId, answer);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if ((code !== "phone_code_invalid" && code !== "password_invalid") || ++wrongAnswers >= 3) throw error;
      context.stderr.write(`${(error as Error).message}; try again\n`);
    }
  }
  return step.account;
}

async function apiCredentials(context: CommandContext, config: Config, flags: AddFlags): Promise<ApiCredentials> {
  const apiId = flags.apiId !== undefined ? parsePositiveInt("--api-id", flags.apiId) : (config.apiId ?? parsePositiveInt("api_id", await ask(context, "api_id (from my.telegram.org): ")));
  const apiHash = flags.apiHash ?? config.apiHash ?? (await ask(context, "api_hash (from my.telegram.org): ", true));
  if (!/^[0-9a-f]{32}$/i.test(apiHash)) throw new InvalidOptionError("--api-hash", "must be the 32-character api_hash from my.telegram.org");
  return { apiId, apiHash };
}

function name(a: AccountSummary): string {
  return a.kind === "user" && a.username ? `${a.label} (@${a.username})` : a.label;
}

function describe(a: AccountSummary): string {
  return `${a.kind} account #${a.id} ${name(a)} (${stateText(a)})`;
}

function stateText(a: AccountSummary): string {
  return a.state === "flood_wait" && a.floodWaitUntil ? `waiting until ${a.floodWaitUntil.toISOString()}` : a.state.replace("_", " ");
}

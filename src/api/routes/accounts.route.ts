/**
 * `/api/accounts`: Telegram accounts — list, sign a user in step by step (phone → code → 2FA
 * password), add a bot, log out, remove. The same semantics as `tgscope accounts add|list|logout|remove`.
 *
 * Submitted codes, passwords, bot tokens and API hashes go only to {@link TelegramAccounts}; no answer
 * (success or error) contains them, nor any session.
 */
import type { FastifyInstance } from "fastify";
import {
  accountRefParamsSchema,
  addBotSchema,
  signInCodeSchema,
  signInParamsSchema,
  signInPasswordSchema,
  signInStartSchema,
  toAccountRow,
  toSignInStepResponse,
  type AccountListResponse,
  type AccountResponse,
  type SignInStepResponse,
} from "../../../contract/index.js";
import type { ApiServices } from "../app.js";

/**
 * Registers the account routes (error statuses: see `STATUS_BY_ERROR_CODE` in `errors.ts`):
 *
 * - `GET /api/accounts` → `200 { items: AccountRow[] }`
 * - `POST /api/accounts/sign-in` `{ phone, api_id, api_hash }` → `201 { sign_in_id, status: "code_sent",
 *   delivered_via, code_length? }`; `400` `phone_number_invalid`, `403` `account_banned`, `409`
 *   `account_exists`, `429` `flood_wait`
 * - `POST /api/accounts/sign-in/:signInId/code` `{ code }` → `200 { sign_in_id, status: "password_needed",
 *   password_hint? }` or `200 { status: "signed_in", account }`; `400` `phone_code_invalid` (enter the
 *   code again) or `phone_code_expired` (the sign-in has ended: start again), `404` `sign_in_not_found`
 * - `POST /api/accounts/sign-in/:signInId/password` `{ password }` → `200 { status: "signed_in", account }`;
 *   `400` `password_invalid` (enter it again), `404` `sign_in_not_found`
 * - `POST /api/accounts/bots` `{ token, api_id, api_hash }` → `201 { account }`; `400` `bot_token_invalid`,
 *   `409` `account_exists`
 * - `POST /api/accounts/:ref/logout` → `200 { account }` (state `logged_out`); `404` `account_not_found`
 * - `DELETE /api/accounts/:ref` → `200 { account }` (as it was); `404` `account_not_found`
 *
 * `:ref` is a row id, a label (phone or `@bot`) or a username. Malformed bodies and paths answer
 * `400 invalid_request` naming the field.
 */
export function registerAccountsRoute(app: FastifyInstance, services: ApiServices): void {
  const { accounts } = services;

  app.get("/api/accounts", async (): Promise<AccountListResponse> => ({ items: (await accounts.list()).map(toAccountRow) }));

  app.post("/api/accounts/sign-in", async (request, reply): Promise<SignInStepResponse> => {
    const body = signInStartSchema.parse(request.body);
    const step = await accounts.startSignIn(body.phone, { apiId: body.api_id, apiHash: body.api_hash });
    void reply.status(201);
    return toSignInStepResponse(step);
  });

  app.post("/api/accounts/sign-in/:signInId/code", async (request): Promise<SignInStepResponse> => {
    const { signInId } = signInParamsSchema.parse(request.params);
    const { code } = signInCodeSchema.parse(request.body);
    return toSignInStepResponse(await accounts.submitCode(signInId, code));
  });

  app.post("/api/accounts/sign-in/:signInId/password", async (request): Promise<SignInStepResponse> => {
    const { signInId } = signInParamsSchema.parse(request.params);
    const { password } = signInPasswordSchema.parse(request.body);
    return toSignInStepResponse(await accounts.submitPassword(signInId, password));
  });

  app.post("/api/accounts/bots", async (request, reply): Promise<AccountResponse> => {
    const body = addBotSchema.parse(request.body);
    const account = await accounts.addBot(body.token, { apiId: body.api_id, apiHash: body.api_hash });
    void reply.status(201);
    return { account: toAccountRow(account) };
  });

  app.post("/api/accounts/:ref/logout", async (request): Promise<AccountResponse> => {
    const { ref } = accountRefParamsSchema.parse(request.params);
    return { account: toAccountRow(await accounts.logout(ref)) };
  });

  app.delete("/api/accounts/:ref", async (request): Promise<AccountResponse> => {
    const { ref } = accountRefParamsSchema.parse(request.params);
    return { account: toAccountRow(await accounts.remove(ref)) };
  });
}

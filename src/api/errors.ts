/**
 * Error → HTTP mapping: the only place that knows HTTP statuses. Bodies are `{ error: { code, message } }`.
 *
 * Messages come from the error classes, which never contain a submitted login code, password, bot
 * token, API hash or session; request bodies are never echoed (Fastify's own body-parse errors say
 * only that the body is not valid JSON).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { BadInputError, FloodWaitError, TgscopeError } from "../domain/index.js";

/** JSON error body of every failed API call. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** What {@link toHttpError} answers: status, body, and extra headers (`retry-after`). */
export interface HttpError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * Statuses of the tgscope error codes that mean more than "bad input" (400) or "runtime failure" (503):
 *
 * - `404` `account_not_found`, `sign_in_not_found`, `job_not_found`: the account, pending sign-in or
 *   job in the path does not exist (a sign-in ends after it succeeds, fails for good — e.g.
 *   `phone_code_expired` — or expires).
 * - `409` `account_exists`: the label (phone, `@bot`) is taken by an account that is not logged out.
 * - `409` `job_finished`: the job has already ended and cannot be cancelled.
 * - `409` `account_unusable`, `session_revoked`: the Telegram account must be signed in again. Not 401,
 *   which stays reserved for the API caller's own credentials (token, cookie), so a client can tell
 *   "log in to tgscope again" from "sign this Telegram account in again".
 * - `403` `account_banned`: Telegram banned or deleted the account.
 * - `429` `flood_wait`, with `retry-after` in seconds: Telegram asks this installation to wait.
 *
 * Every other {@link BadInputError} — among them `phone_number_invalid`, `phone_code_invalid`,
 * `phone_code_expired`, `password_invalid`, `bot_token_invalid` — is `400`; any other
 * {@link TgscopeError} `503`.
 */
export const STATUS_BY_ERROR_CODE: Readonly<Record<string, number>> = Object.freeze({
  account_not_found: 404,
  sign_in_not_found: 404,
  job_not_found: 404,
  account_exists: 409,
  job_finished: 409,
  account_unusable: 409,
  session_revoked: 409,
  account_banned: 403,
  flood_wait: 429,
});

/** HTTP status, body and headers for an error thrown by a route (see {@link STATUS_BY_ERROR_CODE}). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
    return { status: 400, body: { error: { code: "invalid_request", message } } };
  }
  if (error instanceof TgscopeError) {
    const body = { error: { code: error.code, message: error.message } };
    const mapped = STATUS_BY_ERROR_CODE[error.code];
    if (error instanceof FloodWaitError) return { status: mapped ?? 429, body, headers: { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } };
    if (mapped !== undefined) return { status: mapped, body };
    if (error instanceof BadInputError) return { status: 400, body };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === "number" && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: { error: { code: (fastifyError.code ?? "bad_request").toLowerCase(), message: fastifyError.message ?? "bad request" } },
    };
  }
  if (error instanceof TgscopeError) return { status: 503, body: { error: { code: error.code, message: error.message } } };
  return { status: 500, body: { error: { code: "internal", message: "unexpected server error; see the server log" } } };
}

/** Fastify error handler using {@link toHttpError}; logs 5xx with the error. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toHttpError(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  if (headers !== undefined) void reply.headers(headers);
  void reply.status(status).send(body);
}

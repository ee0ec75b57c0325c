/**
 * Error → HTTP mapping: the only place that knows HTTP statuses. Bodies are `{ error: { code, message } }`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { BadInputError, TgscopeError } from "../domain/index.js";

/** JSON error body of every failed API call. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** HTTP status and body for an error thrown by a route. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
    return { status: 400, body: { error: { code: "invalid_request", message } } };
  }
  if (error instanceof BadInputError) return { status: 400, body: { error: { code: error.code, message: error.message } } };
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
  const { status, body } = toHttpError(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  void reply.status(status).send(body);
}

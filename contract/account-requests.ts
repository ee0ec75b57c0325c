/**
 * Bodies and answers of the Telegram account endpoints under `/api/accounts` (sign-in step by step,
 * bots, logout, removal), validated with zod and shared by the API and the dashboard.
 *
 * Nothing here ever carries a session, an API hash, a login code, a password or a bot token back to
 * the caller: answers hold only {@link AccountRow}s and the sign-in's progress.
 */
import { z } from "zod";
import type { SignInStep } from "../src/accounts/index.js";
import { toAccountRow, type AccountRow } from "./account-row.js";

const API_ID_MESSAGE = "must be the api_id from my.telegram.org (a positive integer)";

/** Application credentials from my.telegram.org, as `api_id` and `api_hash` fields. */
const apiCredentialsShape = {
  api_id: z
    .number({ error: API_ID_MESSAGE })
    .int({ error: API_ID_MESSAGE })
    .positive({ error: API_ID_MESSAGE })
    .max(2_147_483_647, { error: API_ID_MESSAGE }),
  /** 32 hexadecimal characters; stored encrypted. */
  api_hash: z
    .string({ error: "must be the 32-character api_hash from my.telegram.org" })
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, { error: "must be the 32-character api_hash from my.telegram.org" }),
};

/**
 * `POST /api/accounts/sign-in`: starts a user sign-in. `phone` is trimmed and given a leading `+`
 * when it has none (the account's label is the phone in international form).
 */
export const signInStartSchema = z.object({
  phone: z
    .string({ error: "must be a phone number in international form, e.g. +15550001111" })
    .trim()
    .regex(/^\+?\d{7,15}$/, { error: "must be a phone number in international form with 7 to 15 digits, e.g. +15550001111" })
    .transform((phone) => (phone.startsWith("+") ? phone : `+${phone}`)),
  ...apiCredentialsShape,
});

/** `POST /api/accounts/sign-in/:signInId/code`: the login code Telegram sent (trimmed). */
export const signInCodeSchema = z.object({
  code: z
    .string({ error: "must be the login code Telegram sent (1 to 10 letters or digits)" })
    .trim()
    .regex(/^[0-9A-Za-z]{1,10}$/, { error: "must be the login code Telegram sent (1 to 10 letters or digits)" }),
});

/** `POST /api/accounts/sign-in/:signInId/password`: the two-step verification password, as typed (not trimmed). */
export const signInPasswordSchema = z.object({
  password: z
    .string({ error: "must be the account's two-step verification password" })
    .min(1, { error: "must be the account's two-step verification password (not empty)" })
    .max(256, { error: "must be at most 256 characters" }),
});

/** `POST /api/accounts/bots`: a bot token from @BotFather (`<bot id>:<secret>`, trimmed) and API credentials. */
export const addBotSchema = z.object({
  token: z
    .string({ error: "must be the bot token from @BotFather, e.g. 123456:AAE…" })
    .trim()
    .max(256, { error: "must be the bot token from @BotFather (at most 256 characters)" })
    .regex(/^\d+:[\w-]+$/, { error: "must be the bot token from @BotFather: the bot id, a colon and the secret, e.g. 123456:AAE…" }),
  ...apiCredentialsShape,
});

/** Path of the sign-in steps: the `sign_in_id` of `POST /api/accounts/sign-in`. */
export const signInParamsSchema = z.object({
  signInId: z.string().min(1).max(64, { error: "must be the sign_in_id returned by POST /api/accounts/sign-in" }),
});

/** Path of `POST /api/accounts/:ref/logout` and `DELETE /api/accounts/:ref`: row id, label (phone or `@bot`) or username. */
export const accountRefParamsSchema = z.object({
  ref: z.string().trim().min(1, { error: "must be an account id, phone, @bot or username" }).max(200, { error: "must be at most 200 characters" }),
});

/** Parsed `POST /api/accounts/sign-in` body. */
export type SignInStartRequest = z.infer<typeof signInStartSchema>;
/** Parsed `POST /api/accounts/sign-in/:signInId/code` body. */
export type SignInCodeRequest = z.infer<typeof signInCodeSchema>;
/** Parsed `POST /api/accounts/sign-in/:signInId/password` body. */
export type SignInPasswordRequest = z.infer<typeof signInPasswordSchema>;
/** Parsed `POST /api/accounts/bots` body. */
export type AddBotRequest = z.infer<typeof addBotSchema>;

/**
 * Where a sign-in stands after a step: a code was sent (enter it next), the account needs its
 * two-step verification password (enter it next), or the account is signed in and stored.
 */
export type SignInStepResponse =
  | { sign_in_id: string; status: "code_sent"; delivered_via: string; code_length?: number }
  | { sign_in_id: string; status: "password_needed"; password_hint?: string }
  | { status: "signed_in"; account: AccountRow };

/** `GET /api/accounts`. */
export interface AccountListResponse {
  items: AccountRow[];
}

/** `POST /api/accounts/bots`, `POST /api/accounts/:ref/logout`, `DELETE /api/accounts/:ref`. */
export interface AccountResponse {
  account: AccountRow;
}

/** Maps a sign-in step of `TelegramAccounts` to its {@link SignInStepResponse}. */
export function toSignInStepResponse(step: SignInStep): SignInStepResponse {
  switch (step.status) {
    case "code_sent":
      return {
        sign_in_id: step.signInId,
        status: "code_sent",
        delivered_via: step.deliveredVia,
        ...(step.codeLength !== undefined ? { code_length: step.codeLength } : {}),
      };
    case "password_needed":
      return { sign_in_id: step.signInId, status: "password_needed", ...(step.passwordHint !== undefined ? { password_hint: step.passwordHint } : {}) };
    case "signed_in":
      return { status: "signed_in", account: toAccountRow(step.account) };
  }
}

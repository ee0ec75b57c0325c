/**
 * A {@link TelegramConnection} that sends every MTProto call, as TL JSON over HTTP, to a relay on the
 * loopback interface instead of Telegram's data centres. Its use is end-to-end testing: the test
 * process runs a FakeTelegram behind a relay (`testing/relay-server.ts`) and the `tgscope` processes it
 * spawns reach it through `TGSCOPE_MTPROTO_RELAY_URL`. mtcute's own middlewares (flood waiter, error
 * classes) still run in the spawned process.
 */
import { FakeConnection } from "@fuman/net";
import { IntermediatePacketCodec, type RpcCallMiddleware } from "@mtcute/node";
import { request } from "undici";
import type { TelegramConnection } from "./telegram-client.js";
import { decodeTlJson, encodeTlJson } from "./tl-json.js";

/** Path of the relay's one endpoint: `POST {"account", "request"}` → the TL answer. */
export const RELAY_RPC_PATH = "/rpc";

/**
 * The relay's end is already authorised, so clients skip the key exchange; this placeholder key is
 * never used to encrypt anything.
 */
const RELAY_AUTH_KEY = new Uint8Array(256);

/**
 * Routes the calls of one account's client to the relay at `baseUrl`.
 *
 * @param baseUrl - `http://127.0.0.1:<port>` (loopback only: checked by the configuration)
 * @param account - how the relay tells accounts apart (the account's label)
 * @throws (from each call) an `Error` when the relay does not answer 200
 */
export function relayConnection(baseUrl: string, account: string): TelegramConnection {
  const url = new URL(RELAY_RPC_PATH, baseUrl);
  const middleware: RpcCallMiddleware = async (ctx) => {
    const response = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: encodeTlJson({ account, request: ctx.request }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`MTProto relay ${url.origin} answered HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
    return decodeTlJson(text);
  };
  return {
    transport: { connect: async (dc) => new FakeConnection(dc) as never, packetCodec: () => new IntermediatePacketCodec() },
    middleware,
    authKey: RELAY_AUTH_KEY,
  };
}

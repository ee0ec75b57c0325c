/**
 * Serves a {@link FakeTelegram} to other processes on 127.0.0.1: the other end of
 * `relayConnection` (`TGSCOPE_MTPROTO_RELAY_URL`). Each `POST /rpc` carries `{account, request}` as
 * TL JSON and gets the fake's answer back the same way.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RELAY_RPC_PATH } from "../relay-connection.js";
import { decodeTlJson, encodeTlJson } from "../tl-json.js";
import type { FakeTelegram } from "./fake-telegram.js";

/** A running relay. */
export interface FakeTelegramRelay {
  /** `http://127.0.0.1:<port>`, for `TGSCOPE_MTPROTO_RELAY_URL`. */
  url: string;
  close(): Promise<void>;
}

/** Starts a relay for `fake` on an ephemeral loopback port. */
export async function startFakeTelegramRelay(fake: FakeTelegram): Promise<FakeTelegramRelay> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        if (req.method !== "POST" || req.url !== RELAY_RPC_PATH) {
          res.writeHead(404).end();
          return;
        }
        try {
          const { account, request } = decodeTlJson<{ account: string; request: { _: string } }>(Buffer.concat(chunks).toString());
          const answer = await fake.answer(account, request);
          res.writeHead(200, { "content-type": "application/json" }).end(encodeTlJson(answer));
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

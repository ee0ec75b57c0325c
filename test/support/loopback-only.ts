/**
 * Vitest setup file: tests may talk only to loopback. Any TCP or TLS connection to another host
 * throws, so a hidden call to Telegram (or anywhere else) fails the test that made it.
 */
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  // net.connect() passes its normalised arguments as one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const options = (typeof first === "object" && first !== null ? first : { port: first, host: typeof second === "string" ? second : undefined }) as {
    host?: string;
    path?: string;
  };
  if (options.path === undefined && !LOOPBACK.has(options.host ?? "localhost")) {
    throw new Error(`tests may only connect to loopback; something tried ${options.host}`);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

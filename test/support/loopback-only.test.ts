import net from "node:net";
import { expect, it } from "vitest";

it("refuses connections to anything but loopback, so no test reaches the network", async () => {
  expect(() => net.connect({ host: "149.154.167.50", port: 443 })).toThrow(/only connect to loopback/);
  const server = net.createServer((socket) => socket.end()).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.destroy();
  server.close();
});

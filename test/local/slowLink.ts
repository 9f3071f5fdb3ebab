// A slow network between the local stack and Firestore: a TCP relay in front of the real
// emulator that holds every chunk, each way, the delay set before passing it on (in order, as a
// long link does), and can be cut: then it passes nothing on any more and opens no connection.
import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface SlowLink {
  /** host:port, the form FIRESTORE_EMULATOR_HOST takes. */
  host: string;
  /** From now on each chunk waits this long, each way (0: passed on at once). */
  slowDown(delayMs: number): void;
  /** Nothing passes any more, either way (the link is down; the sockets stay open). */
  cut(): void;
  close(): Promise<void>;
}

export async function slowLink(target: string): Promise<SlowLink> {
  const [targetHost, targetPort] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))];
  const sockets = new Set<Socket>();
  let down = false;
  let delayMs = 0;
  /** One direction: chunks queue in order, each leaving once its delay is over. */
  const pass = (from: Socket, to: Socket) => {
    const queue: { chunk: Buffer; leaves: number }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const passDue = () => {
      timer = undefined;
      while (queue.length > 0 && queue[0]!.leaves <= Date.now()) {
        const { chunk } = queue.shift()!;
        if (!down && !to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(passDue, queue[0]!.leaves - Date.now());
    };
    from.on("data", (chunk: Buffer) => {
      queue.push({ chunk, leaves: Date.now() + delayMs });
      timer ??= setTimeout(passDue, delayMs);
    });
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => sockets.delete(socket));
    }
    pass(client, upstream);
    pass(upstream, client);
    client.on("close", () => setTimeout(() => upstream.destroy(), delayMs));
    upstream.on("close", () => setTimeout(() => client.destroy(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    slowDown: (ms) => (delayMs = ms),
    cut: () => {
      down = true;
      server.close();
    },
    close: async () => {
      down = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

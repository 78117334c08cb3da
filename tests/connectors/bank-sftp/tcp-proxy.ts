// A loopback TCP proxy in front of sshd for fault tests: counts connections and client bytes, cuts every connection
// after a byte budget (a link dying mid-upload), or drops all of them at once.
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Client → server bytes of the connections so far. */
  readonly bytesUp: number;
  /** Each new connection is cut once it has carried this many client → server bytes (Infinity = never). */
  cutAfter: number;
  dropAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: () => number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let connections = 0;
  let bytesUp = 0;
  const proxy: TcpProxy = {
    port: 0,
    get connections() {
      return connections;
    },
    get bytesUp() {
      return bytesUp;
    },
    cutAfter: Infinity,
    dropAll() {
      for (const s of open) s.destroy();
      open.clear();
    },
    close: async () => {
      proxy.dropAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer((client) => {
    connections++;
    const budget = proxy.cutAfter;
    let carried = 0;
    const upstream = connect(target(), '127.0.0.1');
    open.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('data', (d: Buffer) => {
      const room = budget - carried;
      if (d.length >= room) {
        // Exactly the budget goes through, then the link dies with the rest of the chunk unsent.
        if (room > 0) upstream.write(d.subarray(0, room));
        carried = budget;
        bytesUp += Math.max(0, room);
        setImmediate(cut);
        return;
      }
      carried += d.length;
      bytesUp += d.length;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('close', cut);
    upstream.on('close', cut);
    client.on('error', cut);
    upstream.on('error', cut);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.port = (server.address() as { port: number }).port;
  return proxy;
}

// Binds the sandbox app to a TCP port: HTTPS with the sandbox's own certificate (node:https via @hono/node-server),
// or plain HTTP; close() drops open and held connections so it never waits on a hanging fault.
import { serve, type ServerType } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

type FetchApp = { fetch: (req: Request, env: never) => Response | Promise<Response> };

export function listen(app: FetchApp, o: { host: string; port: number; tls: { key: string; cert: string } | null }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const fetch = app.fetch as Parameters<typeof serve>[0]['fetch'];
    const onListen = (info: AddressInfo) => {
      server.off('error', reject);
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `${o.tls ? 'https' : 'http'}://${h}:${info.port}`,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            (server as Server).closeAllConnections?.();
          }),
      });
    };
    const server: ServerType = o.tls
      ? serve({ fetch, hostname: o.host, port: o.port, createServer: createHttpsServer, serverOptions: { key: o.tls.key, cert: o.tls.cert } }, onListen)
      : serve({ fetch, hostname: o.host, port: o.port }, onListen);
    server.once('error', reject);
  });
}

// Binds the hono app to a TCP port with @hono/node-server — HTTPS when a certificate is configured — and closes it cleanly.
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface TlsFiles {
  cert_file: string;
  key_file: string;
}

interface Fetchable {
  fetch: (req: Request, ...rest: never[]) => Response | Promise<Response>;
}

export function startServer(app: Fetchable, host: string, port: number, tls?: TlsFiles): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (e: Error) => reject(e);
    const options = tls
      ? { createServer: createHttpsServer, serverOptions: { cert: readFileSync(tls.cert_file), key: readFileSync(tls.key_file), minVersion: 'TLSv1.2' as const } }
      : {};
    server = serve({ fetch: app.fetch as never, hostname: host, port, ...options }, (info: AddressInfo) => {
      server.off('error', onError);
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `${tls ? 'https' : 'http'}://${h}:${info.port}`,
        close: () =>
          new Promise<void>((res) => {
            // Keep-alive browser connections would hold close() open: end idle ones now.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            server.close(() => res());
          }),
      });
    });
    server.once('error', onError);
  });
}

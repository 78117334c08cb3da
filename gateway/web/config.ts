// The [http] section: address, TLS, the non-loopback guard, session timeouts and per-IP login throttling.
import { z } from 'zod';

const port = z.int().min(0).max(65535);

export const httpConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 asks the OS for a free port (tests); the address is printed at start. */
    port: port.default(8080),
    /** HTTPS with this certificate and key (PEM files); HSTS and Secure `__Host-` cookies follow. */
    tls: z
      .strictObject({
        cert_file: z.string().min(1),
        key_file: z.string().min(1),
      })
      .optional(),
    /** Plain HTTP on a non-loopback address sends passwords over the LAN: refused unless this is true (documented deviation). */
    allow_insecure_non_loopback: z.boolean().default(false),
    session: z
      .strictObject({
        /** A session unused this long ends (ASVS 7.3.1). */
        idle_minutes: z.int().min(1).max(24 * 60).default(15),
        /** A session ends this long after login whatever its use (ASVS 7.3.2). */
        absolute_hours: z.int().min(1).max(7 * 24).default(8),
      })
      .prefault({}),
    /** Login attempts one IP address may make per minute before the per-account counter is even reached (ASVS 6.1.1). */
    login_attempts_per_ip_per_minute: z.int().min(1).max(10_000).default(10),
  })
  .check((ctx) => {
    const h = ctx.value;
    if (!h.tls && !h.allow_insecure_non_loopback && !isLoopback(h.host)) {
      ctx.issues.push({
        code: 'custom',
        input: h.host,
        path: ['host'],
        message: `host ${h.host} is not a loopback address and [http.tls] is not set: passwords would cross the network in clear. Set [http.tls] cert_file/key_file, or allow_insecure_non_loopback = true behind a TLS proxy`,
      });
    }
  });

export type HttpConfig = z.output<typeof httpConfigSchema>;

/** 127.0.0.0/8, ::1 and the name localhost: traffic that never leaves the machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

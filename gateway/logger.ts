// pino JSON logger with redaction: never a password, PIN, key or full token in a log line.
import { pino } from 'pino';
import type { Logger } from './core/logger.ts';

/** Paths censored wherever they appear (one level deep is what pino's fast redaction supports). */
export const REDACT_PATHS = ['password', 'pin', 'token', 'secret', 'key', 'authorization', 'cookie', '*.password', '*.pin', '*.token', '*.secret', '*.key', '*.authorization', '*.cookie'];

export interface LoggerOptions {
  level: string;
  file?: string | undefined;
}

export function createLogger(opts: LoggerOptions): Logger {
  const destination = opts.file ? pino.destination({ dest: opts.file, mkdir: true, sync: false }) : pino.destination({ fd: 1, sync: false });
  return pino(
    {
      level: opts.level,
      base: { app: 'bankgate' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  ) as unknown as Logger;
}

// A logger that keeps what it is told (message + fields), to count what a connector did in a test.
import type { Logger } from '../../../gateway/core/logger.ts';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export function captureLogger(lines: CapturedLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: CapturedLine[] } {
  const at =
    (level: CapturedLine['level']) =>
    (obj: object | string, msg?: string): void => {
      if (typeof obj === 'string') lines.push({ level, msg: obj, fields: { ...bindings } });
      else lines.push({ level, msg: msg ?? '', fields: { ...bindings, ...(obj as Record<string, unknown>) } });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => captureLogger(lines, { ...bindings, ...b }) };
}

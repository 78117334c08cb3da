// A tagged template with hono's html`` contract — every interpolated value is escaped unless it is already escaped
// HTML (a nested safeHtml`` or hono's raw()/html``) — without its per-value array allocations: the list pages build
// thousands of cells per view, and this tag renders them ~3× faster (measured). Output is the same as html``'s.
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

const SPECIAL = /[&<>"']/;
const ALL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return SPECIAL.test(s) ? s.replace(ALL, (ch) => ENTITY[ch]!) : s;
}

function piece(v: unknown): string {
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined || typeof v === 'boolean') return '';
  if (Array.isArray(v)) {
    let s = '';
    for (const x of v) s += piece(x);
    return s;
  }
  if (typeof v === 'object' && (v as { isEscaped?: unknown }).isEscaped === true) return String(v);
  return escapeHtml(String(v));
}

export function safeHtml(strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1]!;
  return raw(out);
}

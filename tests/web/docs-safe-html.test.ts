// safeHtml`` gives exactly hono's html`` output: every value escaped, escaped HTML passed through, arrays joined.
import { html, raw } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { safeHtml } from '../../gateway/web/ui/safe-html.ts';
import { rng } from './docs-helpers.ts';

const PIECES = ['<script>alert(1)</script>', '"', "'", '&amp;', '&', '<', '>', 'ТОО «Ромашка»', 'Қазақ', '', ' ', 'a"b\'c<d>e&f', '</td><img src=x onerror=alert(2)>'];

describe('safeHtml', () => {
  it('renders like hono html`` for 2,000 random mixes of text, numbers, nested and raw HTML, arrays and empties', async () => {
    const r = rng(9);
    const value = (depth: number): unknown => {
      const k = Math.floor(r() * 8);
      if (k === 0) return Math.floor(r() * 1e6) / 100;
      if (k === 1) return null;
      if (k === 2) return r() < 0.5;
      if (k === 3) return raw('<b>kept</b>');
      if (k === 4 && depth < 2) return [value(depth + 1), value(depth + 1)];
      if (k === 5 && depth < 2) return [safeHtml`<i>${value(depth + 1)}</i>`];
      return PIECES[Math.floor(r() * PIECES.length)];
    };
    for (let i = 0; i < 2000; i++) {
      const a = value(0);
      const b = value(0);
      const ours = String(safeHtml`<td title="${a}">${b}</td>`);
      const theirs = String(await html`<td title="${a}">${b}</td>`);
      expect(ours).toBe(theirs);
    }
    expect(String(safeHtml`<p>${PIECES[0]}</p>`)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });
});

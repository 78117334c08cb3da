// F1 help of the signing, queues and mailboxes pages: every topic and field section the pages point at opens in
// kk, ru and en.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { webHarness } from './harness.ts';

const PAGES = ['gateway/web/pages/signing-parts.tsx', 'gateway/web/pages/queues-parts.tsx', 'gateway/web/pages/queues.tsx', 'gateway/web/pages/mailboxes.tsx'];

describe('help topics of the operations pages', () => {
  it('open in every language, scrolled to the field the page names', async () => {
    const h = webHarness();
    const fields = [...new Set(PAGES.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/data-help="([a-z0-9-]+\.[a-z0-9_-]+)"/g)].map((m) => m[1]!)))].sort();
    expect(fields.length).toBeGreaterThanOrEqual(13);
    for (const lang of ['kk', 'ru', 'en']) {
      for (const topic of ['signing', 'queues', 'mailboxes']) expect((await h.app.request(`/help/${topic}?lang=${lang}`)).status, `${lang} ${topic}`).toBe(200);
      for (const field of fields) {
        const res = await h.app.request(`/help/${field}?lang=${lang}`);
        expect(res.status, `${lang} ${field}`).toBe(200);
        expect(await res.text(), `${lang} ${field}`).toContain(`id="${field.split('.')[1]}" class="focus"`);
      }
    }
  });
});

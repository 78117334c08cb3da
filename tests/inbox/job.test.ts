// The inbox queue's job data: exactly one content, strict base64, a plain file name, no unknown keys; a `document` is
// one payment order (wrapped into a bankgate.document.v1 file) or a whole file; reply hints survive a refused job.
import { describe, expect, it } from 'vitest';
import { inboxJobSchema, jobBytes, jobProblems, replyHints } from '../../gateway/inbox/job.ts';

const parse = (data: unknown) => inboxJobSchema.safeParse(data);
const problems = (data: unknown) => {
  const r = parse(data);
  return r.success ? '' : jobProblems(r.error);
};

describe('inbox job data', () => {
  it('takes bytes as base64 (line breaks allowed), text as UTF-8, a document as a JSON file', () => {
    const b = parse({ name: 'a.txt', content_base64: 'w6nDqQ==\n', reply_to: 'x', lang: 'kk', mailbox: 'm' });
    expect(b.success && jobBytes(b.data).toString('utf8')).toBe('éé');
    const t = parse({ name: 'a.txt', text: 'Қазақ' });
    expect(t.success && jobBytes(t.data).equals(Buffer.from('Қазақ', 'utf8'))).toBe(true);
    const d = parse({ name: 'order.json', document: { kind: 'payment', number: '1' } });
    expect(d.success && JSON.parse(jobBytes(d.data).toString('utf8'))).toEqual({ format: 'bankgate.document.v1', documents: [{ kind: 'payment', number: '1' }] });
    // Pretty-printed: each key on a line of its own, so an issue's line points at its field.
    expect(d.success && jobBytes(d.data).toString('utf8').split('\n')[4]).toBe('      "kind": "payment",');
    const whole = { format: 'bankgate.document.v1', documents: [{ kind: 'payment' }, { kind: 'budget' }] };
    const w = parse({ name: 'two.json', document: whole });
    expect(w.success && JSON.parse(jobBytes(w.data).toString('utf8'))).toEqual(whole);
  });

  it('names every problem of a bad job without repeating its values', () => {
    expect(problems({ name: 'a.txt' })).toBe('(job): the content is missing: give exactly one of content_base64, text, document');
    expect(problems({ name: 'a.txt', text: 'x', content_base64: 'eA==' })).toBe('text: give exactly one of content_base64, text, document (got content_base64, text)');
    expect(problems({ text: 'x' })).toBe('name: required: the file name, e.g. "name": "1c_to_kl.txt"');
    expect(problems({ name: 'in/a.txt', text: 'x' })).toBe('name: a plain file name: no / or \\ (no folders)');
    expect(problems({ name: 'a.txt', content_base64: 'not base64!' })).toBe('content_base64: base64 (RFC 4648, A–Z a–z 0–9 + /, padded with =)');
    expect(problems({ name: 'a.txt', document: ['x'] })).toMatch(/^document: /);
    expect(problems({ name: 'a.txt', text: 'secret text', colour: 'red' })).toBe('(job): Unrecognized key: "colour"');
    expect(problems('a string')).toMatch(/^\(job\): Invalid input: expected object/);
    expect(problems({ name: 'a.txt', text: 'secret text', lang: 'de' })).not.toContain('secret');
  });

  it('reads reply_to and lang even from a job refused otherwise', () => {
    expect(replyHints({ reply_to: 'r-1', lang: 'en', text: 1 })).toEqual({ replyTo: 'r-1', lang: 'en' });
    expect(replyHints({ reply_to: 5, lang: 'de' })).toEqual({ replyTo: null, lang: 'ru' });
    expect(replyHints(null)).toEqual({ replyTo: null, lang: 'ru' });
  });
});

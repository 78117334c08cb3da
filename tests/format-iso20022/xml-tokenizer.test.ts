// Our XML tokenizer against saxes (a conformant, well-tested SAX parser) on the same input: every corpus message and
// thousands of mutated messages give the same elements, attributes and text, or are both refused as not well-formed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { XmlTokenError, XmlTokenizer } from '../../plugins/format-iso20022/xml/tokenizer.ts';
import { corpusDir } from '../fixtures/corpus.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

type Tok = string[];
interface Outcome {
  events: Tok[];
  error?: string;
  /** Lines of the start tags (ours only). */
  lines?: number[];
}

/** Events as one list: text pieces merged, text outside the root dropped (saxes reports white space there too). */
function recorder() {
  const events: Tok[] = [];
  let depth = 0;
  const text = (t: string) => {
    if (depth === 0 || t === '') return;
    const last = events[events.length - 1];
    if (last?.[0] === 'text') last[1] += t;
    else events.push(['text', t]);
  };
  return {
    events,
    open: (name: string, attrs: string[]) => (depth++, events.push(['open', name, ...attrs])),
    close: (name: string) => (depth--, events.push(['close', name])),
    text,
  };
}

function ours(xml: string, chunk: number): Outcome {
  const r = recorder();
  const lines: number[] = [];
  const t = new XmlTokenizer({
    open: (name, attrs, line) => (lines.push(line), r.open(name, attrs ?? [])),
    close: r.close,
    text: (s, a, b) => r.text(s.slice(a, b)),
  });
  try {
    for (let i = 0; i < xml.length; i += chunk) t.write(xml.slice(i, i + chunk));
    t.end();
    return { events: r.events, lines };
  } catch (e) {
    if (!(e instanceof XmlTokenError)) throw e;
    return { events: r.events, error: e.message, lines };
  }
}

function reference(xml: string): Outcome {
  const r = recorder();
  const p = new SaxesParser({ xmlns: false, position: true });
  let error: string | undefined;
  p.on('error', (e) => {
    error ??= e.message;
    throw e;
  });
  p.on('doctype', () => {
    throw new Error('doctype');
  });
  p.on('opentag', (tag) => r.open(tag.name, Object.entries(tag.attributes as Record<string, string>).flat()));
  p.on('closetag', (tag) => r.close(tag.name));
  p.on('text', r.text);
  p.on('cdata', r.text);
  try {
    p.write(xml).close();
  } catch (e) {
    return { events: r.events, error: error ?? (e as Error).message };
  }
  return { events: r.events };
}

/**
 * Where saxes accepts what XML 1.0 refuses and we follow the specification: §2.6 PI ::= '<?' PITarget (S …)? '?>', so
 * `<?ap? note?>` is not well-formed (saxes reads it as target "ap").
 */
const STRICTER = [/white space must follow a processing instruction target/];

/** The events up to the first error: a parser may stop at once or a little later, so only the shorter prefix counts. */
function agree(a: Outcome, b: Outcome): boolean {
  if (a.error && !b.error && STRICTER.some((r) => r.test(a.error!))) return true;
  if (Boolean(a.error) !== Boolean(b.error)) return false;
  if (!a.error) return JSON.stringify(a.events) === JSON.stringify(b.events);
  const n = Math.min(a.events.length, b.events.length) - 1; // the last may be a text piece cut short
  return JSON.stringify(a.events.slice(0, Math.max(0, n))) === JSON.stringify(b.events.slice(0, Math.max(0, n)));
}

const SAMPLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- a statement -->
<ns:Document xmlns:ns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:x='urn:x'>
 <ns:BkToCstmrStmt>
  <?app note?>
  <ns:Ntry x:a="1 &amp; 2" b = "&#x41;&#66;"><ns:Amt Ccy="KZT">1&lt;2&gt;&apos;&quot;</ns:Amt>
   <ns:Nm>ТОО «Қазақ» &amp; Ко</ns:Nm><ns:Ustrd><![CDATA[a <b> & ]] c]]></ns:Ustrd>
   <ns:Empty/><ns:Sp   />
  </ns:Ntry   >
 </ns:BkToCstmrStmt>
</ns:Document>
<!-- after -->
`;
const SPECIALS = ['<', '>', '&', ';', '/', '!', '?', '-', '[', ']', '"', "'", '=', ' ', '\n', '\t', '\u0001', 'é', 'Қ', '#', 'x', ':', '&amp;', ']]>', '<!--', '-->', '<![CDATA[', '</a>', '<a>', '&#0;', '&#x110000;', '&#65;', '\uFFFE'];

function mutate(xml: string, rnd: () => number): string {
  const at = Math.floor(rnd() * xml.length);
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return xml.slice(0, at) + xml.slice(at + 1 + Math.floor(rnd() * 3));
    case 1:
      return xml.slice(0, at) + SPECIALS[Math.floor(rnd() * SPECIALS.length)] + xml.slice(at);
    case 2:
      return xml.slice(0, at) + SPECIALS[Math.floor(rnd() * SPECIALS.length)] + xml.slice(at + 1);
    default:
      return xml.slice(0, at);
  }
}

describe('XmlTokenizer', () => {
  it('reads the sample as saxes does, whatever the chunk size, with the line of every start tag', () => {
    const ref = reference(SAMPLE);
    expect(ref.error).toBeUndefined();
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
      const o = ours(SAMPLE, chunk);
      expect(o.error, `chunk ${chunk}`).toBeUndefined();
      expect(o.events).toEqual(ref.events);
      expect(o.lines).toEqual([3, 4, 6, 6, 7, 7, 8, 8]);
    }
    const lines: number[] = [];
    const t = new XmlTokenizer({ open: (_n, _a, line) => lines.push(line), close: () => undefined, text: () => undefined });
    t.write(SAMPLE);
    t.end();
    expect(lines).toEqual([3, 4, 6, 6, 7, 7, 8, 8]);
  });

  it('refuses what is not well-formed as saxes does, on 3,000 mutations of the sample', () => {
    const rnd = seededRandom(20261127);
    const differ: string[] = [];
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      let xml = SAMPLE;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) xml = mutate(xml, rnd);
      const ref = reference(xml);
      if (ref.error) refused++;
      for (const chunk of [1 << 20, 5, 64]) {
        const o = ours(xml, chunk);
        if (!agree(o, ref)) differ.push(`${JSON.stringify(xml)}\n  saxes: ${ref.error ?? 'ok'}\n  ours (chunks of ${chunk}): ${o.error ?? 'ok'}`);
      }
    }
    expect(differ.slice(0, 5)).toEqual([]);
    // The mutations are not all harmless: most of them break the document.
    expect(refused).toBeGreaterThan(1500);
  });

  it('gives line and column of a problem and the kind of refusal', () => {
    const fail = (xml: string) => {
      try {
        ours(xml, 3);
        const t = new XmlTokenizer({ open: () => undefined, close: () => undefined, text: () => undefined });
        t.write(xml);
        t.end();
      } catch (e) {
        if (e instanceof XmlTokenError) return [e.reason, e.line, e.column];
        throw e;
      }
      return null;
    };
    expect(fail('<a>\n <b>\n</a>')).toEqual(['syntax', 3, 1]);
    expect(fail('<a>\n x &nbsp; y</a>')).toEqual(['syntax', 2, 4]);
    expect(fail('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toEqual(['dtd', 1, 1]);
    expect(fail('<a>\n\n  \u0002</a>')).toEqual(['syntax', 3, 3]);
    expect(fail('<a>ok</a>\n<b/>')).toEqual(['syntax', 2, 1]);
    expect(fail('  <?xml version="1.0"?><a/>')).toEqual(['syntax', 1, 3]);
    expect(fail('<a x="1" x="2"/>')?.[0]).toBe('syntax');
    expect(fail('<a>]]></a>')?.[0]).toBe('syntax');
    // Names of Object.prototype are no entities either.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(fail(`<a>&${name};</a>`)?.[0]).toBe('syntax');
    expect(fail('<a b="&constructor;"/>')?.[0]).toBe('syntax');
    expect(fail('<a>')?.[0]).toBe('syntax');
  });

  it('refuses markup longer than its limit instead of gathering it without end', () => {
    const t = new XmlTokenizer({ open: () => undefined, close: () => undefined, text: () => undefined }, { maxMarkup: 64 });
    t.write('<a><!--');
    expect(() => {
      for (let i = 0; i < 10; i++) t.write('x'.repeat(16));
    }).toThrow(expect.objectContaining({ reason: 'limit', line: 1, column: 4 }));
  });

  it('normalises line ends (CR LF and CR to LF, §2.11) and attribute white space (§3.3.3)', () => {
    const o = ours('<a b="x\r\ny\tz">1\r\n2\r3&#13;</a>', 4);
    expect(o.events).toEqual([['open', 'a', 'b', 'x y z'], ['text', '1\n2\n3\r'], ['close', 'a']]);
  });

  it('waits for more text rather than cutting a reference or "]]>" at a chunk end', () => {
    const long = `<a>${'x'.repeat(5000)}&amp;${'y'.repeat(5000)}]]</a>`;
    for (const chunk of [4097, 4099, 4100, 5003, 5004, 5005]) expect(ours(long, chunk).events[1]).toEqual(['text', `${'x'.repeat(5000)}&${'y'.repeat(5000)}]]`]);
    const bad = `<a>${'x'.repeat(5000)}]]>${'y'.repeat(10)}</a>`;
    for (const chunk of [5002, 5003, 5004]) expect(ours(bad, chunk).error).toMatch(/]]>/);
  });
});

const DIR = corpusDir('iso20022');
const present = existsSync(DIR);
if (!present) console.warn(`[xml tokenizer corpus] skipped: ${DIR} is absent`);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.xml$/i.test(name)) yield p;
  }
}

describe.skipIf(!present)('XmlTokenizer on the corpus', () => {
  it('agrees with saxes on every ISO 20022 message in the corpus', () => {
    const differ: string[] = [];
    let [count, refused] = [0, 0];
    for (const file of files(DIR)) {
      const bytes = readFileSync(file);
      let xml: string;
      try {
        xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        continue; // not UTF-8: the encoding layer's business, tested with the readers
      }
      count++;
      const ref = reference(xml);
      if (ref.error) refused++;
      const whole = ours(xml, 1 << 20).lines;
      if (JSON.stringify(ours(xml, 777).lines) !== JSON.stringify(whole)) differ.push(`${path.relative(DIR, file)}: start-tag lines differ with chunks of 777`);
      for (const chunk of [1 << 20, 777]) if (!agree(ours(xml, chunk), ref)) differ.push(`${path.relative(DIR, file)} (chunks of ${chunk}): saxes ${ref.error ?? 'ok'}, ours ${ours(xml, chunk).error ?? 'ok'}`);
    }
    console.log(`[xml tokenizer corpus] ${count} UTF-8 messages, ${refused} not well-formed by saxes; ${differ.length} disagreements`);
    expect(differ).toEqual([]);
    expect(count).toBeGreaterThan(50);
  });
});

// The ISO 20022 XML layer: records handed out and dropped, ancestors and ends, encodings, namespaces, refusals, writer.
import { describe, expect, it } from 'vitest';
import { child, readXml, textOf, XmlStreamError, type XmlEvent } from '../../plugins/format-iso20022/xml/stream.ts';
import { XmlWriter, escapeXml, isXmlText } from '../../plugins/format-iso20022/xml/write.ts';

async function* chunks(b: Uint8Array, n: number) {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}
const isNtry = (p: readonly string[]) => p.length === 4 && p[3] === 'Ntry';

async function events(xml: Uint8Array | string, chunk = 1 << 20, records = isNtry): Promise<XmlEvent[]> {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  const out: XmlEvent[] = [];
  for await (const ev of readXml(chunks(bytes, chunk), { records })) out.push(ev);
  return out;
}
async function failure(xml: Uint8Array | string, records = isNtry): Promise<XmlStreamError> {
  try {
    await events(xml, 5, records);
  } catch (e) {
    if (e instanceof XmlStreamError) return e;
    throw e;
  }
  throw new Error('no error');
}

const STMT = `<?xml version="1.0" encoding="UTF-8"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <ns2:BkToCstmrStmt>
  <ns2:GrpHdr><ns2:MsgId>M1</ns2:MsgId></ns2:GrpHdr>
  <ns2:Stmt>
   <ns2:Id>S1</ns2:Id>
   <ns2:Bal><ns2:Amt Ccy="EUR">10.00</ns2:Amt></ns2:Bal>
   <ns2:Ntry><ns2:Amt Ccy="EUR">1.50</ns2:Amt><ns2:AddtlNtryInf><![CDATA[a <b> & c]]></ns2:AddtlNtryInf></ns2:Ntry>
   <ns2:Ntry><ns2:Amt Ccy="EUR">2.50</ns2:Amt></ns2:Ntry>
   <ns2:AddtlStmtInf>after</ns2:AddtlStmtInf>
  </ns2:Stmt>
 </ns2:BkToCstmrStmt>
</ns2:Document>`;

describe('readXml', () => {
  it('hands out records with their ancestors, drops them, and ends the elements above them', async () => {
    for (const size of [1, 7, 1 << 20]) {
      const ev = await events(STMT, size);
      expect(ev.map((e) => `${e.type}:${e.element.name}`)).toEqual(['root:Document', 'record:Ntry', 'record:Ntry', 'end:Stmt', 'end:BkToCstmrStmt', 'end:Document']);
      const [, first, , stmt] = ev;
      expect(first!.element.ns).toBe('urn:iso:std:iso:20022:tech:xsd:camt.053.001.02');
      expect(first!.element.line).toBe(8);
      expect(child(first!.element, 'Amt')!.attrs).toEqual({ Ccy: 'EUR' });
      expect(textOf(first!.element, 'AddtlNtryInf')).toBe('a <b> & c');
      if (first!.type !== 'record') throw new Error('not a record');
      // The statement's header, which the schema puts before its entries, is there when an entry is handed out.
      expect(first!.ancestors.map((a) => a.name)).toEqual(['Document', 'BkToCstmrStmt', 'Stmt']);
      expect(textOf(first!.ancestors[2], 'Id')).toBe('S1');
      expect(stmt!.element.children.map((c) => c.name)).toEqual(['Id', 'Bal', 'AddtlStmtInf']);
    }
  });

  it('keeps the text of a value as written, white space and references included, and no text of elements with children', async () => {
    const xml = `<Document>\n  <A>  padded value  </A>\n  <B>   </B>\n  <C>\n    <D>x</D>\n  </C>\n  <E> &amp; <![CDATA[ <c> ]]> z</E>\n  <F>\t\n</F>\n  <G/>\n  <H>&#32;lead</H>\n</Document>`;
    for (const size of [1, 2, 3, 5, 7, 1 << 20]) {
      const [, end] = await events(xml, size, () => false);
      const texts = Object.fromEntries(end!.element.children.map((c) => [c.name, c.text]));
      expect(texts, `chunks of ${size}`).toEqual({ A: '  padded value  ', B: '', C: '', E: ' &  <c>  z', F: '', G: '', H: ' lead' });
      expect(child(end!.element, 'C', 'D')!.text).toBe('x');
      // The indentation is no text of the root either.
      expect(end!.element.text).toBe('');
    }
  });

  it('takes names that Object.prototype has as plain names (prefixes, attributes)', async () => {
    const ev = await events('<Document xmlns:x="urn:x"><constructor:A __proto__="1" toString="2"/><x:B/></Document>', 1 << 20, () => false);
    const doc = ev.at(-1)!.element;
    expect(doc.children[0]).toMatchObject({ name: 'A', ns: '' });
    expect({ ...doc.children[0]!.attrs }).toEqual({ ['__proto__']: '1', toString: '2' });
    expect(Object.keys(doc.children[0]!.attrs)).toEqual(['__proto__', 'toString']);
    expect(doc.children[1]).toMatchObject({ name: 'B', ns: 'urn:x' });
  });

  it('tolerates a message without a namespace and one with a default namespace', async () => {
    const bare = await events('<Document><BkToCstmrStmt><Stmt><Ntry/></Stmt></BkToCstmrStmt></Document>');
    expect(bare[0]!.element.ns).toBe('');
    expect(bare.filter((e) => e.type === 'record')).toHaveLength(1);
    const dflt = await events('<Document xmlns="urn:x"><A/></Document>');
    expect(dflt[0]!.element.ns).toBe('urn:x');
  });

  it('decodes by byte order mark and by the declared encoding, strictly', async () => {
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>M'), Buffer.from([0xfc]), Buffer.from('ller</a>')]);
    expect((await events(latin1, 3))[0]!.element.text).toBe('Müller');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>Ä</a>')]);
    expect((await events(bom, 2))[0]!.element.text).toBe('Ä');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>Қ</a>', 'utf16le')]);
    expect((await events(utf16, 3))[0]!.element.text).toBe('Қ');
    const bad = await failure(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>'), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]));
    expect(bad.reason).toBe('encoding');
    expect((await failure('<?xml version="1.0" encoding="x-unknown-9"?><a/>')).reason).toBe('encoding');
  });

  it('refuses DTDs and entities XML does not predefine (XXE, entity expansion)', async () => {
    const xxe = await failure('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>');
    expect(xxe.reason).toBe('dtd');
    expect((await failure('<d>&nbsp;</d>')).reason).toBe('syntax');
    // Thousands of predefined entities are plain text (fast-xml-parser's "Entity expansion limit" case).
    const quotes = `<d>${'&quot;'.repeat(20_000)}</d>`;
    expect((await events(quotes))[0]!.element.text).toHaveLength(20_000);
  });

  it('reports syntax errors with their line and column', async () => {
    const e = await failure('<a>\n<b>\n</a>');
    expect([e.reason, e.line]).toEqual(['syntax', 3]);
    expect((await failure('')).reason).toBe('syntax');
  });

  it('bounds what it keeps outside the records', async () => {
    const many = `<a>${'<b/>'.repeat(50)}</a>`;
    const it = readXml(chunks(new TextEncoder().encode(many), 64), { records: () => false, maxRetained: 20 });
    await expect((async () => { for await (const _ of it); })()).rejects.toMatchObject({ reason: 'limit' });
  });
});

describe('XmlWriter', () => {
  it('escapes text and attributes and refuses characters XML cannot carry', async () => {
    const w = new XmlWriter('');
    w.declaration().open('Doc', { xmlns: 'urn:x' }).leaf('A', 'x < y & "z"', { Ccy: 'K"ZT' }).leaf('Skip', undefined);
    const xml = new TextDecoder().decode(w.end());
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<Doc xmlns="urn:x">\n<A Ccy="K&quot;ZT">x &lt; y &amp; &quot;z&quot;</A>\n</Doc>\n');
    const back = await events(xml, 1 << 20, () => false);
    expect(textOf(back.at(-1)!.element, 'A')).toBe('x < y & "z"');
    expect(isXmlText('a\u0001b')).toBe(false);
    // A carriage return survives the round trip only as a character reference.
    const cr = new TextDecoder().decode(new XmlWriter('').leaf('P', 'a\r\nb').end());
    expect(cr).toBe('<P>a&#13;\nb</P>\n');
    expect((await events(cr, 3, () => false))[0]!.element.text).toBe('a\r\nb');
    expect(() => escapeXml('\ud800')).toThrow(RangeError);
  });
});

// detect(): the 1CClientBankExchange first line, after an optional BOM and whitespace, in any of the encodings.
import { describe, expect, it } from 'vitest';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { encode, kzFile } from './helpers.ts';

const head = (bytes: Uint8Array) => ({ name: 'x.txt', size: bytes.length, head: bytes });
const ascii = (s: string) => new TextEncoder().encode(s);

describe('format-1c-kz detect', () => {
  it('is a valid format plugin for the registry', () => {
    const reg = createFormatRegistry([format1cKz]);
    expect(format1cKz.name).toBe('format-1c-kz');
    expect(format1cKz.formats).toEqual(['1c.kz']);
    expect(reg.byFormat('1c.kz')).toBe(format1cKz);
  });

  it.each(['utf-8', 'windows-1251', 'ibm866', 'rk1048'] as const)('recognises a file in %s', (charset) => {
    expect(format1cKz.detect(head(encode(kzFile(), charset)))).toBe('1c.kz');
  });

  it('accepts a UTF-8 BOM and leading whitespace / blank lines', () => {
    expect(format1cKz.detect(head(encode(kzFile(), 'utf-8', true)))).toBe('1c.kz');
    expect(format1cKz.detect(head(ascii(' \t\r\n\n1CClientBankExchange\r\nКонецФайла')))).toBe('1c.kz');
    expect(format1cKz.detect(head(new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a, ...ascii('1CClientBankExchange')])))).toBe('1c.kz');
  });

  it('accepts the marker alone, with LF, CRLF or trailing spaces, in any ASCII case', () => {
    for (const s of ['1CClientBankExchange', '1CClientBankExchange\n', '1CClientBankExchange  \r\n', '1cclientbankexchange\r\n']) {
      expect(format1cKz.detect(head(ascii(s)))).toBe('1c.kz');
    }
  });

  it('rejects everything else', () => {
    for (const s of ['', '1CClient', '1CClientBankExchangeX\r\n', 'X1CClientBankExchange', 'ВерсияФормата=1.03\r\n1CClientBankExchange', '<?xml version="1.0"?><Document/>', ':20:STATEMENT\r\n:25:123']) {
      expect(format1cKz.detect(head(ascii(s))), s).toBeNull();
    }
    expect(format1cKz.detect(head(new Uint8Array([0xff, 0xfe, 0x31, 0x00])))).toBeNull();
  });
});

// detect looks at the head only: Kazakh MT100/MT102 (block 2 or a bare :20: … :32A: … /KNP/ block) yes; MT940/942,
// MT101/MT103, 1C text files, XML and noise no.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../plugins/format-mt102-kz/index.ts';
import { MT102_84 } from './samples.ts';
import { corpusDir } from '../fixtures/corpus.ts';

const d = (s: string | Uint8Array) => {
  const head = typeof s === 'string' ? new TextEncoder().encode(s) : s;
  return detect({ name: 'x.txt', head, size: head.length });
};

describe('detect', () => {
  it('claims block 2 I100 / I102 / O102 messages', () => {
    expect(d(MT102_84)).toBe('swift.kz.mt102');
    expect(d(MT102_84.replace('{2:I102', '{2:I100'))).toBe('swift.kz.mt100');
    expect(d(MT102_84.replace('{2:I102SGROSS000000U3003}', '{2:O1021200261125SGROSS000000000000002611251200N}'))).toBe('swift.kz.mt102');
    expect(d('\uFEFF' + MT102_84)).toBe('swift.kz.mt102');
  });

  it('claims a bare block 4 with :20:, :32A: and /KNP/', () => {
    const bare = MT102_84.split('\n').slice(3).join('\n');
    expect(d(bare)).toBe('swift.kz.mt102');
    expect(d(':20:X1\n:32A:261125KZT10,00\n:50:/D/KZ90601A861000012345\n:70:/NUM/1\n/KNP/710\n-}\n')).toBe('swift.kz.mt100');
    expect(d(':20:X1\n:32A:261125KZT10,00\n:70:/NUM/1\n-}\n')).toBeNull();
  });

  it('refuses MT940/MT942, MT101/MT103, 1C text, XML, JSON, empty input and noise', () => {
    expect(d('{1:F01BANKKZKXAXXX0000000000}{2:I940BANKKZKXXXXXN}{4:\n:20:1\n:25:KZ90601A861000012345\n:28C:1/1\n:60F:C261124KZT1,00\n-}')).toBeNull();
    expect(d(':20:STMT\n:25:KZ90601A861000012345\n:28C:5/1\n:60F:C261124KZT1,00\n:61:2611251125C10,00NTRFNONREF\n:86:/KNP/710\n:62F:C261125KZT11,00\n')).toBeNull();
    expect(d(':20:1\n:32A:261125KZT1,00\n:70:/KNP/710\n:28C:1\n')).toBeNull();
    expect(d('{1:F01FOOABRS0AXXX0000000000}{2:O1031535051028FOOOESMMAXXX00000000000510281535N}{4:\n:20:1\n:32A:061028EUR100000,\n-}')).toBeNull();
    expect(d('1CClientBankExchange\r\nВерсияФормата=2.00\r\n:20:x\r\n:32A:\r\n/KNP/010')).toBeNull();
    expect(d('<?xml version="1.0"?><Document><!-- {2:I102 --></Document>')).toBeNull();
    expect(d('{"format":"bankgate.document.v1","documents":[]}')).toBeNull();
    expect(d('')).toBeNull();
    expect(d(new Uint8Array(512).map((_, i) => (i * 131 + 7) % 256))).toBeNull();
  });

  it('refuses every MT940 file of the corpus (skipped when ../shared/corpus/mt940 is absent)', () => {
    const dir = corpusDir('mt940');
    if (!existsSync(dir)) return console.warn(`[format-mt102-kz detect] ${dir} is absent: MT940 corpus check skipped`);
    const files = (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && !f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(d(new Uint8Array(readFileSync(f)).subarray(0, 65536)), f).toBeNull();
  });
});

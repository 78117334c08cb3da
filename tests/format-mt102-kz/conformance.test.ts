// The shared format-plugin conformance suite run on format-mt102-kz: files written by its own writers today (clean),
// a broken one, and foreign files (1C, MT940, JSON, MT103) that detect must refuse.
import { createFormatRegistry } from '../../gateway/core/registry.ts';
import { describe, expect, it } from 'vitest';
import { formatMt102Kz, renderMt } from '../../plugins/format-mt102-kz/index.ts';
import { describeFormatConformance } from '../conformance/format.conformance.ts';
import { todayIn } from '../../gateway/validate/dates.ts';
import { budget120, payment118, pension119, social } from './samples.ts';

// Written "now": the reader's 2.3 rule wants an MT102's :32A: to be today (Asia/Almaty).
const today = todayIn('Asia/Almaty');
const at = <T extends { date: string; valueDate?: string }>(d: T): T => ({ ...d, date: today, valueDate: today });
const mt102 = renderMt('102', [at(pension119()), at(social())]).bytes;
const mt100 = renderMt('100', [at(payment118()), at(budget120())]).bytes;
const broken = new TextEncoder().encode(new TextDecoder('windows-1251').decode(mt102).replace(/:32A:(\d{6})KZT105500,50/, ':32A:$1KZT105500,51'));

describeFormatConformance({
  plugin: formatMt102Kz,
  samples: [
    { name: 'pension-social.txt', bytes: mt102, expect: 'documents' },
    { name: 'payment-budget.txt', bytes: mt100, expect: 'documents' },
    { name: 'total-mismatch.txt', bytes: broken, expect: 'errors' },
  ],
  foreign: [
    { name: '1c_to_kl.txt', bytes: new TextEncoder().encode('1CClientBankExchange\r\nВерсияФормата=2.00\r\nКонецФайла\r\n') },
    { name: 'stmt.sta', bytes: new TextEncoder().encode(':20:STMT\r\n:25:KZ90601A861000012345\r\n:28C:1/1\r\n:60F:C261124KZT1,00\r\n:62F:C261125KZT1,00\r\n-') },
    { name: 'doc.json', bytes: new TextEncoder().encode('{"format":"bankgate.document.v1","documents":[]}') },
    { name: 'mt103.fin', bytes: new TextEncoder().encode('{1:F01FOOABRS0AXXX0000000000}{2:O1031535051028FOOOESMMAXXX00000000000510281535N}{4:\n:20:1\n:32A:061028EUR100000,\n-}') },
  ],
});

describe('format-mt102-kz in a registry', () => {
  it('is a valid plugin with two writers (txt) next to nothing else', () => {
    const reg = createFormatRegistry([formatMt102Kz]);
    expect(reg.writer('swift.kz.mt100')?.extension).toBe('txt');
    expect(reg.writer('swift.kz.mt102')?.writes).toBe('documents');
    expect(formatMt102Kz.formats).toEqual(['swift.kz.mt100', 'swift.kz.mt102']);
  });
});

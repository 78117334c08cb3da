// The JSON document format (bankgate.document.v1) passes the format conformance suite.
import { describeFormatConformance } from './format.conformance.ts';
import { formatJson } from '../../plugins/format-json/index.ts';
import { gen1cBytes } from '../fixtures/gen-1c.ts';
import { jsonFile, jsonFileBytes, jsonPayment } from '../fixtures/gen-json.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const pension = {
  ...jsonPayment(9),
  kind: 'pension',
  scheme: 'OPV',
  amount: '30000.00',
  rows: [
    { iin: '900101300014', last_name: 'Иванов', first_name: 'Иван', amount: '10000.00', period: '2025-01' },
    { iin: '850515400027', last_name: 'Сейтова', first_name: 'Әсем', middle_name: 'Қайратқызы', amount: '20000.00', period: '2025-01' },
  ],
};

describeFormatConformance({
  plugin: formatJson,
  samples: [
    { name: 'payments.json', bytes: jsonFileBytes([jsonPayment(1), jsonPayment(2)]), expect: 'documents' },
    { name: 'compact.json', bytes: jsonFileBytes([jsonPayment(3), pension], { compact: true }), expect: 'documents' },
    { name: 'bom.json', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), jsonFileBytes([jsonPayment(4)])]), expect: 'documents' },
    { name: 'bad-amount.json', bytes: jsonFileBytes([{ ...jsonPayment(5), amount: 1500.5 }]), expect: 'errors' },
    { name: 'bad-syntax.json', bytes: enc(jsonFile([jsonPayment(6)]).replace('"KZT",', '"KZT"')), expect: 'errors' },
  ],
  foreign: [
    { name: '1c_to_kl.txt', bytes: gen1cBytes({ firstNumber: 1, documents: 1 }) },
    { name: 'other.json', bytes: enc('{"documents": [], "format": "something.else"}') },
    { name: 'array.json', bytes: enc('[{"format": "bankgate.document.v1"}]') },
    { name: 'staff.csv', bytes: enc('ИИН;Фамилия;Имя;Сумма\n900101300014;Иванов;Иван;100.00\n') },
  ],
});

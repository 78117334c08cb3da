// The 1C Client-Bank (Kazakhstan) format plugin passes the format conformance suite.
import { describeFormatConformance } from './format.conformance.ts';
import { format1cKz } from '../../plugins/format-1c-kz/index.ts';
import { gen1cBytes, gen1cText } from '../fixtures/gen-1c.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describeFormatConformance({
  plugin: format1cKz,
  samples: [
    { name: '1c_to_kl.txt', bytes: gen1cBytes({ firstNumber: 118, documents: 3 }), expect: 'documents' },
    { name: 'lf.txt', bytes: enc(gen1cText({ firstNumber: 1, documents: 2 }).replace(/\r\n/g, '\n')), expect: 'documents' },
    { name: 'no-end.txt', bytes: enc(gen1cText({ firstNumber: 1, documents: 1 }).replace('КонецФайла\r\n', '')), expect: 'errors' },
    { name: 'bad-amount.txt', bytes: enc(gen1cText({ firstNumber: 1, documents: 1 }).replace(/Сумма=\S+/, 'Сумма=12.345')), expect: 'errors' },
  ],
  foreign: [{ name: 'pay.txt', bytes: enc('#TESTPAY\n1;2026-11-25;1;KZT;A;B;C\n') }, { name: 'stmt.xml', bytes: enc('<?xml version="1.0"?><Document/>') }],
});

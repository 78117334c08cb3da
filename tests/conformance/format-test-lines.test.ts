// The test-only format passes the format conformance suite (it exercises the suite itself).
import { describeFormatConformance } from './format.conformance.ts';
import { testLinesFormat } from '../fixtures/format-test-lines.ts';
import { gen1cBytes } from '../fixtures/gen-1c.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describeFormatConformance({
  plugin: testLinesFormat,
  samples: [
    { name: 'good.txt', bytes: enc('#TESTPAY\n1;2026-11-25;10.50;KZT;A;B;C\n2;2026-11-26;3;USD;Ә;Қ;Ү\n'), expect: 'documents' },
    { name: 'bad.txt', bytes: enc('#TESTPAY\n1;2026-11-25;10.505;KZT;A;B;C\nnope\n'), expect: 'errors' },
  ],
  foreign: [{ name: '1c_to_kl.txt', bytes: gen1cBytes({ firstNumber: 1, documents: 1 }) }],
});

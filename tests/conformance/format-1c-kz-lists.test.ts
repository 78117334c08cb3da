// The employee-list side-car format (CSV, 1C salary XML) passes the format conformance suite.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeFormatConformance } from './format.conformance.ts';
import { format1cKzLists } from '../../plugins/format-1c-kz/index.ts';
import { gen1cBytes } from '../fixtures/gen-1c.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../samples/1c-kz');
const read = (p: string) => readFileSync(path.join(SAMPLES, p));

describeFormatConformance({
  plugin: format1cKzLists,
  samples: [
    { name: '1c_to_kl.csv', bytes: read('09-sidecar-csv-cp1251/input.csv'), expect: 'documents' },
    { name: '1c_to_kl.xml', bytes: read('10-sidecar-xml109-cp1251/input.xml'), expect: 'documents' },
  ],
  foreign: [{ name: '1c_to_kl.txt', bytes: gen1cBytes({ firstNumber: 1, documents: 1 }) }, { name: 'prices.csv', bytes: Buffer.from('item;price\napple;10\n') }],
});

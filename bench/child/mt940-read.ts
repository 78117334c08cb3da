// Child process of the MT940 benchmark (bench/mt940-bench.ts): `node bin/run-ts.js bench/child/mt940-read.ts <entries>`
// reads the generated file with our reader and with mt940js, alternating, and prints one JSON line.
import { measureMt940 } from '../mt940-bench.ts';

const entries = Number(process.argv[2] ?? 100_000);
console.log(JSON.stringify(measureMt940(entries)));

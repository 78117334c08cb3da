// Runs the dashboard benchmark alone: node bin/run-ts.js bench/dashboard.ts [documents]
// (npx tsx bench/dashboard.ts works too). The 1,000,000-document store is built once and kept in the temp folder.
import { benchDashboard } from './dashboard-bench.ts';
import { printTable } from './table.ts';

const rows = await benchDashboard(Number(process.argv[2] ?? 1_000_000));
printTable(rows);
if (rows.some((r) => !r.pass)) process.exitCode = 1;

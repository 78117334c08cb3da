// Benchmark result rows and their rendering: an aligned text table for the terminal, markdown for reports.

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. ">= 2,500/s". */
  target: string;
  /** What the value compares against, measured in the same run. */
  baseline?: string;
  pass: boolean;
}

const HEADERS = ['benchmark', 'value', 'target', 'baseline', 'ok'] as const;

function formatValue(v: number, unit: string): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function cells(r: BenchRow): string[] {
  return [r.name, formatValue(r.value, r.unit), r.target, r.baseline ?? '', r.pass ? 'PASS' : 'FAIL'];
}

/** Prints the rows as an aligned text table and returns the same table as markdown. */
export function printTable(rows: readonly BenchRow[], print: (line: string) => void = console.log): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((s, i) => (i === 1 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  print(line(HEADERS));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of body) print(line(c));
  const md = (c: readonly string[]) => `| ${c.map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [md(HEADERS), `|${widths.map((_, i) => (i === 1 ? ' ---: ' : ' --- ')).join('|')}|`, ...body.map(md)].join('\n');
}

// Runs one heavy benchmark in its own process so its peak RSS is its own: `node bin/run-ts.js bench/child/run.ts <name> <args…>`.
// Prints one JSON line: the measurement plus maxRssMB.
const [name, ...args] = process.argv.slice(2);
const jobs: Record<string, () => Promise<Record<string, number>>> = {
  'raw-decode': async () => (await import('./raw-decode.ts')).rawDecode(args[0]!),
  'read-validate': async () => (await import('./read-validate.ts')).readValidate(args[0]!),
  ingest: async () => (await import('./ingest.ts')).ingest(args[0]!, Number(args[1])),
  'raw-write': async () => (await import('./raw-write.ts')).rawWrite(args[0]!, Number(args[1])),
  'write-statement': async () => (await import('./write-statement.ts')).writeStatement(args[0]!, Number(args[1])),
};
const job = jobs[name ?? ''];
if (!job) {
  console.error(`unknown benchmark '${name}'; known: ${Object.keys(jobs).join(', ')}`);
  process.exit(2);
}
const result = await job();
console.log(JSON.stringify({ ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);

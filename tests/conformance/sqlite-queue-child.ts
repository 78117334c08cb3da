// Child process for the SQLite queue's multi-process tests: `hang <db>` dies mid-job on kill -9, `drain <db>` races a sibling.
import { existsSync } from 'node:fs';
import { createSqliteQueue } from '../../gateway/queue/sqlite-queue.ts';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'hang' && mode !== 'drain')) {
  console.error('usage: sqlite-queue-child.ts hang|drain <db>');
  process.exit(2);
}
const q = createSqliteQueue({ path: file });

if (mode === 'hang') {
  // Completes j0..j4, then hangs in j5 until the parent kills the process.
  await q.addBulk('k', Array.from({ length: 10 }, (_, i) => ({ name: 'n', data: { i }, opts: { jobId: `j${i}` } })));
  q.process('k', async (job) => {
    if (job.id === 'j5') {
      process.stdout.write('HANG\n');
      await new Promise(() => {});
    }
  }, { leaseMs: 500 });
} else {
  // Runs jobs until the queue is empty, printing each id it ran; the parent checks nobody ran one twice.
  const ran: string[] = [];
  process.stdout.write('READY\n');
  // Both children start together once the parent creates the go file, so they really contend.
  while (!existsSync(`${file}.go`)) await new Promise((r) => setTimeout(r, 2));
  const w = q.process('race', async (job) => void ran.push(job.id), { concurrency: 4, batchSize: 8, pollMs: 5 });
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const c = await q.counts('race');
    if (c.completed > 0 && c.waiting + c.active + c.delayed === 0) break;
  }
  await w.close();
  await q.close();
  process.stdout.write(`${JSON.stringify(ran)}\n`);
}

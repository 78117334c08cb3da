// Child process of state.test.ts: another process sharing the connection's state (a submit worker beside the gateway)
// that records `count` submissions under keys `<prefix>-<i>` as fast as it can, then prints "done".
import { openState } from '../../../connectors/bank-sftp/state.ts';

const [dir, file, prefix, count] = process.argv.slice(2);
if (!dir || !file || !prefix || !count) {
  console.error('usage: state-writer.ts <dir> <file> <prefix> <count>');
  process.exit(2);
}
const state = await openState(dir, file);
for (let i = 0; i < Number(count); i++) {
  await state.update((d) => {
    d.submissions[`${prefix}-${i}`] = { messageId: `${prefix}${i}`, documentId: `doc-${prefix}-${i}`, payloadSha256: '0'.repeat(64), createdAt: new Date().toISOString(), uploaded: false };
  });
}
console.log('done');

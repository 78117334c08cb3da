// Executes accepted documents whose time has come (periodic tick, and lazily before every client read): one
// transaction per document, so a crash leaves each either untouched or fully booked.
import { isoAt } from './clock.ts';
import type { SandboxCore } from './core.ts';
import { tx } from './db.ts';
import { documentByBankId, dueDocuments, markExecuted, markRejected } from './documents-repo.ts';
import type { PayloadDocument } from './envelope.ts';
import { executeFx } from './post-fx.ts';
import { executePayment } from './post-payment.ts';
import { Refusal } from './reasons.ts';

/** Returns how many documents reached a final state. */
export function executeDue(core: SandboxCore): number {
  const now = core.clock.now();
  let done = 0;
  for (const due of dueDocuments(core.db, now)) {
    tx(core.db, () => {
      const row = documentByBankId(core.db, due.bank_id);
      if (!row || row.status !== 'accepted') return;
      const d = JSON.parse(row.document) as PayloadDocument;
      const r = d.kind === 'fx-order' ? executeFx(core, row, d, now) : executePayment(core, row, d, now);
      if (r instanceof Refusal) markRejected(core.db, row.bank_id, r.reason);
      else markExecuted(core.db, row.bank_id, isoAt(now), r);
      core.logger.info({ bankId: row.bank_id, status: r instanceof Refusal ? 'rejected' : 'executed', reason: r instanceof Refusal ? r.reason.code : null }, 'document executed');
      done++;
    });
  }
  return done;
}

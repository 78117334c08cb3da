// Seed clients from the config, applied at every start: clients are upserted, accounts opened only when missing
// (balances survive restarts), certificates and policies replaced by the config's (the gateway mirrors its own
// signers and rights this way, so a right removed there is gone here too).
import type { SandboxAdmin } from './admin.ts';
import { getAccount } from './accounts-repo.ts';
import { forgetCertificates } from './certificates-repo.ts';
import type { SeedClient } from './config.ts';
import { tx, type SandboxDb } from './db.ts';

export function applySeed(db: SandboxDb, admin: SandboxAdmin, clients: readonly SeedClient[]): void {
  for (const c of clients) {
    tx(db, () => {
      admin.upsertClient({ client_id: c.client_id, name: c.name, bin: c.bin, token: c.token });
      for (const a of c.accounts) if (!getAccount(db, a.iban)) admin.openAccount({ client_id: c.client_id, ...a });
      forgetCertificates(db, c.client_id);
      for (const cert of c.certificates) admin.registerCertificate({ client_id: c.client_id, ...cert });
      admin.setPolicy(c.client_id, { policies: c.policies });
    });
  }
}

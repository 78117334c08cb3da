// bank-http passes the Connector conformance suite against the real sandbox bank on loopback, over TLS, pinned.
import { connectorConformance } from '../../conformance/connector.conformance.ts';
import { startSandboxClient } from './sandbox-client.ts';

connectorConformance('bank-http → sandbox bank (TLS, pinned)', async () => {
  const c = await startSandboxClient();
  const session = await c.open();
  return {
    session,
    account: c.account,
    payer: c.payer,
    beneficiary: c.beneficiary,
    fxAccount: { iban: c.usdAccount, currency: 'USD' },
    businessDate: c.businessDate,
    sign: c.sign,
    executeDue: async () => void c.bank.admin.tick(),
    documentCount: async () => c.documentCount(),
    cleanup: () => c.close(),
  };
});

// bank-sftp passes the Connector conformance suite against a real OpenSSH server and the bank's side of the folders;
// FX confirmations and letters are declared unsupported by the connector and skipped.
import { BANK_SFTP_SUPPORTS } from '../../../connectors/bank-sftp/index.ts';
import { connectorConformance } from '../../conformance/connector.conformance.ts';
import { startSftpBank } from './fixture.ts';
import { skipWithoutSshd } from './sshd.ts';

if (!skipWithoutSshd()) {
  connectorConformance(
    'bank-sftp → OpenSSH sshd + bank side (host key pinned)',
    async () => {
      const b = await startSftpBank();
      const session = await b.open();
      return {
        session,
        account: b.account,
        payer: b.payer,
        beneficiary: b.beneficiary,
        fxAccount: { iban: b.account, currency: 'USD' },
        businessDate: b.businessDate,
        sign: b.sign,
        executeDue: () => b.bank.executeDue(),
        // Files the bank took from its inbox: every complete upload it saw, duplicates included.
        documentCount: async () => {
          await b.bank.scan();
          return b.bank.received.length;
        },
        cleanup: () => b.close(),
      };
    },
    BANK_SFTP_SUPPORTS,
  );
}

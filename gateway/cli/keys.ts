// `bankgate keys list|bind|unbind`: keys the configured providers see (like the seed's Tumar configurator) and their users.
import { parseCertificate, type CertificateInfo } from '../../signer/certificate.ts';
import { closeProviders, createKeyProviders, findProviderKey, listProviderKeys } from '../../signer/key-registry.ts';
import { GatewayError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import { bindKey, listKeys, unbindKey } from '../store/keys-repo.ts';
import { listUsers, requireUser } from '../store/users-repo.ts';
import { cliActor, openAdminStore } from './admin-store.ts';
import { printJson, reportError } from './output.ts';
import { askSecret } from './secret-prompt.ts';

interface Globals {
  config?: string;
}

export interface KeyListRow {
  id: string;
  provider: string;
  tokenLabel: string | null;
  tokenSerial: string | null;
  label: string;
  subject: string | null;
  commonName: string | null;
  iin: string | null;
  bin: string | null;
  notBefore: string | null;
  notAfter: string | null;
  canSign: boolean | null;
  /** Seen by its provider now (a token key is invisible while the token is out). */
  visible: boolean;
  boundUser: string | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function runKeysList(o: Globals & { json?: boolean }): Promise<number> {
  return withStore(o, async ({ loaded, store }) => {
    const providers = createKeyProviders(loaded.config.signing, silentLogger);
    try {
      const listings = await listProviderKeys(providers);
      const stored = new Map((await listKeys(store.sql)).map((k) => [k.id, k]));
      const logins = new Map((await listUsers(store.sql)).map((u) => [u.id, u.login]));
      const rows: KeyListRow[] = [];
      for (const l of listings) {
        for (const k of l.keys) {
          const s = stored.get(k.id);
          // A key file with a password-encrypted certificate lists without it: the bound record has it.
          const der = k.certificate.length ? k.certificate : s?.certificate;
          const cert: CertificateInfo | null = der ? parseCertificate(der) : null;
          stored.delete(k.id);
          rows.push(row(k.id, k.provider, k.tokenLabel, k.tokenSerial, k.label, cert, true, s?.userId ? (logins.get(s.userId) ?? s.userId) : null));
        }
      }
      for (const s of stored.values()) {
        rows.push(row(s.id, s.provider, s.tokenLabel, s.tokenSerial, s.label, parseCertificate(s.certificate), false, s.userId ? (logins.get(s.userId) ?? s.userId) : null));
      }
      const errors = listings.filter((l) => l.error).map((l) => ({ provider: l.provider, error: l.error }));
      if (o.json) {
        printJson({ keys: rows, errors });
        return 0;
      }
      if (rows.length === 0) console.log('no keys: configure [signing.providers] (key files or PKCS#11 modules) and insert the token');
      for (const r of rows) {
        console.log(`${r.id}`);
        console.log(`  provider ${r.provider}${r.tokenLabel ? `, token ${r.tokenLabel}` : ''}${r.tokenSerial ? ` (serial ${r.tokenSerial})` : ''}, label ${r.label}${r.visible ? '' : '  [not visible now]'}`);
        console.log(`  subject  ${r.commonName ?? r.subject ?? '(certificate encrypted: bind asks the password)'}${r.iin ? `  IIN ${r.iin}` : ''}${r.bin ? `  BIN ${r.bin}` : ''}`);
        if (r.notBefore) console.log(`  valid    ${r.notBefore} … ${r.notAfter}${r.canSign === false ? '  NOT FOR SIGNING (key usage)' : ''}`);
        console.log(`  user     ${r.boundUser ?? '(not bound: bankgate keys bind KEY LOGIN)'}`);
      }
      for (const e of errors) console.error(`bankgate: provider ${e.provider}: ${e.error}`);
      return 0;
    } finally {
      await closeProviders(providers);
    }
  });
}

function row(id: string, provider: string, tokenLabel: string | null, tokenSerial: string | null, label: string, cert: CertificateInfo | null, visible: boolean, boundUser: string | null): KeyListRow {
  return {
    id,
    provider,
    tokenLabel,
    tokenSerial,
    label,
    subject: cert?.subject ?? null,
    commonName: cert?.commonName ?? null,
    iin: cert?.iin ?? null,
    bin: cert?.bin ?? null,
    notBefore: cert ? day(cert.notBefore) : null,
    notAfter: cert ? day(cert.notAfter) : null,
    canSign: cert?.canSign ?? null,
    visible,
    boundUser,
  };
}

export function runKeysBind(keyRef: string, login: string, o: Globals): Promise<number> {
  return withStore(o, async ({ loaded, store }) => {
    const user = await requireUser(store.sql, login);
    const providers = createKeyProviders(loaded.config.signing, silentLogger);
    try {
      const { provider, info } = await findProviderKey(providers, keyRef);
      let der = info.certificate;
      if (der.length === 0) {
        // The certificate sits password-encrypted in the key file: read it through a session.
        const session = await provider.open(info.id, await askSecret(`password of ${info.label}: `));
        der = session.key.certificate;
        await session.close();
      }
      const cert = parseCertificate(der);
      if (!cert.canSign) throw new GatewayError('SIGN_CERT_USAGE', `the certificate of ${info.id} is not for digital signatures (key usage: ${cert.keyUsage.join(', ') || 'none'})`);
      const k = await bindKey(store.sql, { id: info.id, provider: info.provider, label: info.label, tokenLabel: info.tokenLabel, tokenSerial: info.tokenSerial, certificate: der, fingerprint: cert.fingerprint, subject: cert.subject, iin: cert.iin, bin: cert.bin, notBefore: cert.notBefore, notAfter: cert.notAfter }, user.id, cliActor());
      console.log(`${k.id}: bound to ${user.login} (${user.name}); certificate ${cert.commonName ?? cert.subject}, valid ${day(cert.notBefore)} … ${day(cert.notAfter)}`);
      return 0;
    } finally {
      await closeProviders(providers);
    }
  });
}

export function runKeysUnbind(keyId: string, o: Globals): Promise<number> {
  return withStore(o, async ({ store }) => {
    await unbindKey(store.sql, keyId, cliActor());
    console.log(`${keyId}: unbound`);
    return 0;
  });
}

async function withStore(o: Globals, fn: (ctx: Awaited<ReturnType<typeof openAdminStore>>) => Promise<number>): Promise<number> {
  try {
    const ctx = (await openAdminStore(o));
    try {
      return await fn(ctx);
    } finally {
      await ctx.store.close();
    }
  } catch (e) {
    return reportError(e);
  }
}

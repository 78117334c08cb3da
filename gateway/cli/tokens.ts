// `bankgate tokens`: configured USB tokens and whether each is inserted now (node-hid), and the PKCS#11 tokens the providers see.
import { usbId } from '../../signer/config.ts';
import { closeProviders, createKeyProviders, listProviderKeys } from '../../signer/key-registry.ts';
import { matches, nodeHidSource, type HidDevice } from '../../signer/presence.ts';
import { silentLogger } from '../core/logger.ts';
import { loadConfig } from '../../config/load.ts';
import { printJson, reportError } from './output.ts';

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

export async function runTokens(o: { config?: string; json?: boolean }): Promise<number> {
  try {
    const { config } = loadConfig(o.config ? { configPath: o.config } : {});
    let devices: HidDevice[] = [];
    let hidError: string | null = null;
    try {
      devices = await nodeHidSource().devices();
    } catch (e) {
      hidError = (e as Error).message;
    }
    const usb = config.signing.tokens.map((t) => {
      const match = { vendorId: usbId(t.vendor_id), productId: usbId(t.product_id), serial: t.serial };
      return { vendorId: hex(match.vendorId), productId: hex(match.productId), serial: t.serial ?? null, keys: t.keys, present: hidError ? null : devices.some((d) => matches(d, match)) };
    });
    const providers = createKeyProviders(config.signing, silentLogger);
    let pkcs11: { provider: string; tokenLabel: string | null; tokenSerial: string | null; keys: number }[] = [];
    const errors: { provider: string; error: string }[] = [];
    try {
      for (const l of await listProviderKeys(providers)) {
        if (l.error) errors.push({ provider: l.provider, error: l.error });
        const byToken = new Map<string, { provider: string; tokenLabel: string | null; tokenSerial: string | null; keys: number }>();
        for (const k of l.keys) {
          if (k.provider === 'software') continue;
          const key = `${k.tokenSerial}|${k.tokenLabel}`;
          const t = byToken.get(key) ?? { provider: l.provider, tokenLabel: k.tokenLabel, tokenSerial: k.tokenSerial, keys: 0 };
          t.keys++;
          byToken.set(key, t);
        }
        pkcs11 = pkcs11.concat([...byToken.values()]);
      }
    } finally {
      await closeProviders(providers);
    }
    if (o.json) {
      printJson({ usb, hid: { devices: devices.length, error: hidError }, pkcs11, errors });
      return 0;
    }
    console.log(`USB tokens configured: ${usb.length}${hidError ? ` (presence unknown: ${hidError})` : `; HID devices seen: ${devices.length}`}`);
    for (const t of usb) console.log(`  ${t.vendorId}:${t.productId}${t.serial ? ` serial ${t.serial}` : ''}  ${t.present === null ? 'unknown' : t.present ? 'INSERTED' : 'absent'}  keys ${t.keys.join(', ')}`);
    console.log(`PKCS#11 tokens visible: ${pkcs11.length}`);
    for (const t of pkcs11) console.log(`  ${t.provider}: ${t.tokenLabel ?? '(no label)'}  serial ${t.tokenSerial ?? '?'}  keys ${t.keys}`);
    for (const e of errors) console.error(`bankgate: provider ${e.provider}: ${e.error}`);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

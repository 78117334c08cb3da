// Schema validation of generated ISO 20022 XML with libxml2's xmllint against the official XSDs in the shared corpus.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from '../fixtures/corpus.ts';

export const XSD_DIR = process.env['SHARED_CORPUS_XSD'] ?? corpusDir('xsd');

const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
/** Why schema tests cannot run here, or null when xmllint and the XSD folder are present. */
export const xmllintMissing: string | null =
  probe.error || probe.status !== 0 ? 'xmllint is not installed (Debian libxml2-utils)' : !existsSync(XSD_DIR) ? `${XSD_DIR} is absent` : null;
export const xmllintAvailable = xmllintMissing === null;
if (xmllintMissing) {
  if (process.env['REQUIRE_SERVICES'] === '1') throw new Error(`schema validation required (REQUIRE_SERVICES=1): ${xmllintMissing}`);
  console.warn(`[iso20022 schema tests] skipped: ${xmllintMissing}`);
}

/** Validates `xml` against `xsd` (a file name in XSD_DIR); errors are xmllint's lines. */
export function xsdValidate(xml: Uint8Array | string, xsd: string): { ok: boolean; errors: string[] } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(XSD_DIR, xsd), '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const errors = r.stderr.split('\n').filter((l) => l && !/ validates$/.test(l));
  return { ok: r.status === 0, errors };
}

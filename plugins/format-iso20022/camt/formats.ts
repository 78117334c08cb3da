// The camt messages this gateway reads (052 intraday report, 053 statement, 054 debit/credit notification, each in
// V02 and V08) and how a root element names one. Other versions (.001.01–.07, .10) are read by the same local names.
import type { XmlElement } from '../xml/stream.ts';

export const CAMT_FORMATS = [
  'iso20022.camt.052.001.02',
  'iso20022.camt.052.001.08',
  'iso20022.camt.053.001.02',
  'iso20022.camt.053.001.08',
  'iso20022.camt.054.001.02',
  'iso20022.camt.054.001.08',
] as const;

export type CamtFormat = (typeof CAMT_FORMATS)[number];
export type CamtMessage = '052' | '053' | '054';
export type CamtKind = 'statement' | 'intraday' | 'notification';

/** The message element below `Document` and its repeated report element, per message. */
export const MESSAGES: Readonly<Record<CamtMessage, { body: string; report: string; kind: CamtKind }>> = {
  '052': { body: 'BkToCstmrAcctRpt', report: 'Rpt', kind: 'intraday' },
  '053': { body: 'BkToCstmrStmt', report: 'Stmt', kind: 'statement' },
  '054': { body: 'BkToCstmrDbtCdtNtfctn', report: 'Ntfctn', kind: 'notification' },
};

const NS = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d{2})$/;

/** The last body element name asked about and its answer. */
let lastBody: { name: string; message: CamtMessage | null } = { name: '', message: null };

/** The message a body element names ('BkToCstmrStmt', V01's 'BkToCstmrStmtV01'), or null. */
export function messageOfBody(name: string): CamtMessage | null {
  // Asked for every entry's grandparent: the last answer is kept (a file has one body element).
  if (name === lastBody.name) return lastBody.message;
  let found: CamtMessage | null = null;
  for (const [m, d] of Object.entries(MESSAGES) as [CamtMessage, (typeof MESSAGES)[CamtMessage]][]) {
    if (name === d.body || (name.startsWith(d.body) && /^V\d{2}$/.test(name.slice(d.body.length)))) {
      found = m;
      break;
    }
  }
  lastBody = { name, message: found };
  return found;
}

/**
 * The camt format id of a message by its root element: the namespace's message and version (.001.01–.07 map to the
 * .02 reading, .08 and later to .08 — the reader takes every version by local names). Without a namespace (seen in
 * bank samples) the root's first child decides the message and V02 is assumed; a root given without children then
 * yields null, as does anything that is not camt.052/053/054.
 */
export function camtFormatOf(root: Pick<XmlElement, 'name' | 'ns' | 'children'>): CamtFormat | null {
  const m = NS.exec(root.ns);
  if (m) {
    if (root.name !== 'Document') return null;
    const version = Number(m[2]);
    return `iso20022.camt.${m[1] as CamtMessage}.001.${version >= 8 ? '08' : '02'}`;
  }
  if (root.ns !== '' || root.name !== 'Document') return null;
  const body = root.children[0];
  const message = body ? messageOfBody(body.name) : null;
  return message ? `iso20022.camt.${message}.001.02` : null;
}

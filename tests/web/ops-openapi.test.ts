// The signing, queues and mailboxes endpoints are described in the served OpenAPI document.
import { describe, expect, it } from 'vitest';
import { webHarness } from './harness.ts';

describe('OpenAPI document', () => {
  it('describes /api/v1/signing, /api/v1/queues… and /api/v1/mailboxes with their methods', async () => {
    const h = webHarness();
    const res = await h.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const methods = (p: string) => Object.keys(doc.paths[p] ?? {}).sort();
    expect(methods('/api/v1/signing')).toEqual(['get', 'post']);
    expect(methods('/api/v1/queues')).toEqual(['get']);
    expect(methods('/api/v1/queues/search')).toEqual(['get']);
    expect(methods('/api/v1/queues/{name}/jobs')).toEqual(['get']);
    expect(methods('/api/v1/queues/{name}/jobs/{id}/retry')).toEqual(['post']);
    expect(methods('/api/v1/queues/{name}/jobs/{id}/discard')).toEqual(['post']);
    expect(methods('/api/v1/mailboxes')).toEqual(['get']);
  });
});

// requirePart: optional parts skip with a printed reason, and fail instead under REQUIRE_SERVICES=1.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requirePart } from './require.ts';

describe('requirePart', () => {
  const saved = process.env['REQUIRE_SERVICES'];
  afterEach(() => {
    if (saved === undefined) delete process.env['REQUIRE_SERVICES'];
    else process.env['REQUIRE_SERVICES'] = saved;
    vi.restoreAllMocks();
  });

  it('runs an available part', () => {
    expect(requirePart('x', true, 'unused')).toBe(true);
  });

  it('skips an unavailable part with a warning naming the reason', () => {
    delete process.env['REQUIRE_SERVICES'];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requirePart('SoftHSM2', false, 'no libsofthsm2.so')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no libsofthsm2.so'));
  });

  it('fails under REQUIRE_SERVICES=1', () => {
    process.env['REQUIRE_SERVICES'] = '1';
    expect(() => requirePart('SoftHSM2', false, 'no libsofthsm2.so')).toThrow(/REQUIRE_SERVICES=1/);
  });
});

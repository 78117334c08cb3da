// Ids sort by creation time, also within one millisecond, and keep an explicit time.
import { describe, expect, it } from 'vitest';
import { newId } from '../../gateway/core/id.ts';

describe('newId', () => {
  it('is 26 Crockford base32 characters and sorts in creation order within one millisecond', () => {
    const t = Date.now();
    const ids = Array.from({ length: 1000 }, () => newId(t));
    expect(ids.every((i) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(i))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps an explicit earlier time', () => {
    const now = newId();
    const earlier = newId(Date.now() - 60_000);
    expect(earlier < now).toBe(true);
  });
});

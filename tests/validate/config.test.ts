// The [validation] config section: every key defaults; overrides reach the context; bad values are refused.
import { describe, expect, it } from 'vitest';
import { createValidationContext, parseValidationConfig, validationConfigSchema } from '../../gateway/validate/index.ts';

describe('validationConfigSchema', () => {
  it('has a default for every key', () => {
    const c = parseValidationConfig();
    expect(c).toEqual(validationConfigSchema.parse({}));
    expect(c.time_zone).toBe('Asia/Almaty');
    expect(c.limits).toEqual({ purpose_max: 410, name_max: 60, document_date_future_days: 30, value_date_future_days: 30, period_min: '1998-01', period_future_months: 12 });
    expect(c.banks).toEqual({ seed: true, entries: [], remove: [] });
    expect(c.knp).toEqual({ seed: true, codes: {}, remove: [], budget_prefixes: ['9'] });
    expect(c.recipients.pension).toMatchObject({ bin: '160440007161', bic: 'GCVPKZ2A', ibans: ['KZ12009NPS0413609816'], kbe: '11', confirmed: true });
    expect(c.recipients.medical.confirmed).toBe(false);
    expect(c.recipients.treasury).toEqual({ bic: 'KKMFKZ2A', ibans: ['KZ24070105KSN0000000'] });
    expect(c.recipients.obsolete.map((o) => o.id)).toEqual(['600400073391', '970740001013']);
    expect(c.iin.century_zero).toBe('warning');
  });

  it('defaults are fresh copies (mutating one parse does not leak into the next)', () => {
    const a = parseValidationConfig();
    a.recipients.pension.ibans.push('X');
    a.knp.budget_prefixes.push('8');
    const b = parseValidationConfig();
    expect(b.recipients.pension.ibans).toEqual(['KZ12009NPS0413609816']);
    expect(b.knp.budget_prefixes).toEqual(['9']);
  });

  it('refuses unknown keys, bad accounts, bad BICs and unknown time zones', () => {
    expect(() => parseValidationConfig({ limit: {} })).toThrow();
    expect(() => parseValidationConfig({ recipients: { pension: { ibans: ['KZ12009NPS0413609817'] } } })).toThrow();
    expect(() => parseValidationConfig({ banks: { entries: [{ bic: 'hsbk', code: '601', name: 'x' }] } })).toThrow();
    expect(() => parseValidationConfig({ knp: { codes: { '71': { ru: 'x' } } } })).toThrow();
    expect(() => parseValidationConfig({ time_zone: 'Mars/Olympus' })).toThrow();
    expect(() => parseValidationConfig({ limits: { purpose_max: 0 } })).toThrow();
  });

  it('overrides reach the context', () => {
    const v = createValidationContext({
      today: '2026-11-25',
      config: {
        limits: { purpose_max: 210 },
        banks: { entries: [{ bic: 'ABCDKZKA', code: '123', name: 'New' }], remove: ['948'] },
        knp: { codes: { '859': { ru: 'Услуги', kind: 'other' } }, remove: ['119'] },
        iin: { century_zero: 'error' },
      },
    });
    expect(v.limits.purposeMax).toBe(210);
    expect(v.banks.byBic('ABCDKZKA')?.code).toBe('123');
    expect(v.banks.byCode('948')).toBeUndefined();
    expect(v.knp.get('859')?.ru).toBe('Услуги');
    expect(v.knp.get('119')).toBeUndefined();
    expect(v.iinCenturyZero).toBe('error');
  });

  it('refuses a malformed today', () => {
    expect(() => createValidationContext({ today: '25.11.2026' })).toThrow(RangeError);
  });
});

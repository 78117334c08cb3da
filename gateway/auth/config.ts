// Login rules (the [auth] section): lockout count, self-unlock, password length policy, admin TOTP.
import { z } from 'zod';

/** The product seed's old rule (6–10 characters): weaker than ASVS 6.2.1/6.2.9, a documented deviation. */
export const SEED_PASSWORD_RULE = { min_length: 6, max_length: 10 } as const;

const passwordSchema = z
  .strictObject({
    /** 'seed': the seed's 6–10 characters; the only way below 8 characters or under 64 as the maximum. */
    preset: z.enum(['seed']).optional(),
    min_length: z.int().min(1).max(1024).optional(),
    max_length: z.int().min(1).max(4096).optional(),
  })
  // Preset values are defaults the explicit keys may override; the output always has both lengths.
  .transform((p) => {
    const base = p.preset === 'seed' ? SEED_PASSWORD_RULE : { min_length: 8, max_length: 128 };
    return { ...(p.preset ? { preset: p.preset } : {}), min_length: p.min_length ?? base.min_length, max_length: p.max_length ?? base.max_length };
  })
  .check((ctx) => {
    const p = ctx.value;
    if (p.min_length > p.max_length) ctx.issues.push({ code: 'custom', input: p, path: ['min_length'], message: `min_length ${p.min_length} is above max_length ${p.max_length}` });
    if (p.preset) return;
    // ASVS 5.0 6.2.1 (at least 8) and 6.2.9 (accept at least 64): weaker only through the explicit preset.
    if (p.min_length < 8) ctx.issues.push({ code: 'custom', input: p, path: ['min_length'], message: `min_length must be at least 8 (got ${p.min_length}); preset = "seed" is the documented weaker rule` });
    if (p.max_length < 64) ctx.issues.push({ code: 'custom', input: p, path: ['max_length'], message: `max_length must be at least 64 (got ${p.max_length}); preset = "seed" is the documented weaker rule` });
  });

export const authConfigSchema = z.strictObject({
  /** Wrong passwords (or one-time codes) in a row that lock an account; the product rule is 3. */
  max_failed_logins: z.int().min(1).max(20).default(3),
  /** A lock from wrong passwords ends by itself after this long; absent: only an admin unlocks. */
  auto_unlock_minutes: z.int().min(1).max(7 * 24 * 60).optional(),
  /** Admins must have a TOTP second factor to log in (ASVS 6.3.3 asks MFA at L2). */
  admin_totp_required: z.boolean().default(false),
  password: passwordSchema.prefault({}),
});

export type AuthConfig = z.output<typeof authConfigSchema>;
export type PasswordPolicy = AuthConfig['password'];

/** The last admin's lock from wrong passwords ends after this long when auto_unlock_minutes is not set. */
export const LAST_ADMIN_LOCK_MINUTES = 15;

// Optional test parts (SoftHSM2, the openssl CLI): skipped with a printed reason, or failed when REQUIRE_SERVICES=1 (CI).

/**
 * Returns true when the part is available and its tests should run. When it is not: with REQUIRE_SERVICES=1 throws (the
 * test file fails to load, so CI cannot pass silently without it); otherwise prints the reason and returns false.
 */
export function requirePart(name: string, available: boolean, reason: string): boolean {
  if (available) return true;
  const message = `[${name}] unavailable: ${reason}`;
  if (process.env['REQUIRE_SERVICES'] === '1') throw new Error(`${message} (REQUIRE_SERVICES=1 makes this a failure)`);
  console.warn(`${message}: tests skipped`);
  return false;
}

// Liveness and readiness checks in the draft-inadarei-api-health-check shape (application/health+json).
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  status: CheckStatus;
  output?: string;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

export async function runChecks(checks: Record<string, ReadinessCheck>): Promise<{ status: CheckStatus; checks: Record<string, CheckResult> }> {
  const results: Record<string, CheckResult> = {};
  for (const [name, check] of Object.entries(checks)) {
    try {
      results[name] = await check();
    } catch (e) {
      results[name] = { status: 'fail', output: (e as Error).message };
    }
  }
  const all = Object.values(results).map((r) => r.status);
  const status: CheckStatus = all.includes('fail') ? 'fail' : all.includes('warn') ? 'warn' : 'pass';
  return { status, checks: results };
}

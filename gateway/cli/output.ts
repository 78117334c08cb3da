// Shared CLI output helpers: errors with their code, JSON or text.
import { ConfigError } from '../../config/load.ts';
import { isGatewayError } from '../core/errors.ts';

/** Prints an error for a person (config problems one per line) and returns the exit code. */
export function reportError(e: unknown): number {
  if (e instanceof ConfigError) {
    console.error(`bankgate: configuration has ${e.problems.length} problem(s):`);
    for (const p of e.problems) console.error(`  ${p.path}: ${p.message}   [${p.source}]`);
    return 1;
  }
  if (isGatewayError(e)) {
    console.error(`bankgate: ${e.code}: ${e.message}`);
    return e.kind === 'bug' ? 70 : 1;
  }
  console.error('bankgate: unexpected error:', e);
  return 70;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

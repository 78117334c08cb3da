// The bank-http connector: speaks bank API v1 (connectors/bank-api/contract.ts) to any bank that implements it.
import { defineConnector } from '../../gateway/core/connector.ts';
import { GatewayError } from '../../gateway/core/errors.ts';
import { bankHttpConfigSchema, redactedConfig, type BankHttpConfigInput } from './config.ts';
import { openSession } from './session.ts';

export const bankHttpConnector = defineConnector<BankHttpConfigInput>({
  name: 'bank-http',
  secrets: ['token_env'],
  async open(raw, ctx) {
    const parsed = bankHttpConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
      throw new GatewayError('CONN_CONFIG', `bank-http configuration is invalid:\n  - ${problems.join('\n  - ')}`, { problems });
    }
    const config = parsed.data;
    const token = ctx.env[config.token_env];
    if (!token) throw new GatewayError('CONN_CONFIG', `environment variable ${config.token_env} (token_env) is not set`, { token_env: config.token_env });
    const logger = ctx.logger.child({ connector: 'bank-http' });
    logger.info({ config: redactedConfig(config) }, 'bank-http session opened');
    return openSession(config, token, logger);
  },
});

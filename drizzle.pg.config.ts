// drizzle-kit configuration for the PostgreSQL store (issue 7): migrations from gateway/store/pg/schema.ts.
// npx drizzle-kit generate --config drizzle.pg.config.ts --name NAME  (--custom for hand-written SQL: triggers)
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './gateway/store/pg/schema.ts',
  out: './gateway/store/pg/migrations',
});

// drizzle-kit config for the embedded job queue's SQLite file (separate from the main store).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './gateway/queue/sqlite-schema.ts',
  out: './gateway/queue/migrations',
});

// drizzle-kit configuration: generates the store's SQL migrations from gateway/store/schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './gateway/store/schema.ts',
  out: './gateway/store/migrations',
});

ALTER TABLE "documents" drop column "amount_int";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "amount_int" bigint GENERATED ALWAYS AS (CASE WHEN amount_minor IS NULL THEN NULL WHEN amount_minor ~ '^-?[0-9]{1,18}$' THEN CAST(amount_minor AS bigint) WHEN amount_minor LIKE '-%' THEN -9223372036854775808 ELSE 9223372036854775807 END) STORED;--> statement-breakpoint
-- Dropping the column dropped the two indexes that hold it: made again as in 0000.
CREATE INDEX "documents_listed_id_idx" ON "documents" USING btree ("id","state","doc_date","amount_int") WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX "documents_amount_id_idx" ON "documents" USING btree ("amount_int","id","state") WHERE state NOT LIKE 'staging:%';

CREATE TABLE "inbox_replies" (
	"file_id" text PRIMARY KEY NOT NULL,
	"inbox_job_id" text NOT NULL,
	"queue" text NOT NULL,
	"reply_to" text,
	"lang" text NOT NULL,
	"created_at" bigint NOT NULL,
	"replied_at" bigint
);
--> statement-breakpoint
ALTER TABLE "inbox_replies" ADD CONSTRAINT "inbox_replies_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_replies_owed_idx" ON "inbox_replies" USING btree ("replied_at");
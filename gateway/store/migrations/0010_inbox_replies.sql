CREATE TABLE `inbox_replies` (
	`file_id` text PRIMARY KEY NOT NULL,
	`inbox_job_id` text NOT NULL,
	`queue` text NOT NULL,
	`reply_to` text,
	`lang` text NOT NULL,
	`created_at` integer NOT NULL,
	`replied_at` integer,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbox_replies_owed_idx` ON `inbox_replies` (`replied_at`);
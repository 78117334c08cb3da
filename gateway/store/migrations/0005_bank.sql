CREATE TABLE `bank_submissions` (
	`document_id` text PRIMARY KEY NOT NULL,
	`connector` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`payload_sha256` text NOT NULL,
	`bank_id` text,
	`bank_state` text,
	`reason_json` text,
	`execution_date` text,
	`entry_bank_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`reported_state` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_submissions_idempotency_key_unique` ON `bank_submissions` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `bank_submissions_state_idx` ON `bank_submissions` (`bank_state`);--> statement-breakpoint
CREATE TABLE `exports` (
	`key` text PRIMARY KEY NOT NULL,
	`mailbox` text NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`written_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `statement_cursors` (
	`account` text PRIMARY KEY NOT NULL,
	`currency` text,
	`last_date` text NOT NULL,
	`closing_minor` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `statement_entries` (
	`bank_id` text PRIMARY KEY NOT NULL,
	`account` text NOT NULL,
	`currency` text NOT NULL,
	`booking_date` text NOT NULL,
	`direction` text NOT NULL,
	`amount_minor` text NOT NULL,
	`operation_json` text NOT NULL,
	`document_id` text,
	`fetched_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statement_entries_account_date_idx` ON `statement_entries` (`account`,`booking_date`);
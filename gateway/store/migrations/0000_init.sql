CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`file_id` text NOT NULL,
	`seq` integer NOT NULL,
	`line` integer,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`doc_date` text NOT NULL,
	`amount_minor` text,
	`currency` text,
	`body_json` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_state_id_idx` ON `documents` (`state`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_file_seq_uq` ON `documents` (`file_id`,`seq`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`data_json` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_entity_idx` ON `events` (`entity_type`,`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`mailbox` text NOT NULL,
	`name` text NOT NULL,
	`claim_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`state` text NOT NULL,
	`format` text,
	`error_code` text,
	`errors_json` text,
	`duplicate_of` text,
	`received_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`duplicate_of`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_claim_id_unique` ON `files` (`claim_id`);--> statement-breakpoint
CREATE INDEX `files_sha256_idx` ON `files` (`sha256`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_sha256_accepted_uq` ON `files` (`sha256`) WHERE state <> 'rejected';--> statement-breakpoint
CREATE INDEX `files_state_id_idx` ON `files` (`state`,`id`);
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`seq` integer NOT NULL,
	`user_id` text NOT NULL,
	`key_id` text NOT NULL,
	`role` text NOT NULL,
	`signed_sha256` text NOT NULL,
	`cms` blob NOT NULL,
	`signing_time` integer NOT NULL,
	`automatic` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`key_id`) REFERENCES `signing_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_doc_seq_uq` ON `signatures` (`document_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_doc_user_uq` ON `signatures` (`document_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`label` text NOT NULL,
	`token_label` text,
	`token_serial` text,
	`certificate` blob NOT NULL,
	`fingerprint` text NOT NULL,
	`subject` text NOT NULL,
	`iin` text,
	`bin` text,
	`not_before` integer NOT NULL,
	`not_after` integer NOT NULL,
	`user_id` text,
	`bound_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_keys_fingerprint_unique` ON `signing_keys` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `signing_keys_user_idx` ON `signing_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_rights` (
	`user_id` text NOT NULL,
	`account` text NOT NULL,
	`right` text NOT NULL,
	`can_prepare` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`user_id`, `account`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_login_unique` ON `users` (`login`);
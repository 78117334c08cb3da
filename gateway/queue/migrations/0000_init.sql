CREATE TABLE `jobs` (
	`seq` integer PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`data` text,
	`state` text NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`backoff_ms` integer NOT NULL,
	`max_backoff_ms` integer NOT NULL,
	`run_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`last_error` text,
	`lease_token` text,
	`lease_until` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_queue_id` ON `jobs` (`queue`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_queue_state_run_at` ON `jobs` (`queue`,`state`,`run_at`);--> statement-breakpoint
CREATE TABLE `paused_queues` (
	`queue` text PRIMARY KEY NOT NULL,
	`paused_at` integer NOT NULL
);

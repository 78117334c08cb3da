ALTER TABLE `documents` ADD `issues_json` text;--> statement-breakpoint
CREATE INDEX `documents_kind_id_idx` ON `documents` (`kind`,`id`);
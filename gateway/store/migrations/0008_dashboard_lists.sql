CREATE TABLE `beneficiary_names` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `beneficiary_names_name_unique` ON `beneficiary_names` (`name`);--> statement-breakpoint
CREATE TABLE `document_counts` (
	`state` text NOT NULL,
	`kind` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`state`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `document_day_ids` (
	`day` text PRIMARY KEY NOT NULL,
	`min_id` text NOT NULL,
	`max_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `document_hours` (
	`hour` integer PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
-- documents is rebuilt by hand (drizzle-kit cannot add STORED generated columns): the search columns are STORED so
-- that indexes on them are covering (SQLite never treats an index on a VIRTUAL column as covering), and body_json
-- goes last so reading the other columns of a row never walks the overflow pages of a big body.
CREATE TABLE `__new_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`file_id` text NOT NULL,
	`seq` integer NOT NULL,
	`line` integer,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`doc_date` text NOT NULL,
	`amount_minor` text,
	`currency` text,
	`state` text NOT NULL,
	`issues_json` text,
	`created_at` integer NOT NULL,
	`payer_account` text GENERATED ALWAYS AS (coalesce(json_extract(body_json, '$.payer.iban'), json_extract(body_json, '$.fromIban'))) STORED,
	`beneficiary_name` text GENERATED ALWAYS AS (json_extract(body_json, '$.beneficiary.name')) STORED,
	`beneficiary_bin` text GENERATED ALWAYS AS (json_extract(body_json, '$.beneficiary.binIin')) STORED,
	`amount_int` integer GENERATED ALWAYS AS (CAST(amount_minor AS INTEGER)) STORED,
	`body_json` text NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_documents` (`id`, `file_id`, `seq`, `line`, `kind`, `number`, `doc_date`, `amount_minor`, `currency`, `state`, `issues_json`, `created_at`, `body_json`)
SELECT `id`, `file_id`, `seq`, `line`, `kind`, `number`, `doc_date`, `amount_minor`, `currency`, `state`, `issues_json`, `created_at`, `body_json` FROM `documents`;
--> statement-breakpoint
DROP TABLE `documents`;
--> statement-breakpoint
ALTER TABLE `__new_documents` RENAME TO `documents`;
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_file_seq_uq` ON `documents` (`file_id`,`seq`);--> statement-breakpoint
CREATE INDEX `documents_listed_id_idx` ON `documents` (`id`,`state`,`doc_date`,`amount_int`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_account_id_idx` ON `documents` (`payer_account`,`id`,`state`,`doc_date`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_beneficiary_id_idx` ON `documents` (`beneficiary_name`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_bin_id_idx` ON `documents` (`beneficiary_bin`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_number_id_idx` ON `documents` (`number`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_amount_id_idx` ON `documents` (`amount_int`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_state_id_idx` ON `documents` (`state`,`id`,`doc_date`,`payer_account`);--> statement-breakpoint
CREATE INDEX `documents_kind_id_idx` ON `documents` (`kind`,`id`,`state`,`doc_date`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `statement_entries_document_idx` ON `statement_entries` (`document_id`);--> statement-breakpoint
-- Maintained counters (written by hand below the generated part): the overview and the list planner read these
-- instead of count(*) over a million rows. Only listed rows count: 'staging:*' rows of an import in progress
-- enter the counts when publishStaged moves them to their final state, in the same transaction.
CREATE TRIGGER `documents_counts_ai` AFTER INSERT ON `documents` WHEN NEW.state NOT LIKE 'staging:%'
BEGIN
  INSERT INTO `document_counts` (`state`, `kind`, `n`) VALUES (NEW.state, NEW.kind, 1) ON CONFLICT (`state`, `kind`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `document_hours` (`hour`, `n`) VALUES (NEW.created_at / 3600000, 1) ON CONFLICT (`hour`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `beneficiary_names` (`name`, `n`) SELECT NEW.beneficiary_name, 1 WHERE NEW.beneficiary_name IS NOT NULL ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_counts_ad` AFTER DELETE ON `documents` WHEN OLD.state NOT LIKE 'staging:%'
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `state` = OLD.state AND `kind` = OLD.kind;
  UPDATE `document_hours` SET `n` = `n` - 1 WHERE `hour` = OLD.created_at / 3600000;
  UPDATE `beneficiary_names` SET `n` = `n` - 1 WHERE `name` = OLD.beneficiary_name;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_counts_au_old` AFTER UPDATE OF `state`, `kind` ON `documents`
WHEN OLD.state NOT LIKE 'staging:%' AND (OLD.state IS NOT NEW.state OR OLD.kind IS NOT NEW.kind)
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `state` = OLD.state AND `kind` = OLD.kind;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_counts_au_new` AFTER UPDATE OF `state`, `kind` ON `documents`
WHEN NEW.state NOT LIKE 'staging:%' AND (OLD.state IS NOT NEW.state OR OLD.kind IS NOT NEW.kind)
BEGIN
  INSERT INTO `document_counts` (`state`, `kind`, `n`) VALUES (NEW.state, NEW.kind, 1) ON CONFLICT (`state`, `kind`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- Hours and names change only when a row becomes listed or unlisted (or its creation time or beneficiary changes),
-- not on every state change.
CREATE TRIGGER `documents_listed_au_old` AFTER UPDATE OF `state`, `created_at`, `body_json` ON `documents`
WHEN OLD.state NOT LIKE 'staging:%'
BEGIN
  UPDATE `document_hours` SET `n` = `n` - 1 WHERE `hour` = OLD.created_at / 3600000
    AND (NEW.state LIKE 'staging:%' OR OLD.created_at / 3600000 IS NOT NEW.created_at / 3600000);
  UPDATE `beneficiary_names` SET `n` = `n` - 1 WHERE `name` = OLD.beneficiary_name
    AND (NEW.state LIKE 'staging:%' OR OLD.beneficiary_name IS NOT NEW.beneficiary_name);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_listed_au_new` AFTER UPDATE OF `state`, `created_at`, `body_json` ON `documents`
WHEN NEW.state NOT LIKE 'staging:%'
BEGIN
  INSERT INTO `document_hours` (`hour`, `n`) SELECT NEW.created_at / 3600000, 1
    WHERE OLD.state LIKE 'staging:%' OR OLD.created_at / 3600000 IS NOT NEW.created_at / 3600000
    ON CONFLICT (`hour`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `beneficiary_names` (`name`, `n`) SELECT NEW.beneficiary_name, 1
    WHERE NEW.beneficiary_name IS NOT NULL AND (OLD.state LIKE 'staging:%' OR OLD.beneficiary_name IS NOT NEW.beneficiary_name)
    ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- Id bounds per business date: every row (staging ones too, they keep their id when published) widens its day.
CREATE TRIGGER `documents_day_ids_ai` AFTER INSERT ON `documents`
BEGIN
  INSERT INTO `document_day_ids` (`day`, `min_id`, `max_id`) VALUES (NEW.doc_date, NEW.id, NEW.id)
  ON CONFLICT (`day`) DO UPDATE SET `min_id` = min(`min_id`, excluded.`min_id`), `max_id` = max(`max_id`, excluded.`max_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_day_ids_au` AFTER UPDATE OF `doc_date`, `id` ON `documents`
BEGIN
  INSERT INTO `document_day_ids` (`day`, `min_id`, `max_id`) VALUES (NEW.doc_date, NEW.id, NEW.id)
  ON CONFLICT (`day`) DO UPDATE SET `min_id` = min(`min_id`, excluded.`min_id`), `max_id` = max(`max_id`, excluded.`max_id`);
END;
--> statement-breakpoint
-- Backfill from the rows already stored.
INSERT INTO `document_counts` (`state`, `kind`, `n`) SELECT `state`, `kind`, count(*) FROM `documents` WHERE `state` NOT LIKE 'staging:%' GROUP BY `state`, `kind`;
--> statement-breakpoint
INSERT INTO `document_hours` (`hour`, `n`) SELECT `created_at` / 3600000, count(*) FROM `documents` WHERE `state` NOT LIKE 'staging:%' GROUP BY 1;
--> statement-breakpoint
INSERT INTO `document_day_ids` (`day`, `min_id`, `max_id`) SELECT `doc_date`, min(`id`), max(`id`) FROM `documents` GROUP BY `doc_date`;
--> statement-breakpoint
INSERT INTO `beneficiary_names` (`name`, `n`) SELECT `beneficiary_name`, count(*) FROM `documents` WHERE `state` NOT LIKE 'staging:%' AND `beneficiary_name` IS NOT NULL GROUP BY `beneficiary_name`;

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
DROP INDEX `documents_kind_id_idx`;--> statement-breakpoint
ALTER TABLE `documents` ADD `payer_account` text GENERATED ALWAYS AS (coalesce(json_extract(body_json, '$.payer.iban'), json_extract(body_json, '$.fromIban'))) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `beneficiary_name` text GENERATED ALWAYS AS (json_extract(body_json, '$.beneficiary.name')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `beneficiary_bin` text GENERATED ALWAYS AS (json_extract(body_json, '$.beneficiary.binIin')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `amount_int` integer GENERATED ALWAYS AS (CAST(amount_minor AS INTEGER)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `documents_listed_id_idx` ON `documents` (`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_account_id_idx` ON `documents` (`payer_account`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_state_account_id_idx` ON `documents` (`state`,`payer_account`,`id`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_bin_id_idx` ON `documents` (`beneficiary_bin`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_number_id_idx` ON `documents` (`number`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_amount_id_idx` ON `documents` (`amount_int`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `documents_kind_id_idx` ON `documents` (`kind`,`id`,`state`) WHERE state NOT LIKE 'staging:%';--> statement-breakpoint
CREATE INDEX `statement_entries_document_idx` ON `statement_entries` (`document_id`);--> statement-breakpoint
-- Maintained counters (written by hand below the generated part): the overview and the list planner read these
-- instead of count(*) over a million rows. Only listed rows count: 'staging:*' rows of an import in progress
-- enter the counts when publishStaged moves them to their final state, in the same transaction.
CREATE TRIGGER `documents_counts_ai` AFTER INSERT ON `documents` WHEN NEW.state NOT LIKE 'staging:%'
BEGIN
  INSERT INTO `document_counts` (`state`, `kind`, `n`) VALUES (NEW.state, NEW.kind, 1) ON CONFLICT (`state`, `kind`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `document_hours` (`hour`, `n`) VALUES (NEW.created_at / 3600000, 1) ON CONFLICT (`hour`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_counts_ad` AFTER DELETE ON `documents` WHEN OLD.state NOT LIKE 'staging:%'
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `state` = OLD.state AND `kind` = OLD.kind;
  UPDATE `document_hours` SET `n` = `n` - 1 WHERE `hour` = OLD.created_at / 3600000;
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
-- Hours change only when a row becomes listed or unlisted (or its creation time moves), not on every state change.
CREATE TRIGGER `documents_hours_au_old` AFTER UPDATE OF `state`, `created_at` ON `documents`
WHEN OLD.state NOT LIKE 'staging:%' AND (NEW.state LIKE 'staging:%' OR OLD.created_at / 3600000 IS NOT NEW.created_at / 3600000)
BEGIN
  UPDATE `document_hours` SET `n` = `n` - 1 WHERE `hour` = OLD.created_at / 3600000;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_hours_au_new` AFTER UPDATE OF `state`, `created_at` ON `documents`
WHEN NEW.state NOT LIKE 'staging:%' AND (OLD.state LIKE 'staging:%' OR OLD.created_at / 3600000 IS NOT NEW.created_at / 3600000)
BEGIN
  INSERT INTO `document_hours` (`hour`, `n`) VALUES (NEW.created_at / 3600000, 1) ON CONFLICT (`hour`) DO UPDATE SET `n` = `n` + 1;
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
-- Beneficiary search: substrings of 3+ characters in any case (trigram tokenizer, Unicode case folding: Kazakh and
-- Russian letters too). External content (documents.beneficiary_name), so `INSERT INTO documents_fts(documents_fts)
-- VALUES('rebuild')` can always rebuild it. Only listed rows are indexed.
CREATE VIRTUAL TABLE `documents_fts` USING fts5(`beneficiary_name`, content='documents', tokenize='trigram case_sensitive 0');
--> statement-breakpoint
CREATE TRIGGER `documents_fts_ai` AFTER INSERT ON `documents` WHEN NEW.state NOT LIKE 'staging:%' AND NEW.beneficiary_name IS NOT NULL
BEGIN
  INSERT INTO `documents_fts` (`rowid`, `beneficiary_name`) VALUES (NEW.rowid, NEW.beneficiary_name);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_ad` AFTER DELETE ON `documents` WHEN OLD.state NOT LIKE 'staging:%' AND OLD.beneficiary_name IS NOT NULL
BEGIN
  INSERT INTO `documents_fts` (`documents_fts`, `rowid`, `beneficiary_name`) VALUES ('delete', OLD.rowid, OLD.beneficiary_name);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_au` AFTER UPDATE OF `state`, `body_json` ON `documents`
WHEN (OLD.state NOT LIKE 'staging:%') IS NOT (NEW.state NOT LIKE 'staging:%') OR OLD.beneficiary_name IS NOT NEW.beneficiary_name
BEGIN
  INSERT INTO `documents_fts` (`documents_fts`, `rowid`, `beneficiary_name`) SELECT 'delete', OLD.rowid, OLD.beneficiary_name WHERE OLD.state NOT LIKE 'staging:%' AND OLD.beneficiary_name IS NOT NULL;
  INSERT INTO `documents_fts` (`rowid`, `beneficiary_name`) SELECT NEW.rowid, NEW.beneficiary_name WHERE NEW.state NOT LIKE 'staging:%' AND NEW.beneficiary_name IS NOT NULL;
END;
--> statement-breakpoint
-- Backfill from the rows already stored.
INSERT INTO `document_counts` (`state`, `kind`, `n`) SELECT `state`, `kind`, count(*) FROM `documents` WHERE `state` NOT LIKE 'staging:%' GROUP BY `state`, `kind`;
--> statement-breakpoint
INSERT INTO `document_hours` (`hour`, `n`) SELECT `created_at` / 3600000, count(*) FROM `documents` WHERE `state` NOT LIKE 'staging:%' GROUP BY 1;
--> statement-breakpoint
INSERT INTO `document_day_ids` (`day`, `min_id`, `max_id`) SELECT `doc_date`, min(`id`), max(`id`) FROM `documents` GROUP BY `doc_date`;
--> statement-breakpoint
INSERT INTO `documents_fts` (`rowid`, `beneficiary_name`) SELECT `rowid`, `beneficiary_name` FROM `documents` WHERE `state` NOT LIKE 'staging:%' AND `beneficiary_name` IS NOT NULL;

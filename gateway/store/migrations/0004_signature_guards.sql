-- Defence in depth for the signature rule "never more than two" (architecture.md 6): whatever code path inserts,
-- the database refuses a third signature on a document and any change to a stored signature.
CREATE TRIGGER `signatures_at_most_two` BEFORE INSERT ON `signatures`
WHEN NEW.seq NOT IN (1, 2) OR (SELECT COUNT(*) FROM `signatures` WHERE `document_id` = NEW.document_id) >= 2
BEGIN
  SELECT RAISE(ABORT, 'SIGN_TOO_MANY: a document has at most two signatures');
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_no_update` BEFORE UPDATE ON `signatures`
BEGIN
  SELECT RAISE(ABORT, 'signatures are append-only');
END;

-- The audit log is append-only (reliability-security.md §8). drizzle-kit does not model triggers, so they live here.
-- NOTE: a future migration that rebuilds `events` (drizzle-kit's copy-and-rename) drops these triggers; re-create them there.
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events`
BEGIN
	SELECT RAISE(ABORT, 'events is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
BEGIN
	SELECT RAISE(ABORT, 'events is append-only: DELETE refused');
END;
--> statement-breakpoint
-- Any writer, not only appendEvent, must extend the chain: seq = last + 1 (no gaps, no explicit rowid games)
-- and prev_hash = the last row's hash (genesis: 64 zeros). A NULL seq is refused too, so SQLite never picks one.
CREATE TRIGGER `events_extend_chain` BEFORE INSERT ON `events`
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM `events`)
	OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM `events` ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'events: an insert must extend the chain (seq = last + 1, prev_hash = last hash)');
END;

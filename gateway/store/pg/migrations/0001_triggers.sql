-- The SQLite store's triggers in PL/pgSQL (gateway/store/migrations 0001, 0004, 0008): drizzle-kit does not model them.
-- Audit log append-only and chained (reliability-security.md 8): UPDATE and DELETE refused; an INSERT must extend the
-- chain (seq = last + 1, prev_hash = last hash). Concurrent writers on several machines: the chain check takes an
-- advisory transaction lock, so two inserts never both see the same "last" row.
CREATE FUNCTION bankgate_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
--> statement-breakpoint
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION bankgate_refuse('events is append-only: UPDATE refused');
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION bankgate_refuse('events is append-only: DELETE refused');
--> statement-breakpoint
CREATE FUNCTION events_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_seq bigint; last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('bankgate.events'));
  SELECT seq, hash INTO last_seq, last_hash FROM events ORDER BY seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '0000000000000000000000000000000000000000000000000000000000000000') THEN
    RAISE EXCEPTION 'events: an insert must extend the chain (seq = last + 1, prev_hash = last hash)';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_extend_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_extend_chain();
--> statement-breakpoint
-- At most two signatures per document, and none ever changed (architecture.md 6).
CREATE FUNCTION signatures_at_most_two() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('bankgate.signatures:' || NEW.document_id));
  IF NEW.seq NOT IN (1, 2) OR (SELECT count(*) FROM signatures WHERE document_id = NEW.document_id) >= 2 THEN
    RAISE EXCEPTION 'SIGN_TOO_MANY: a document has at most two signatures';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER signatures_at_most_two BEFORE INSERT ON signatures FOR EACH ROW EXECUTE FUNCTION signatures_at_most_two();
--> statement-breakpoint
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures FOR EACH ROW EXECUTE FUNCTION bankgate_refuse('signatures are append-only');
--> statement-breakpoint
-- The dashboard's maintained counters (SQLite migration 0008): per state and kind, per hour of creation, per
-- beneficiary name; only listed rows ('staging:*' rows of an import in progress never count).
CREATE FUNCTION documents_counters() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE old_listed boolean := TG_OP <> 'INSERT' AND OLD.state NOT LIKE 'staging:%';
        new_listed boolean := TG_OP <> 'DELETE' AND NEW.state NOT LIKE 'staging:%';
BEGIN
  IF old_listed AND (NOT new_listed OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind) THEN
    UPDATE document_counts SET n = n - 1 WHERE state = OLD.state AND kind = OLD.kind;
  END IF;
  IF new_listed AND (NOT old_listed OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind) THEN
    INSERT INTO document_counts (state, kind, n) VALUES (NEW.state, NEW.kind, 1) ON CONFLICT (state, kind) DO UPDATE SET n = document_counts.n + 1;
  END IF;
  IF old_listed AND (NOT new_listed OR OLD.created_at / 3600000 IS DISTINCT FROM NEW.created_at / 3600000) THEN
    UPDATE document_hours SET n = n - 1 WHERE hour = OLD.created_at / 3600000;
  END IF;
  IF new_listed AND (NOT old_listed OR OLD.created_at / 3600000 IS DISTINCT FROM NEW.created_at / 3600000) THEN
    INSERT INTO document_hours (hour, n) VALUES (NEW.created_at / 3600000, 1) ON CONFLICT (hour) DO UPDATE SET n = document_hours.n + 1;
  END IF;
  IF old_listed AND (NOT new_listed OR OLD.beneficiary_name IS DISTINCT FROM NEW.beneficiary_name) THEN
    UPDATE beneficiary_names SET n = n - 1 WHERE name = OLD.beneficiary_name;
  END IF;
  IF new_listed AND NEW.beneficiary_name IS NOT NULL AND (NOT old_listed OR OLD.beneficiary_name IS DISTINCT FROM NEW.beneficiary_name) THEN
    INSERT INTO beneficiary_names (name, n) VALUES (NEW.beneficiary_name, 1) ON CONFLICT (name) DO UPDATE SET n = beneficiary_names.n + 1;
  END IF;
  -- Id bounds per business date: every row (staging ones too; they keep their id when published) widens its day.
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.doc_date IS DISTINCT FROM NEW.doc_date OR OLD.id IS DISTINCT FROM NEW.id) THEN
    INSERT INTO document_day_ids (day, min_id, max_id) VALUES (NEW.doc_date, NEW.id, NEW.id)
    ON CONFLICT (day) DO UPDATE SET min_id = least(document_day_ids.min_id, excluded.min_id), max_id = greatest(document_day_ids.max_id, excluded.max_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_counters AFTER INSERT OR UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION documents_counters();

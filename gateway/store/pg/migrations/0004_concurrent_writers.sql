-- Issue 7, scale-out on PostgreSQL: the state counters of the dashboard (0001's documents_counters) kept one row per
-- state and kind, so every state change of every writer queued on the same few rows until its commit. Now each
-- database session adds to its own shard (pg_backend_pid() % 32) and readers sum the shards: a shard may go below
-- zero, the sum of a state never does.
ALTER TABLE "document_counts" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "document_counts" DROP CONSTRAINT "document_counts_state_kind_pk";--> statement-breakpoint
ALTER TABLE "document_counts" ADD CONSTRAINT "document_counts_state_kind_shard_pk" PRIMARY KEY("state","kind","shard");--> statement-breakpoint
CREATE OR REPLACE FUNCTION documents_counters() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE old_listed boolean := TG_OP <> 'INSERT' AND OLD.state NOT LIKE 'staging:%';
        new_listed boolean := TG_OP <> 'DELETE' AND NEW.state NOT LIKE 'staging:%';
        -- This session's shard of the state counters: sessions running side by side touch different rows.
        my_shard smallint := pg_backend_pid() % 32;
BEGIN
  IF old_listed AND (NOT new_listed OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind) THEN
    INSERT INTO document_counts (state, kind, shard, n) VALUES (OLD.state, OLD.kind, my_shard, -1) ON CONFLICT (state, kind, shard) DO UPDATE SET n = document_counts.n - 1;
  END IF;
  IF new_listed AND (NOT old_listed OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind) THEN
    INSERT INTO document_counts (state, kind, shard, n) VALUES (NEW.state, NEW.kind, my_shard, 1) ON CONFLICT (state, kind, shard) DO UPDATE SET n = document_counts.n + 1;
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
-- The audit events of a transaction, chained where the chain's end is (pg-db.ts sends this and COMMIT in one message,
-- so the lock on the end is never held while a client is busy elsewhere). The client prepares each event and its
-- envelope around the seq (gateway/store/audit.ts envelopeAround); the hash is the one audit.ts chainHash computes,
-- SHA-256 over the previous hash and the envelope as UTF-8. The insert trigger (0001) checks every link again.
CREATE FUNCTION events_append(ats bigint[], entity_types text[], entity_ids text[], types text[], actors text[], datas text[], heads text[], tails text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE last_seq bigint; last_hash text; h text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('bankgate.events'));
  SELECT seq, hash INTO last_seq, last_hash FROM events ORDER BY seq DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, '0000000000000000000000000000000000000000000000000000000000000000');
  FOR i IN 1 .. coalesce(array_length(ats, 1), 0) LOOP
    last_seq := last_seq + 1;
    h := encode(sha256(convert_to(last_hash || heads[i] || last_seq::text || tails[i], 'UTF8')), 'hex');
    INSERT INTO events (seq, at, entity_type, entity_id, type, actor, data_json, prev_hash, hash)
      VALUES (last_seq, ats[i], entity_types[i], entity_ids[i], types[i], actors[i], datas[i], last_hash, h);
    last_hash := h;
  END LOOP;
END $$;

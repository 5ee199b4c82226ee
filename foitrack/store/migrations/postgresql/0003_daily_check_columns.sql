-- 3: open-ended requests watched until a far date rather than NULL, so the
-- daily check's "watch_until >= today" is one index range, not a table scan.
-- The dates the daily check reads, as columns (no JSON to parse per row).
UPDATE request SET watch_until = '9999-12-31' WHERE watch_until IS NULL;
ALTER TABLE request ADD COLUMN due_date TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN long_overdue TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN review_request_by TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN review_response_due TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN regulator_by TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN tribunal_by TEXT COLLATE "C";
DELETE FROM meta WHERE key = 'fingerprint'

-- 5: what the reports read, cached beside the daily check's columns, and an
-- index holding all of them so a report reads it alone, not the wide rows.
ALTER TABLE request ADD COLUMN counted_from TEXT;
ALTER TABLE request ADD COLUMN answered TEXT;
ALTER TABLE request ADD COLUMN first_outcome TEXT;
ALTER TABLE request ADD COLUMN review_asked TEXT;
ALTER TABLE request ADD COLUMN review_outcome TEXT;
ALTER TABLE request ADD COLUMN complained INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request ADD COLUMN cited TEXT NOT NULL DEFAULT '';
CREATE INDEX request_report ON request(
    campaign, authority, id, title, regime, received, counted_from, due_date,
    long_overdue, status, status_until, status_after, answered, first_outcome,
    review_asked, review_outcome, complained, cited
);
DELETE FROM meta WHERE key = 'fingerprint';

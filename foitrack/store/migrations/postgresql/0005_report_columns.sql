-- 5: what the reports read, cached beside the daily check's columns. SQLite
-- also indexes all of them (so a report reads the index alone): here the
-- index holds the keys only, as a PostgreSQL index row has a size limit
-- (about 2.7 kB) that a long title would pass.
ALTER TABLE request ADD COLUMN counted_from TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN answered TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN first_outcome TEXT;
ALTER TABLE request ADD COLUMN review_asked TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN review_outcome TEXT;
ALTER TABLE request ADD COLUMN complained INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request ADD COLUMN cited TEXT NOT NULL DEFAULT '';
CREATE INDEX request_report ON request(campaign, authority, id);
DELETE FROM meta WHERE key = 'fingerprint'

-- 2: each request's derived state, cached for the daily check, and the digests sent.
ALTER TABLE request ADD COLUMN status TEXT;
ALTER TABLE request ADD COLUMN status_until TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN status_after TEXT;
ALTER TABLE request ADD COLUMN outcome TEXT;
ALTER TABLE request ADD COLUMN deadlines TEXT NOT NULL DEFAULT '{}';
ALTER TABLE request ADD COLUMN watch_until TEXT COLLATE "C";
CREATE INDEX request_watch ON request(watch_until);
CREATE TABLE digest (
    day TEXT COLLATE "C" NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (day, recipient)
);
DELETE FROM meta WHERE key = 'fingerprint'

-- 4: where a response's letter is kept.
ALTER TABLE event ADD COLUMN document TEXT

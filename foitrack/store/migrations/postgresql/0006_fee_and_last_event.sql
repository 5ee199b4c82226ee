-- 6: the last day to pay a fee (the daily check lists it), the later of two
-- review windows, and each request's latest event, so a state asked for on
-- an earlier day (--today) is derived again without what came after.
ALTER TABLE request ADD COLUMN fee_lapses TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN review_request_last TEXT COLLATE "C";
ALTER TABLE request ADD COLUMN last_event TEXT COLLATE "C";
CREATE INDEX request_last_event ON request(last_event);
DELETE FROM meta WHERE key = 'fingerprint'

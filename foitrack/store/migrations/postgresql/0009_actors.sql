-- 9: who did what (as sqlite/0009). Each event's actor (who recorded it), each
-- request's added_by (who added it) and assignee (who follows it, changed by
-- 'foitrack assign', each change recorded as an 'edited' event). Older rows
-- hold NULL: nobody kept these then.
ALTER TABLE event ADD COLUMN actor TEXT;
ALTER TABLE request ADD COLUMN added_by TEXT;
ALTER TABLE request ADD COLUMN assignee TEXT;
CREATE INDEX request_assignee ON request(assignee, watch_until)

-- 10: a duplicate add (same authority, title and sent date) is refused by the
-- server itself (issue 19): two desks adding at once cannot both pass a read.
-- A deleted request is no duplicate. Before this runs, foitrack names any
-- duplicates already there and migrates nothing (PostgresStore._migrate).
CREATE UNIQUE INDEX request_same ON request(authority, title, sent) WHERE deleted IS NULL

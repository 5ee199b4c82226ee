-- 10: a duplicate add (same authority, title and sent date) is refused
-- (issue 19). On SQLite the check is foitrack's, made inside the write
-- transaction (one writer at a time): the index only finds the twins fast. It
-- is not UNIQUE, as a ledger may already hold duplicates added before, and a
-- migration that failed would lock its user out of the ledger.
CREATE INDEX request_same ON request(authority, title, sent)

-- 8: the mail loop: each message sent or read, whole as a JSON record, with
-- the columns it is looked up by, and where each mailbox source was left.
CREATE TABLE mail (
    number INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    status TEXT NOT NULL,
    request_id INTEGER,
    record TEXT NOT NULL
);
CREATE INDEX mail_message_id ON mail(message_id);
CREATE INDEX mail_digest ON mail(digest);
CREATE INDEX mail_status ON mail(status);
CREATE TABLE mail_cursor (source TEXT PRIMARY KEY, value TEXT NOT NULL);

-- 1: requests, events, the user's authorities and groups.
CREATE TABLE request (
    id INTEGER PRIMARY KEY,
    authority TEXT NOT NULL,
    title TEXT NOT NULL,
    regime TEXT NOT NULL,
    sent TEXT NOT NULL,
    received TEXT NOT NULL,
    campaign TEXT,
    their_ref TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    body TEXT
);
CREATE INDEX request_authority ON request(authority);
CREATE INDEX request_campaign ON request(campaign);
CREATE TABLE event (
    request_id INTEGER NOT NULL REFERENCES request(id),
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    date TEXT NOT NULL,
    outcome TEXT,
    exemptions TEXT NOT NULL DEFAULT '[]',
    until TEXT,
    window TEXT,
    ref TEXT,
    note TEXT,
    removed TEXT,
    PRIMARY KEY (request_id, position)
) WITHOUT ROWID;
CREATE TABLE authority (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE authority_group (name TEXT PRIMARY KEY, members TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

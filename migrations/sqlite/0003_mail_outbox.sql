-- Outgoing e-mail, a transactional outbox: a row is inserted in the transaction of the action that causes the
-- mail and sent later by the outbox worker. Times are microseconds since the Unix epoch (UTC).
-- locked_until: a worker's claim while it sends; sent_at / failed_at (given up): set once, the row is done.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until INTEGER,
    sent_at INTEGER,
    failed_at INTEGER,
    last_error TEXT
);
-- The due query only looks at rows still to send, so the index stays small however many mails were sent.
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

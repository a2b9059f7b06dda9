-- People who use Spotter. Times are microseconds since the Unix epoch (UTC) in both dialects.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    user_type TEXT NOT NULL CHECK (user_type IN ('member', 'trainer', 'admin')),
    password_hash TEXT NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    terms_agreed INTEGER NOT NULL DEFAULT 0 CHECK (terms_agreed IN (0, 1)),
    privacy_agreed INTEGER NOT NULL DEFAULT 0 CHECK (privacy_agreed IN (0, 1)),
    marketing_agreed INTEGER NOT NULL DEFAULT 0 CHECK (marketing_agreed IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_login_at INTEGER
);
CREATE INDEX users_user_type ON users(user_type);

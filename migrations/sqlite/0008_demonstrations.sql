-- Trainers' demonstrations for camera coaching: a video (a file under the media folder), the landmark track
-- extracted from it in the trainer's browser, and the repetition model the engine learnt from that track.
-- A trainer publishes at most one demonstration per exercise; an administrator may mark one per exercise as the
-- default for members whose trainer has none. Times are microseconds since the epoch.
CREATE TABLE demonstrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    video_path TEXT,
    video_type TEXT,
    video_bytes INTEGER,
    video_duration_ms INTEGER,
    video_width INTEGER,
    video_height INTEGER,
    track TEXT,
    track_frames INTEGER,
    model TEXT,
    model_reps INTEGER,
    model_rep_ms INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (is_default = 0 OR status = 'published')
);
CREATE INDEX demonstrations_owner ON demonstrations(owner_id, exercise);
CREATE UNIQUE INDEX demonstrations_published ON demonstrations(owner_id, exercise) WHERE status = 'published';
CREATE UNIQUE INDEX demonstrations_default ON demonstrations(exercise) WHERE is_default = 1;

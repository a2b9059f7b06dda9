-- Profiles with body metrics, and the history of those metrics for charts.
CREATE TABLE profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    age INTEGER CHECK (age IS NULL OR (age >= 10 AND age <= 120)),
    height_cm REAL CHECK (height_cm IS NULL OR (height_cm >= 50 AND height_cm <= 272)),
    weight_kg REAL CHECK (weight_kg IS NULL OR (weight_kg >= 20 AND weight_kg <= 400)),
    body_fat_percentage REAL CHECK (body_fat_percentage IS NULL OR (body_fat_percentage >= 2 AND body_fat_percentage <= 70)),
    muscle_mass_kg REAL CHECK (muscle_mass_kg IS NULL OR muscle_mass_kg > 0),
    time_zone TEXT NOT NULL DEFAULT 'Asia/Seoul',
    image_path TEXT,
    thumbnail_path TEXT,
    updated_at INTEGER NOT NULL
);

CREATE TABLE body_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    measured_at INTEGER NOT NULL,
    weight_kg REAL,
    body_fat_percentage REAL,
    muscle_mass_kg REAL,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX body_metrics_user ON body_metrics(user_id, measured_at);

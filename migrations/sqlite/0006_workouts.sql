-- Workout records: a member's day, the exercises done that day, and their sets. Totals are kept in the same
-- transaction as the sets they sum. Quantities are integers so sums are exact: durations in milliseconds,
-- weights in grams, calories in tenths of a kilocalorie.
CREATE TABLE daily_workouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workout_date TEXT NOT NULL,
    total_sets INTEGER NOT NULL DEFAULT 0,
    total_duration_ms INTEGER NOT NULL DEFAULT 0,
    total_calories_dcal INTEGER NOT NULL DEFAULT 0,
    total_volume_g INTEGER NOT NULL DEFAULT 0,
    is_completed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (member_id, workout_date)
);

CREATE TABLE workout_exercises (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    daily_workout_id INTEGER NOT NULL REFERENCES daily_workouts(id) ON DELETE CASCADE,
    exercise_id INTEGER NOT NULL REFERENCES exercises(id),
    order_number INTEGER NOT NULL,
    logged_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    total_sets INTEGER NOT NULL DEFAULT 0,
    total_duration_ms INTEGER NOT NULL DEFAULT 0,
    total_calories_dcal INTEGER NOT NULL DEFAULT 0,
    total_volume_g INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (daily_workout_id, exercise_id),
    UNIQUE (daily_workout_id, order_number)
);
CREATE INDEX workout_exercises_exercise ON workout_exercises(exercise_id);

CREATE TABLE exercise_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workout_exercise_id INTEGER NOT NULL REFERENCES workout_exercises(id) ON DELETE CASCADE,
    set_number INTEGER NOT NULL CHECK (set_number >= 1),
    repetitions INTEGER NOT NULL CHECK (repetitions >= 0 AND repetitions <= 1000),
    weight_g INTEGER NOT NULL CHECK (weight_g >= 0 AND weight_g <= 1000000),
    duration_ms INTEGER CHECK (duration_ms IS NULL OR (duration_ms > 0 AND duration_ms <= 86400000)),
    effective_duration_ms INTEGER NOT NULL,
    met_value REAL NOT NULL,
    body_weight_g INTEGER NOT NULL,
    body_weight_source TEXT NOT NULL CHECK (body_weight_source IN ('profile', 'default')),
    calories_dcal INTEGER NOT NULL CHECK (calories_dcal >= 0),
    volume_g INTEGER NOT NULL,
    estimated_1rm_g INTEGER,
    is_personal_record INTEGER NOT NULL DEFAULT 0,
    form_score REAL,
    source TEXT NOT NULL CHECK (source IN ('trainer', 'member', 'camera', 'admin')),
    logged_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    completed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (workout_exercise_id, set_number)
);
CREATE INDEX daily_workouts_member_date ON daily_workouts(member_id, workout_date);

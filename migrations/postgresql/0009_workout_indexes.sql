-- Personal-record look-ups read the best estimated one-rep max and the heaviest weight of one member on one
-- catalog exercise, and the exercise's progress reads all of that member's sets of it. Each set now carries its
-- member and catalog exercise, copied from its day and exercise entry when it is inserted (a set never moves to
-- another entry), so these are index range reads instead of a walk over every entry of that exercise.
ALTER TABLE exercise_sets ADD COLUMN member_id BIGINT;
ALTER TABLE exercise_sets ADD COLUMN exercise_id BIGINT;
UPDATE exercise_sets s SET member_id = d.member_id, exercise_id = we.exercise_id
    FROM workout_exercises we JOIN daily_workouts d ON d.id = we.daily_workout_id
    WHERE we.id = s.workout_exercise_id;
CREATE INDEX exercise_sets_member_best_1rm ON exercise_sets(member_id, exercise_id, estimated_1rm_g);
CREATE INDEX exercise_sets_member_heaviest ON exercise_sets(member_id, exercise_id, weight_g);

-- A counter per member, raised by every transaction that changes the member's workout records (with the totals,
-- in the same transaction). A response built from the records stays valid while the counter is unchanged, on
-- whichever instance the change was made.
CREATE TABLE workout_versions (
    member_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    version BIGINT NOT NULL
);

-- Catalog exercises that camera coaching counts and the TrainMate list lacked.
INSERT INTO exercises(exercise_name, name_en, body_part, equipment, measurement_unit, weight_unit, met_value, met_basis,
                      is_active, owner_id, created_at, updated_at)
SELECT '점핑 잭', 'Jumping Jack', '대퇴사두', '맨몸', '회', 'none', 8.0,
       'Compendium 02020 calisthenics (jumping jacks), vigorous effort', 1, NULL, 1763683200000000, 1763683200000000
WHERE NOT EXISTS (SELECT 1 FROM exercises WHERE exercise_name = '점핑 잭' AND owner_id IS NULL);

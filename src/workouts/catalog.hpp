// File: workouts/catalog.hpp
// The exercise catalog: 600+ seeded exercises with MET values (migration 0005, docs/CATALOG.md), administrators'
// edits, and trainers' private custom exercises.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace spotter::workouts {

struct Exercise {
    std::int64_t id = 0;
    std::string exercise_name;
    std::optional<std::string> name_en;
    std::string body_part;
    std::string equipment;
    std::string measurement_unit;
    std::string weight_unit;
    double met_value = 3.5;
    std::string met_basis;
    bool is_active = true;
    std::optional<std::int64_t> owner_id;
};

struct CatalogFilter {
    std::optional<std::string> body_part;
    std::optional<std::string> equipment;
    std::optional<std::string> text;  // part of the Korean or English name
    std::int64_t viewer_id = 0;       // custom exercises of this trainer are included
    bool include_retired = false;
};

// The twelve body parts, in display order, and the equipment kinds.
const std::vector<std::string>& BodyParts();
const std::vector<std::string>& EquipmentKinds();

std::vector<Exercise> ListExercises(storage::Tx& tx, const CatalogFilter& filter);
std::optional<Exercise> FindExercise(storage::Tx& tx, std::int64_t id);
// An active exercise by its Korean or English name visible to `viewer_id` (catalog first, then their own).
std::optional<Exercise> FindExerciseByName(storage::Tx& tx, const std::string& name, std::int64_t viewer_id);
std::int64_t InsertExercise(storage::Tx& tx, const Exercise& exercise, std::int64_t now);
void UpdateExercise(storage::Tx& tx, const Exercise& exercise, std::int64_t now);

}  // namespace spotter::workouts

// File: workouts/workout_routes.hpp
// The workouts API: the catalog (W1) and set-by-set records (W2-W6) on both TrainMate path families
// (/api/workouts/<member_id>/... as deployed and /api/workouts/members/<member_id>/... from its README), plus
// history, progress and export.
#pragma once

#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "members/member_routes.hpp"
#include "workouts/workout_service.hpp"

namespace spotter::workouts {

// `service` may be null when only the route table is wanted.
void RegisterWorkoutRoutes(http::Router& router, WorkoutService* service);

// A member's latest 30 training days in the shape of TrainMate's member detail (M4), and how many training days they
// have; empty when `caller` may not read them. Served from the service's response cache while the member's records
// are unchanged.
members::WorkoutHistory MemberDetailRecords(WorkoutService& service, const http::Principal& caller,
                                            std::int64_t member_id);

}  // namespace spotter::workouts

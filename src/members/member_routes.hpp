// File: members/member_routes.hpp
// The members API on TrainMate's paths (contract M1-M4 and the README's variants) plus body-metric history,
// unassigned-member search and trainer assignment.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "members/member_service.hpp"

namespace spotter::members {

// The workout history shown in a member's detail.
struct WorkoutHistory {
    std::int64_t total_workouts = 0;
    std::shared_ptr<const std::string> records;  // JSON text of the "workout_records" array; null: none
    std::int64_t version = 0;                    // the member's records version it shows
};

struct MemberRoutesDeps {
    MemberService* service = nullptr;  // null when only the route table is wanted
    // Filled by the workouts module; empty lists until then.
    std::function<WorkoutHistory(const http::Principal& caller, std::int64_t member_id)> workout_records;
    // The member's records version when this process knows it and that the caller may read them, without
    // blocking (SQLite); nothing otherwise. Lets a kept detail be served from memory.
    std::function<std::optional<std::int64_t>(const http::Principal& caller, std::int64_t member_id)>
        records_version_in_memory;
    // Stores an uploaded photo (multipart field `image`/`profile_image`, or the raw body) and returns its
    // {display, thumbnail} relative paths; throws ApiError (400/413/415) for what is not a usable image.
    std::function<std::pair<std::string, std::string>(const http::Request&)> store_photo;
    // Removes a stored file (ignores files already gone).
    std::function<void(const std::string& relative_path)> delete_media;
};

void RegisterMemberRoutes(http::Router& router, MemberRoutesDeps& deps);

// The contract's profile object ("user" in M1/M2).
nlohmann::json ProfileJson(const Profile& profile);
// "/media/<path>" or null.
nlohmann::json MediaUrl(const std::optional<std::string>& relative_path);

}  // namespace spotter::members

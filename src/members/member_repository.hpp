// File: members/member_repository.hpp
// Storage of profiles, body-metric history and trainer assignments. Functions take the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "members/profile.hpp"
#include "storage/database.hpp"

namespace spotter::members {

std::optional<Profile> LoadProfile(storage::Tx& tx, std::int64_t user_id);
// Writes the profile's editable fields (name, phone, metrics, time zone, photo) and bumps updated_at.
void SaveProfile(storage::Tx& tx, const Profile& profile, std::int64_t now);
void AddMetricPoint(storage::Tx& tx, std::int64_t user_id, const MetricPoint& point, std::int64_t recorded_by);
// Oldest first, within [from, to) microseconds.
std::vector<MetricPoint> MetricHistory(storage::Tx& tx, std::int64_t user_id, std::int64_t from, std::int64_t to,
                                       int limit);

struct Page {
    int offset = 0;
    int limit = 20;
};

// Active members assigned to `trainer_id`, by name.
std::vector<Profile> MembersOf(storage::Tx& tx, std::int64_t trainer_id, const std::optional<Page>& page);
std::int64_t CountMembersOf(storage::Tx& tx, std::int64_t trainer_id);
// Every active member (for administrators), by name.
std::vector<Profile> AllMembers(storage::Tx& tx, const std::optional<Page>& page);
std::int64_t CountAllMembers(storage::Tx& tx);
// Active, unassigned members whose name or e-mail contains `query` (case-insensitive), by name.
std::vector<Profile> SearchUnassigned(storage::Tx& tx, const std::string& query, const Page& page);
std::int64_t CountUnassigned(storage::Tx& tx, const std::string& query);

// Assigns an unassigned active member; false when the member is not one or already has a trainer.
// Assignment changes reach this process's access-check caches once committed (accounts::NotifyUserChanged).
bool AssignTrainer(storage::Tx& tx, std::int64_t member_id, std::int64_t trainer_id, std::int64_t now);
// Clears the assignment when `trainer_id` is the member's trainer; false otherwise.
bool UnassignTrainer(storage::Tx& tx, std::int64_t member_id, std::int64_t trainer_id, std::int64_t now);

}  // namespace spotter::members

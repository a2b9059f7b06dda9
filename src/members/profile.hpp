// File: members/profile.hpp
// A person's profile: the account's public fields plus body metrics, time zone and photo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace spotter::members {

struct Profile {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::optional<std::string> phone;
    std::string user_type;  // member, trainer, admin
    bool is_active = true;
    bool email_verified = false;
    std::optional<std::int64_t> trainer_id;
    std::int64_t created_at = 0;  // microseconds since the epoch
    std::int64_t updated_at = 0;  // the later of the account's and the profile's last change

    std::optional<int> age;
    std::optional<double> height_cm;
    std::optional<double> weight_kg;
    std::optional<double> body_fat_percentage;
    std::optional<double> muscle_mass_kg;
    std::string time_zone = "Asia/Seoul";
    std::optional<std::string> image_path;      // relative to the media folder
    std::optional<std::string> thumbnail_path;

    // Members: name, phone, age, height and weight are filled in. Trainers: name, phone and a photo.
    bool Completed() const;
};

struct MetricPoint {
    std::int64_t measured_at = 0;
    std::optional<double> weight_kg;
    std::optional<double> body_fat_percentage;
    std::optional<double> muscle_mass_kg;
};

}  // namespace spotter::members

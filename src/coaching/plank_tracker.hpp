// File: coaching/plank_tracker.hpp
//
// The plank timer. A hold starts after the person has been in the plank position for start_s (body not upright,
// hips and knees roughly straight, little movement) and ends after leaving it for end_s or when the person is
// lost; the hold time counts from the moment the position was reached. While holding, the hips' deviation from
// the shoulder-ankle line is smoothed: an episode above or below the limits longer than alert_s raises a live
// alert, and a hold spending more than flag_share of its time there is flagged.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "coaching/filters.hpp"
#include "coaching/pose_features.hpp"
#include "coaching/results.hpp"

namespace spotter::coaching {

struct PlankConfig {
    double start_s = 0.5;
    double end_s = 1.0;
    double alert_s = 1.5;
    double flag_share = 0.3;
    double max_speed = 0.15;  // body sizes per second of the torso centre, smoothed
};

class PlankTracker {
public:
    explicit PlankTracker(const PlankConfig& config = {});

    // One frame with a person. Appends kHoldStart / kFormAlert / kHoldEnd events.
    void Push(std::int64_t frame, double t, double dt, const PoseView& view, const Channels& channels,
              std::vector<Event>& events);
    // The person is gone (or the stream ends): closes a hold in progress.
    void Lost(std::int64_t frame, double t, std::vector<Event>& events);

    bool Holding() const { return holding_; }
    double TotalHold() const;  // including the hold in progress
    double LongestHold() const { return longest_; }
    const std::vector<RepResult>& Holds() const { return holds_; }

private:
    bool InPosition(const PoseView& view, const Channels& channels, double dt);
    void EndHold(std::int64_t frame, double t, std::vector<Event>& events);

    PlankConfig config_;
    bool has_previous_ = false;
    Vec3 previous_centre_{};
    TimeEma centre_x_{0.5}, centre_y_{0.5};  // the torso centre, smoothed before differentiating (jitter)
    TimeEma extent_{1.0};
    TimeEma speed_{0.5};
    TimeEma hip_angle_{0.3}, knee_angle_{0.3}, incline_{0.3};
    TimeEma deviation_{0.5};
    bool holding_ = false;
    bool position_ = false;
    double position_since_ = 0.0;
    double out_since_ = 0.0;
    std::int64_t start_frame_ = -1;
    double start_t_ = 0.0;
    double last_in_t_ = 0.0;
    std::int64_t last_in_frame_ = -1;
    double measured_s_ = 0.0, high_s_ = 0.0, low_s_ = 0.0;
    double high_sum_ = 0.0, low_sum_ = 0.0;
    double episode_s_ = 0.0;
    int episode_sign_ = 0;
    bool episode_alerted_ = false;
    double total_ = 0.0;
    double longest_ = 0.0;
    std::vector<RepResult> holds_;
};

}  // namespace spotter::coaching

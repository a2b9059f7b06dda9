#include "coaching/plank_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "coaching/form_rules.hpp"

namespace spotter::coaching {
namespace {
constexpr float kMinStraightHip = 95.0f;    // hip angle (shoulder-hip-knee), degrees: a piked plank is still one
constexpr float kMinStraightKnee = 120.0f;
constexpr float kMaxIncline = 0.75f;        // torso height / length: above this the person is upright

float MeanOf(float a, float b) {
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    return 0.5f * (a + b);
}
}  // namespace

PlankTracker::PlankTracker(const PlankConfig& config) : config_(config) {}

double PlankTracker::TotalHold() const { return total_ + (holding_ ? last_in_t_ - start_t_ : 0.0); }

bool PlankTracker::InPosition(const PoseView& view, const Channels& c, double dt) {
    Vec3 centre = Mid(Mid(view.p[lm::kLeftShoulder], view.p[lm::kRightShoulder]),
                      Mid(view.p[lm::kLeftHip], view.p[lm::kRightHip]));
    Vec3 smooth{static_cast<float>(centre_x_.Update(centre.x, dt)), static_cast<float>(centre_y_.Update(centre.y, dt)),
                0.0f};
    double extent = extent_.Update(view.extent, dt);
    if (has_previous_ && dt > 0.0) {
        double speed = Norm2(smooth - previous_centre_) / extent / std::max(dt, 1e-3);
        speed_.Update(std::min(speed, 10.0), dt);
    }
    previous_centre_ = smooth;
    has_previous_ = true;

    float incline = c[Ch::kTorsoIncline];
    if (!std::isnan(incline) && !view.min_max) {
        // Seen from the head or the feet, a plank's torso looks upright in the image; depth tells it lies.
        Vec3 torso = Mid(view.p[lm::kLeftShoulder], view.p[lm::kRightShoulder]) -
                     Mid(view.p[lm::kLeftHip], view.p[lm::kRightHip]);
        float length = Norm3(torso);
        if (length > 1e-6f) incline = std::min(incline, -torso.y / length);
    }
    if (!std::isnan(incline)) incline_.Update(incline, dt);
    float hip = MeanOf(c[Ch::kHip2L], c[Ch::kHip2R]);
    float knee = MeanOf(c[Ch::kKnee2L], c[Ch::kKnee2R]);
    if (!std::isnan(hip)) hip_angle_.Update(hip, dt);
    if (!std::isnan(knee)) knee_angle_.Update(knee, dt);
    if (!incline_.Started() || incline_.Value() > kMaxIncline) return false;
    if (hip_angle_.Started() && hip_angle_.Value() < kMinStraightHip) return false;
    if (knee_angle_.Started() && knee_angle_.Value() < kMinStraightKnee) return false;
    return speed_.Value() <= config_.max_speed;
}

void PlankTracker::Push(std::int64_t frame, double t, double dt, const PoseView& view, const Channels& channels,
                        std::vector<Event>& events) {
    bool in = InPosition(view, channels, dt);
    if (in && !position_) position_since_ = t;
    if (!in && position_) out_since_ = t;
    position_ = in;

    if (!holding_) {
        if (in && t - position_since_ >= config_.start_s) {
            holding_ = true;
            start_frame_ = frame;
            start_t_ = position_since_;
            last_in_t_ = t;
            last_in_frame_ = frame;
            measured_s_ = high_s_ = low_s_ = high_sum_ = low_sum_ = 0.0;
            episode_s_ = 0.0;
            episode_sign_ = 0;
            deviation_.Reset();
            events.push_back({EventKind::kHoldStart, frame, start_t_, 0, std::nullopt});
        }
        return;
    }
    if (!in) {
        if (t - out_since_ >= config_.end_s) EndHold(last_in_frame_, last_in_t_, events);
        return;
    }
    last_in_t_ = t;
    last_in_frame_ = frame;
    float raw = PlankHipDeviation(channels);
    if (std::isnan(raw)) return;
    double dev = deviation_.Update(raw, dt);
    measured_s_ += dt;
    int sign = dev > kPlankHipsHigh ? 1 : dev < kPlankHipsLow ? -1 : 0;
    if (sign > 0) {
        high_s_ += dt;
        high_sum_ += dev * dt;
    } else if (sign < 0) {
        low_s_ += dt;
        low_sum_ += dev * dt;
    }
    if (sign != episode_sign_) {
        episode_sign_ = sign;
        episode_s_ = 0.0;
        episode_alerted_ = false;
    }
    episode_s_ += dt;
    if (sign != 0 && !episode_alerted_ && episode_s_ >= config_.alert_s) {
        episode_alerted_ = true;
        RepResult alert;
        alert.index = static_cast<int>(holds_.size()) + 1;
        alert.start_frame = frame;
        alert.start_s = t;
        FlagId id = sign > 0 ? FlagId::kHipsHigh : FlagId::kHipsSagging;
        float limit = sign > 0 ? kPlankHipsHigh : kPlankHipsLow;
        alert.flags.push_back({id, static_cast<float>(dev), limit, 0.5f});
        events.push_back({EventKind::kFormAlert, frame, t, 0, std::move(alert)});
    }
}

void PlankTracker::Lost(std::int64_t frame, double t, std::vector<Event>& events) {
    (void)frame;
    (void)t;
    if (holding_) EndHold(last_in_frame_, last_in_t_, events);
    position_ = false;
    has_previous_ = false;
    for (TimeEma* e : {&centre_x_, &centre_y_, &extent_, &speed_, &hip_angle_, &knee_angle_, &incline_}) e->Reset();
}

void PlankTracker::EndHold(std::int64_t frame, double t, std::vector<Event>& events) {
    holding_ = false;
    RepResult hold;
    hold.index = static_cast<int>(holds_.size()) + 1;
    hold.start_frame = start_frame_;
    hold.start_s = start_t_;
    hold.end_frame = frame;
    hold.end_s = t;
    hold.count_frame = frame;
    hold.count_s = t;
    hold.hold_s = std::max(0.0, t - start_t_);
    if (measured_s_ > 0.0) {
        double high_share = high_s_ / measured_s_, low_share = low_s_ / measured_s_;
        if (high_share >= config_.flag_share) {
            hold.flags.push_back({FlagId::kHipsHigh, static_cast<float>(high_sum_ / high_s_), kPlankHipsHigh,
                                  static_cast<float>(std::min(1.0, high_share))});
        }
        if (low_share >= config_.flag_share) {
            hold.flags.push_back({FlagId::kHipsSagging, static_cast<float>(low_sum_ / low_s_), kPlankHipsLow,
                                  static_cast<float>(std::min(1.0, low_share))});
        }
        hold.metrics.push_back({"hips_high_share", static_cast<float>(high_share)});
        hold.metrics.push_back({"hips_low_share", static_cast<float>(low_share)});
    }
    hold.score = ScoreFlags(hold.flags);
    total_ += hold.hold_s;
    longest_ = std::max(longest_, hold.hold_s);
    holds_.push_back(hold);
    events.push_back({EventKind::kHoldEnd, frame, t, 0, std::move(hold)});
}

}  // namespace spotter::coaching

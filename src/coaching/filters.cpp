#include "coaching/filters.hpp"

#include <algorithm>
#include <cmath>

namespace spotter::coaching {
namespace {
constexpr double kMinStep = 1e-4;
constexpr double kTwoPi = 6.283185307179586;
}  // namespace

double LowPassAlpha(double cutoff_hz, double dt) {
    double tau = 1.0 / (kTwoPi * cutoff_hz);
    return 1.0 / (1.0 + tau / std::max(dt, kMinStep));
}

double OneEuroFilter::Filter(double x, double dt) {
    if (!started_) {
        started_ = true;
        value_ = x;
        derivative_ = 0.0;
        return value_;
    }
    dt = std::max(dt, kMinStep);
    double raw_derivative = (x - value_) / dt;
    double a_d = LowPassAlpha(derivative_cutoff_, dt);
    derivative_ += a_d * (raw_derivative - derivative_);
    double cutoff = min_cutoff_ + beta_ * std::fabs(derivative_);
    value_ += LowPassAlpha(cutoff, dt) * (x - value_);
    return value_;
}

double TimeEma::Update(double x, double dt) {
    if (!started_) {
        Set(x);
        return value_;
    }
    double alpha = 1.0 - std::exp(-std::max(dt, 0.0) / tau_);
    value_ += alpha * (x - value_);
    return value_;
}

double Median3::Filter(double x) {
    double result = x;
    if (count_ >= 2) {
        result = std::max(std::min(a_, b_), std::min(std::max(a_, b_), x));
    } else if (count_ == 1) {
        result = 0.5 * (b_ + x);
    }
    a_ = b_;
    b_ = x;
    count_ = std::min(count_ + 1, 2);
    return result;
}

}  // namespace spotter::coaching

// File: coaching/filters.hpp
//
// Causal smoothing that works at any and at varying frame rates: every filter takes the time step of each sample.
#pragma once

namespace spotter::coaching {

// The 1-euro filter (Casiez et al., CHI 2012): a low-pass whose cutoff rises with speed, so slow phases are smooth
// and fast ones lag little. The cutoff is min_cutoff_hz + beta * |derivative| (signal units per second).
class OneEuroFilter {
public:
    OneEuroFilter(double min_cutoff_hz, double beta, double derivative_cutoff_hz = 1.0)
        : min_cutoff_(min_cutoff_hz), beta_(beta), derivative_cutoff_(derivative_cutoff_hz) {}

    // Filters `x` observed `dt` seconds after the previous sample (dt <= 0 is treated as a tiny step).
    double Filter(double x, double dt);
    double Value() const { return value_; }
    double Derivative() const { return derivative_; }
    void Reset() { started_ = false; }

private:
    double min_cutoff_;
    double beta_;
    double derivative_cutoff_;
    bool started_ = false;
    double value_ = 0.0;
    double derivative_ = 0.0;
};

// An exponential moving average with a time constant in seconds (not a per-sample alpha).
class TimeEma {
public:
    explicit TimeEma(double tau_seconds) : tau_(tau_seconds) {}
    double Update(double x, double dt);
    double Value() const { return value_; }
    bool Started() const { return started_; }
    void Reset() { started_ = false; }
    void Set(double x) {
        value_ = x;
        started_ = true;
    }

private:
    double tau_;
    bool started_ = false;
    double value_ = 0.0;
};

// Median of the last three samples: removes single-frame spikes (a landmark jumping for one frame) at the cost of
// one frame of delay.
class Median3 {
public:
    double Filter(double x);
    void Reset() { count_ = 0; }

private:
    double a_ = 0.0, b_ = 0.0;
    int count_ = 0;
};

// The weight alpha of a new sample for a first-order low-pass with this cutoff frequency and time step.
double LowPassAlpha(double cutoff_hz, double dt);

}  // namespace spotter::coaching

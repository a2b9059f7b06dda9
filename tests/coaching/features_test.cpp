#include <gtest/gtest.h>

#include <cmath>

#include "coaching/geometry.hpp"
#include "coaching/pose_features.hpp"

namespace spotter::coaching {
namespace {

// A standing person facing the camera, image coordinates (y down), every landmark visible.
Frame StandingFrame() {
    Frame f;
    f.has_person = true;
    auto set = [&](int i, float x, float y) { f.lm[i] = {x, y, 0.0f, 1.0f}; };
    for (int i = 0; i < static_cast<int>(kLandmarkCount); ++i) set(i, 0.5f, 0.15f);
    set(lm::kLeftShoulder, 0.56f, 0.30f);
    set(lm::kRightShoulder, 0.44f, 0.30f);
    set(lm::kLeftElbow, 0.57f, 0.42f);
    set(lm::kRightElbow, 0.43f, 0.42f);
    set(lm::kLeftWrist, 0.57f, 0.53f);
    set(lm::kRightWrist, 0.43f, 0.53f);
    set(lm::kLeftHip, 0.54f, 0.55f);
    set(lm::kRightHip, 0.46f, 0.55f);
    set(lm::kLeftKnee, 0.54f, 0.72f);
    set(lm::kRightKnee, 0.46f, 0.72f);
    set(lm::kLeftAnkle, 0.54f, 0.89f);
    set(lm::kRightAnkle, 0.46f, 0.89f);
    set(lm::kLeftHeel, 0.54f, 0.91f);
    set(lm::kRightHeel, 0.46f, 0.91f);
    set(lm::kLeftFootIndex, 0.55f, 0.92f);
    set(lm::kRightFootIndex, 0.45f, 0.92f);
    return f;
}

TEST(Geometry, AnglesOfKnownTriangles) {
    EXPECT_NEAR(Angle2({1, 0, 0}, {0, 0, 0}, {0, 1, 0}), 90.0f, 1e-4);
    EXPECT_NEAR(Angle2({1, 0, 0}, {0, 0, 0}, {-1, 0, 0}), 180.0f, 1e-4);
    EXPECT_NEAR(Angle3({1, 0, 0}, {0, 0, 0}, {0, 0, 1}), 90.0f, 1e-4);
    // Depth is ignored in the image plane.
    EXPECT_NEAR(Angle2({1, 0, 5}, {0, 0, 0}, {1, 0, -5}), 0.0f, 1e-3);
    // Degenerate segments read as straight, never NaN.
    EXPECT_EQ(Angle2({0, 0, 0}, {0, 0, 0}, {1, 0, 0}), 180.0f);
}

TEST(PoseFeatures, StandingPersonHasStraightLimbsAndUprightTorso) {
    PoseView view;
    ASSERT_TRUE(MakePoseView(StandingFrame(), 1.0f, view));
    Channels c;
    ComputeChannels(view, 0.5f, c);
    EXPECT_GT(c[Ch::kKnee2L], 170.0f);
    EXPECT_GT(c[Ch::kElbow2R], 160.0f);
    EXPECT_NEAR(c[Ch::kTorsoIncline], 1.0f, 0.05f);
    EXPECT_NEAR(c[Ch::kThighShareL], 0.5f, 0.01f);
    EXPECT_LT(c[Ch::kWristHeightL], -0.9f);  // hands hang well below the shoulders
    EXPECT_FALSE(view.min_max);
}

TEST(PoseFeatures, SingleAxisChannelsSurviveMinMaxNormalisation) {
    Frame frame = StandingFrame();
    PoseView view;
    ASSERT_TRUE(MakePoseView(frame, 1.0f, view));
    Channels before;
    ComputeChannels(view, 0.5f, before);
    // Per-frame, per-axis min-max normalisation stretches x a lot more than y for a standing person.
    float lo[2] = {1, 1}, hi[2] = {0, 0};
    for (const Landmark& l : frame.lm) {
        lo[0] = std::min(lo[0], l.x), hi[0] = std::max(hi[0], l.x);
        lo[1] = std::min(lo[1], l.y), hi[1] = std::max(hi[1], l.y);
    }
    for (Landmark& l : frame.lm) {
        l.x = (l.x - lo[0]) / (hi[0] - lo[0]);
        l.y = (l.y - lo[1]) / (hi[1] - lo[1]);
    }
    ASSERT_TRUE(MakePoseView(frame, 1.0f, view));
    EXPECT_TRUE(view.min_max);
    Channels after;
    ComputeChannels(view, 0.5f, after);
    for (Ch ch : {Ch::kThighShareL, Ch::kUpperArmShareR, Ch::kWristHeightL, Ch::kWristOverElbowR, Ch::kHipHeight}) {
        ASSERT_TRUE(AxisFree(ch));
        EXPECT_NEAR(after[ch], before[ch], 1e-4) << "channel " << Index(ch);
    }
    EXPECT_FALSE(AxisFree(Ch::kKnee2L));
}

TEST(PoseFeatures, LowVisibilityMakesChannelsUnavailable) {
    Frame frame = StandingFrame();
    frame.lm[lm::kLeftKnee].visibility = 0.2f;
    PoseView view;
    ASSERT_TRUE(MakePoseView(frame, 1.0f, view));
    Channels c;
    ComputeChannels(view, 0.5f, c);
    EXPECT_FALSE(c.Has(Ch::kKnee2L));
    EXPECT_FALSE(c.Has(Ch::kThighShareL));
    EXPECT_TRUE(c.Has(Ch::kKnee2R));
}

TEST(PoseFeatures, NoPersonFrames) {
    PoseView view;
    Frame empty;
    EXPECT_FALSE(MakePoseView(empty, 1.0f, view));  // has_person false
    Frame zeros;
    zeros.has_person = true;  // an all-zero row
    EXPECT_FALSE(MakePoseView(zeros, 1.0f, view));
    Frame garbage = StandingFrame();
    for (Landmark& l : garbage.lm) l = {NAN, INFINITY, NAN, NAN};
    EXPECT_FALSE(MakePoseView(garbage, 1.0f, view));
}

TEST(PoseFeatures, AspectRatioScalesX) {
    Frame frame = StandingFrame();
    PoseView square, wide;
    ASSERT_TRUE(MakePoseView(frame, 1.0f, square));
    ASSERT_TRUE(MakePoseView(frame, 16.0f / 9.0f, wide));
    EXPECT_NEAR(wide.p[lm::kLeftShoulder].x, square.p[lm::kLeftShoulder].x * 16.0f / 9.0f, 1e-5);
    EXPECT_EQ(wide.p[lm::kLeftShoulder].y, square.p[lm::kLeftShoulder].y);
}

}  // namespace
}  // namespace spotter::coaching

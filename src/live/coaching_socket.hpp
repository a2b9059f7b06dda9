// File: live/coaching_socket.hpp
//
// Live camera coaching over a WebSocket at /api/coaching/live/. The browser estimates the pose and streams
// landmarks (never video); the analysis engine (src/coaching) answers with counts, phases, cues and per-rep scores.
//
// Protocol (JSON text messages; frames may also be binary: little-endian float32 [t, 132 values] or [t] alone for
// "no person"):
//   → {"type":"auth","token":"<access JWT>"}                    first message; the token is never in the URL
//   → {"type":"start","exercise":"squat","member_id"?,"exercise_id"?,"weight_kg"?,"demonstration_id"?}
//   ← {"type":"started","session_id":"…","exercise":"squat","demonstration":{"id","title"} | null}
//      Without demonstration_id the member's current demonstration of the exercise is used (their trainer's
//      published one, else the default); repetitions then carry a similarity to it.
//   → {"type":"resume","session_id":"…"}                          after a reconnect, within 10 minutes
//   ← {"type":"resumed","session_id":"…","count":n,"phase":"…"}
//   → {"type":"frame","t":1.25,"landmarks":[[x,y,z,visibility] ×33] | null}
//   ← {"type":"events","t":…,"count":n,"phase":"…","events":[{"kind":"count",…},{"kind":"rep_end","rep":{…}}]}
//      (sent when something happened, and a state update every 15 frames)
//   → {"type":"end","save":true}
//   ← {"type":"summary",…,"saved":{"workout_exercise_id":…,"set_id":…} | null}   then close 1000
//   ← {"type":"error","code":"…","message":"…"}                 bad message; the session goes on
// Closes: 4401 not authenticated, 4403 not allowed, 1008 flood, 1009 message too big.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "accounts/auth_service.hpp"
#include "demonstrations/demonstration_service.hpp"
#include "http/router.hpp"
#include "http/websocket.hpp"
#include "workouts/workout_service.hpp"

namespace spotter::live {

class CoachingSessions;  // the in-memory registry of running sessions

class CoachingSocketService : public http::WebSocketService {
public:
    // `allowed_origins`: browser origins that may connect besides the server's own host.
    CoachingSocketService(accounts::AuthService& auth, workouts::WorkoutService& workouts,
                          demonstrations::DemonstrationService& demonstrations,
                          std::vector<std::string> allowed_origins);
    ~CoachingSocketService() override;

    const std::string& path() const override { return path_; }
    http::WebSocketLimits limits() const override;
    void CheckUpgrade(const http::Request& request) override;
    std::unique_ptr<http::WebSocketHandler> Open(const http::Request& request,
                                                 std::shared_ptr<http::WebSocketConnection> connection) override;

private:
    std::string path_ = "/api/coaching/live/";
    accounts::AuthService& auth_;
    workouts::WorkoutService& workouts_;
    demonstrations::DemonstrationService& demonstrations_;
    std::vector<std::string> allowed_origins_;
    std::shared_ptr<CoachingSessions> sessions_;
};

// GET /api/coaching/live/ without an upgrade answers 426 with how to connect (and documents the endpoint);
// GET /api/coaching/exercises/ lists what the engine counts.
void RegisterCoachingRoutes(http::Router& router);

}  // namespace spotter::live

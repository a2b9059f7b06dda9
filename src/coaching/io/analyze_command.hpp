// File: coaching/io/analyze_command.hpp
//
// The core of `spotter analyze`: runs the streaming coaching engine over recorded landmark files and prints one
// JSON object per file. The CLI (src/main.cpp) only parses flags into AnalyzeArgs and calls RunAnalyze.
//
//   spotter analyze --exercise squat --fps 30 session1.csv session2.npy
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace spotter::coaching::io {

struct AnalyzeArgs {
    std::string exercise;            // a name ParseExercise accepts ("squat", "auto", ...); empty with demo = auto
    double fps = 30.0;               // frame rate of files without a time column
    std::string demo;                // optional: the trainer's demonstration (a landmark file, or a stored
                                     // demonstration JSON {"format":1,"values":[...]})
    std::vector<std::string> files;  // landmark files; "-" is standard input
    double aspect = 0.0;             // optional: image width / height of image-normalised input (0 = unknown)
    bool events = false;             // also print every event of the stream in "events"
};

// Text for `spotter analyze --help`: usage, input formats and output.
inline constexpr std::string_view kAnalyzeHelp = R"(Analyse recorded MediaPipe Pose landmark sequences: count repetitions, time plank holds and
check form, as the live camera coach does.

Usage: spotter analyze --exercise NAME [--fps N] [--demo FILE] [--aspect W/H] [--events] FILE...

  --exercise NAME  squat, push_up, lunge, sit_up, jumping_jack, pull_up, bench_press, front_raise,
                   shoulder_press, biceps_curl, plank, or auto (any repeated movement). With --demo it may be
                   left out: repetitions are then counted by the demonstration.
  --fps N          frame rate of files without a time column (default 30)
  --demo FILE      the trainer's demonstration: a landmark file like the inputs (its repetitions are learned),
                   or a stored demonstration {"format":1,"values":[...]}; adds a similarity score per repetition
  --aspect W/H     image width / height when x and y are normalised to the image (default: unknown)
  --events         also list every event (rep_start, turn, count, rep_end, ...) with its frame and time

Input files (one frame per row; 33 landmarks in MediaPipe order):
  CSV (.csv)           optional header row; per row an optional first column t (seconds), then 99 numbers
                       (x,y,z per landmark) or 132 (x,y,z,visibility). An empty or all-zero row = no person.
  JSON lines (.jsonl)  per line an array of numbers as in a CSV row, or {"t": s, "landmarks": [[x,y,z,v], ...]};
                       a blank line, null, [] or empty landmarks = no person.
  NumPy (.npy)         float32 or float64 array of shape (T, 99), (T, 132), (T, 33, 3) or (T, 33, 4).
Coordinates may be normalised to the image or min-max normalised per frame; any frame rate and camera angle.

Output: one JSON object per file, e.g.
  {"file":"a.csv","exercise":"squat","count":8,"reps":[{"index":1,"start_frame":12,"end_frame":70,
   "count_frame":64,"start_s":0.4,"end_s":2.33,"score":85,"flags":[{"code":"shallow_depth",
   "message_en":"...","message_ko":"..."}],...}],"mean_score":90,...}
  plank: "hold_s", "longest_hold_s" and "holds" instead of "reps"; with --demo: "similarity" per repetition.
Exit status: 0 when every file was analysed, 1 when a file could not be read, 2 for bad arguments.
)";

// Runs the analysis; results go to `out` (one JSON line per file), problems to `err`. Returns the exit status
// described in kAnalyzeHelp. Never throws on bad input.
int RunAnalyze(const AnalyzeArgs& args, std::ostream& out, std::ostream& err);

}  // namespace spotter::coaching::io

// File: media/video_store.hpp
//
// Demonstration videos: an upload is accepted only if it is really an MP4 or WebM video that a browser can play,
// which `ffprobe` (Debian's ffmpeg) decides from the bytes. Before ffprobe sees anything, the container is sniffed
// from the magic bytes and ffprobe is told to use exactly that demuxer and only the `file` protocol, so a
// crafted upload (an HLS playlist, a concat list) can never make it open another file or a URL. The probe runs
// as a child process with a deadline; the file is published under its random name only after it passed.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "media/image_store.hpp"

namespace spotter::media {

struct VideoLimits {
    std::size_t max_bytes = 64 * 1024 * 1024;  // about 3 minutes of 720p from a phone
    double max_seconds = 180.0;
    int max_side = 4096;
    std::chrono::milliseconds probe_timeout{20'000};
};

enum class VideoContainer { kMp4, kWebm };

// MP4 ("....ftyp") or WebM/Matroska (EBML magic 1A 45 DF A3) from the first bytes; nullopt for anything else.
std::optional<VideoContainer> SniffVideoContainer(std::string_view bytes);

struct VideoInfo {
    VideoContainer container = VideoContainer::kMp4;
    std::string content_type;  // "video/mp4" or "video/webm"
    std::string codec;         // ffprobe's codec_name of the first video stream: h264, hevc, vp8, vp9, av1, ...
    int width = 0;
    int height = 0;
    double duration_s = 0.0;
};

// Reads ffprobe's `-print_format json -show_format -show_streams` output for a file sniffed as `container`.
// Returns the video's facts or, in `error`, a sentence for the uploader (no video stream, a codec browsers cannot
// play in that container, no duration).
std::optional<VideoInfo> ParseProbeOutput(std::string_view json, VideoContainer container, std::string& error);

struct ProbeOutcome {
    std::optional<VideoInfo> info;
    std::string error;         // for the uploader
    bool unavailable = false;  // ffprobe could not be run or timed out: not the uploader's fault
};

// Runs ffprobe on `path` (a file the server wrote) with the demuxer of `container`.
ProbeOutcome ProbeVideoFile(const std::string& path, VideoContainer container, std::chrono::milliseconds timeout);

struct StoredVideo {
    StoredFile file;  // "<subfolder>/<32 hex>.mp4|.webm"
    VideoInfo info;
};

// Checks `bytes` and stores them as <media_dir>/<subfolder>/<random>.<mp4|webm> (the folder is created).
// Throws ApiError: 400 empty, 413 over max_bytes, 415 not an MP4/WebM video a browser plays, 422 longer than
// max_seconds or larger than max_side, 503 when the video cannot be checked right now.
StoredVideo StoreVideo(const std::string& media_dir, const std::string& subfolder, std::string_view bytes,
                       const VideoLimits& limits = {});

}  // namespace spotter::media

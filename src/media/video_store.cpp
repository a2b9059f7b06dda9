#include "media/video_store.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/random.hpp"
#include "media/media_files.hpp"

extern char** environ;

namespace spotter::media {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const char* DemuxerOf(VideoContainer container) { return container == VideoContainer::kMp4 ? "mov" : "matroska"; }
const char* ExtensionOf(VideoContainer container) { return container == VideoContainer::kMp4 ? "mp4" : "webm"; }

// Codecs browsers play in each container.
bool PlayableCodec(VideoContainer container, const std::string& codec) {
    if (container == VideoContainer::kWebm) return codec == "vp8" || codec == "vp9" || codec == "av1";
    return codec == "h264" || codec == "hevc" || codec == "av1" || codec == "vp9";
}

// A number ffprobe printed as a string ("8.400000") or as a number; NaN when absent or not a number.
double NumberField(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return NAN;
    if (it->is_number()) return it->get<double>();
    if (!it->is_string()) return NAN;
    const std::string& text = it->get_ref<const std::string&>();
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    return end != text.c_str() && *end == '\0' ? value : NAN;
}

struct ChildOutput {
    bool ran = false;       // the program started and exited by itself
    int exit_code = -1;
    bool timed_out = false;
    std::string out;
};

// Runs `args` (args[0] found on PATH) with standard input and error on /dev/null, collecting standard output
// (at most max_output bytes) until it exits or the deadline passes (then it is killed).
ChildOutput RunChild(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                     std::size_t max_output = 8 * 1024 * 1024) {
    ChildOutput result;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return result;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        return result;
    }
    const auto deadline = Clock::now() + timeout;
    std::array<char, 65536> buffer;
    bool open = true;
    while (open) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd descriptor{pipe_fds[0], POLLIN, 0};
        int ready = ::poll(&descriptor, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        ssize_t got = ::read(pipe_fds[0], buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            open = false;
        } else if (result.out.size() < max_output) {
            result.out.append(buffer.data(), static_cast<std::size_t>(got));
        }
    }
    ::close(pipe_fds[0]);
    if (result.timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!result.timed_out && WIFEXITED(status)) {
        result.ran = true;  // a program that cannot be found fails posix_spawnp itself
        result.exit_code = WEXITSTATUS(status);
    }
    return result;
}

std::vector<std::string> ProbeArgs(VideoContainer container) {
    // -protocol_whitelist file: the input may only be a local file (no http, no nested playlists);
    // -f: exactly the sniffed demuxer, so the bytes are never read as a playlist or concat list.
    return {"ffprobe", "-v", "error", "-hide_banner", "-protocol_whitelist", "file", "-f", DemuxerOf(container)};
}

// The time of the video stream's last packet, for files whose header has no duration (browsers' MediaRecorder
// writes WebM without one). NaN when it cannot be read.
double LastPacketSeconds(const std::string& path, VideoContainer container, std::chrono::milliseconds timeout) {
    auto args = ProbeArgs(container);
    for (const char* arg : {"-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", "-i"}) {
        args.emplace_back(arg);
    }
    args.push_back(path);
    auto run = RunChild(args, timeout);
    if (!run.ran || run.exit_code != 0) return NAN;
    double last = NAN;
    std::size_t start = 0;
    while (start < run.out.size()) {
        auto end = run.out.find('\n', start);
        if (end == std::string::npos) end = run.out.size();
        std::string line = run.out.substr(start, end - start);
        char* stop = nullptr;
        double value = std::strtod(line.c_str(), &stop);
        if (stop != line.c_str() && std::isfinite(value)) last = std::isnan(last) ? value : std::max(last, value);
        start = end + 1;
    }
    return last;
}

}  // namespace

std::optional<VideoContainer> SniffVideoContainer(std::string_view bytes) {
    if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") return VideoContainer::kMp4;
    if (bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0x1A && static_cast<unsigned char>(bytes[1]) == 0x45 &&
        static_cast<unsigned char>(bytes[2]) == 0xDF && static_cast<unsigned char>(bytes[3]) == 0xA3) {
        return VideoContainer::kWebm;
    }
    return std::nullopt;
}

std::optional<VideoInfo> ParseProbeOutput(std::string_view json, VideoContainer container, std::string& error) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        error = "The file could not be read as a video.";
        return std::nullopt;
    }
    const auto streams = parsed.value("streams", nlohmann::json::array());
    const nlohmann::json* video = nullptr;
    for (const auto& stream : streams) {
        if (stream.is_object() && stream.value("codec_type", std::string()) == "video") {
            video = &stream;
            break;
        }
    }
    if (!video) {
        error = "The file has no video picture (only sound or nothing).";
        return std::nullopt;
    }
    VideoInfo info;
    info.container = container;
    info.content_type = container == VideoContainer::kMp4 ? "video/mp4" : "video/webm";
    info.codec = video->value("codec_name", std::string());
    if (!PlayableCodec(container, info.codec)) {
        error = "Browsers cannot play " + (info.codec.empty() ? std::string("this video format") : info.codec) +
                " video in a" + (container == VideoContainer::kMp4 ? "n MP4" : " WebM") +
                " file: use H.264 in MP4 or VP8/VP9 in WebM.";
        return std::nullopt;
    }
    const auto width = video->find("width");
    const auto height = video->find("height");
    if (width == video->end() || height == video->end() || !width->is_number_integer() || !height->is_number_integer() ||
        width->get<long long>() <= 0 || height->get<long long>() <= 0) {
        error = "The video has no picture size.";
        return std::nullopt;
    }
    info.width = static_cast<int>(std::min<long long>(width->get<long long>(), 1 << 20));
    info.height = static_cast<int>(std::min<long long>(height->get<long long>(), 1 << 20));
    double duration = NAN;
    if (parsed.contains("format") && parsed["format"].is_object()) duration = NumberField(parsed["format"], "duration");
    if (!std::isfinite(duration)) duration = NumberField(*video, "duration");
    info.duration_s = std::isfinite(duration) && duration >= 0 ? duration : NAN;
    return info;
}

ProbeOutcome ProbeVideoFile(const std::string& path, VideoContainer container, std::chrono::milliseconds timeout) {
    ProbeOutcome outcome;
    const auto started = Clock::now();
    auto args = ProbeArgs(container);
    for (const char* arg : {"-print_format", "json", "-show_format", "-show_streams", "-i"}) args.emplace_back(arg);
    args.push_back(path);
    auto run = RunChild(args, timeout);
    if (run.timed_out || !run.ran) {
        outcome.unavailable = true;
        outcome.error = run.timed_out ? "The video check took too long." : "The video check (ffprobe) is not installed.";
        return outcome;
    }
    if (run.exit_code != 0) {
        outcome.error = "The file is not a readable MP4 or WebM video.";
        return outcome;
    }
    outcome.info = ParseProbeOutput(run.out, container, outcome.error);
    if (outcome.info && !std::isfinite(outcome.info->duration_s)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - (Clock::now() - started));
        double last = left.count() > 0 ? LastPacketSeconds(path, container, left) : NAN;
        if (!std::isfinite(last)) {
            outcome.info.reset();
            outcome.error = "The video's length could not be read.";
        } else {
            outcome.info->duration_s = last;
        }
    }
    return outcome;
}

StoredVideo StoreVideo(const std::string& media_dir, const std::string& subfolder, std::string_view bytes,
                       const VideoLimits& limits) {
    if (bytes.empty()) throw ApiError(ErrorCode::kBadRequest, "The video file is empty.", "empty_file");
    if (bytes.size() > limits.max_bytes) {
        throw ApiError(ErrorCode::kPayloadTooLarge,
                       "The video is larger than " + std::to_string(limits.max_bytes / (1024 * 1024)) + " MB.",
                       "file_too_large");
    }
    auto container = SniffVideoContainer(bytes);
    if (!container) {
        throw ApiError(ErrorCode::kUnsupportedMediaType, "Upload an MP4 or WebM video.", "unsupported_video");
    }
    fs::path dir = fs::path(media_dir) / subfolder;
    fs::create_directories(dir);
    StoredVideo stored;
    const std::string name = RandomHex(16) + "." + ExtensionOf(*container);
    WriteFileAtomically(dir.string(), name, bytes, [&](const std::string& temporary_path) {
        auto probe = ProbeVideoFile(temporary_path, *container, limits.probe_timeout);
        if (probe.unavailable) {
            spdlog::error("video check failed: {}", probe.error);
            throw ApiError(ErrorCode::kServiceUnavailable, "Videos cannot be checked right now; try again later.",
                           "video_check_unavailable");
        }
        if (!probe.info) throw ApiError(ErrorCode::kUnsupportedMediaType, probe.error, "unsupported_video");
        if (probe.info->duration_s > limits.max_seconds) {
            throw ApiError(ErrorCode::kUnprocessable,
                           "The video is " + std::to_string(static_cast<int>(std::ceil(probe.info->duration_s))) +
                               " s long; a demonstration may last at most " +
                               std::to_string(static_cast<int>(limits.max_seconds)) + " s.",
                           "video_too_long");
        }
        if (probe.info->width > limits.max_side || probe.info->height > limits.max_side) {
            throw ApiError(ErrorCode::kUnprocessable,
                           "The video is larger than " + std::to_string(limits.max_side) + " pixels on a side.",
                           "video_too_large");
        }
        stored.info = *probe.info;
    });
    stored.file.path = subfolder + "/" + name;
    stored.file.url = "/media/" + stored.file.path;
    stored.file.width = stored.info.width;
    stored.file.height = stored.info.height;
    stored.file.bytes = bytes.size();
    return stored;
}

}  // namespace spotter::media

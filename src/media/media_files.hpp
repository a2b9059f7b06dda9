// File: media/media_files.hpp
//
// The media folder on disk: which relative paths are acceptable, which files may be served and as what type,
// writing a new file atomically and deleting one. Every stored name is chosen by the server (random hex); a
// client's file name never reaches the file system.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace spotter::media {

// True for a relative path of non-empty '/'-separated segments where no segment is "." or "..", starts with a
// dot (hidden and temporary files), or holds a backslash, NUL or another control character; at most 1024 bytes.
bool IsSafeRelativePath(std::string_view relative);

// The Content-Type served for a media file name, by its extension (.webp, .jpg/.jpeg, .png, .gif, .mp4, .webm),
// or nullopt for any other name: such files are never served.
std::optional<std::string> MediaContentType(std::string_view name);

// Writes `bytes` as <dir>/<name> (the folder must exist) through a hidden temporary file in the same folder that
// is fsync'ed and renamed into place (never replacing an existing file), then fsyncs the folder. Readers see the
// whole file or nothing. Throws std::system_error on failure, leaving nothing behind.
void WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view bytes);
// The same, calling `check(temporary_path)` on the complete, fsync'ed file before it is published under `name`;
// if `check` throws, nothing is published, the temporary file is removed and the exception propagates.
void WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view bytes,
                         const std::function<void(const std::string& temporary_path)>& check);

// Deletes <media_dir>/<relative_path>. Returns false when there was no such file. Throws std::invalid_argument
// when the path is not a safe relative path or resolves (through symbolic links) outside media_dir, and
// std::system_error when the file exists but cannot be deleted. Folders are never deleted.
bool DeleteStored(const std::string& media_dir, const std::string& relative_path);

}  // namespace spotter::media

#pragma once
// POSIX file operations the output files need, each failing with an Error
// that names the file and the system's reason.

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace prospect::core {

// What makes a file the same file whatever name reaches it (links, "./", "..").
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  std::int64_t size = 0;
  std::int64_t modified_ns = 0;  // modification time
  bool same_file(const FileIdentity& other) const {
    return device == other.device && inode == other.inode;
  }
  bool unchanged(const FileIdentity& other) const {
    return same_file(other) && size == other.size && modified_ns == other.modified_ns;
  }
};

// The identity of the file at `path` (links followed), or nothing if there is none.
std::optional<FileIdentity> identify(const std::string& path);

// `path` made absolute and normal, links resolved as far as they exist.
std::string canonical_path(const std::string& path);

// "<errno text>" for the current errno.
std::string system_reason();

// Copies `from` into the open, empty file `to_descriptor` (named `to` in
// errors) and flushes it to disk.
void copy_into(const std::string& from, int to_descriptor, const std::string& to);

// Bytes free for an unprivileged writer on the file system holding `directory`.
std::uint64_t free_bytes(const std::string& directory);

// Flushes a directory's entries (a rename in it) to disk.
void sync_directory(const std::string& directory);

}  // namespace prospect::core

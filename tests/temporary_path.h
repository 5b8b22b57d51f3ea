#pragma once
// Paths in the temporary directory, unique to this process: CTest runs
// test cases side by side, each in its own process, and two cases writing
// the same file would race.

#include <unistd.h>

#include <filesystem>
#include <string>

inline std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("prospect_test_" + std::to_string(getpid()) + "_" + name))
      .string();
}

// A fresh temporary directory, removed with its contents.
struct ScratchDirectory {
  explicit ScratchDirectory(const std::string& name) : path(temporary_path(name)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  std::string file(const std::string& name) const { return path + "/" + name; }
  std::string path;
};

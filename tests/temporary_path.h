#pragma once
// A path in the temporary directory, unique to this process: CTest runs
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

#pragma once
// The configuration files a task ships in tasks/configs/ whose names start
// with `prefix`, in name order (PROSPECT_TEST_DATA is tests/data).

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

inline std::vector<std::filesystem::path> shipped_configs(const std::string& prefix) {
  namespace fs = std::filesystem;
  std::vector<fs::path> configs;
  for (const auto& entry :
       fs::directory_iterator(fs::path(PROSPECT_TEST_DATA) / ".." / ".." / "tasks" / "configs")) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && entry.path().extension() == ".ini") configs.push_back(entry.path());
  }
  std::sort(configs.begin(), configs.end());
  return configs;
}

#pragma once
// Small text helpers shared by the parsers of configuration files.

#include <string>

namespace prospect::core {

// `text` without leading and trailing spaces and tabs.
inline std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

}  // namespace prospect::core

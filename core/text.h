#pragma once
// Small text helpers shared by the parsers of configuration files.

#include <string>
#include <vector>

namespace prospect::core {

// `text` without leading and trailing spaces and tabs.
inline std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// The parts of `text` between occurrences of `separator`, trimmed; "a," has
// an empty second part.
inline std::vector<std::string> split_on(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (auto end = text.find(separator); end != std::string::npos; end = text.find(separator, begin)) {
    parts.push_back(trim(text.substr(begin, end - begin)));
    begin = end + separator.size();
  }
  parts.push_back(trim(text.substr(begin)));
  return parts;
}

}  // namespace prospect::core

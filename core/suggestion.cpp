#include "core/suggestion.h"

#include <algorithm>
#include <cstdint>

namespace prospect::core {
namespace {

// Levenshtein distance, with a swap of neighbours counting as one edit.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string last_part(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// How many edits still read as a typo of a word this long.
std::size_t tolerance(const std::string& word) { return std::max<std::size_t>(1, word.size() / 3); }

}  // namespace

std::vector<std::string> nearest_keys(const std::string& word, const std::vector<std::string>& known,
                                      std::size_t at_most) {
  const std::string part = last_part(word);
  std::vector<std::pair<std::size_t, std::size_t>> close;  // distance, index into known
  for (std::size_t k = 0; k < known.size(); ++k) {
    const std::size_t whole = edit_distance(word, known[k]);
    // The last part alone counts one edit more: the section is wrong too
    // (unless the word has no section).
    const std::size_t in_part =
        edit_distance(part, last_part(known[k])) + (part.size() == word.size() ? 0 : 1);
    if (whole <= tolerance(word)) {
      close.emplace_back(whole, k);
    } else if (in_part <= tolerance(part) + 1) {
      close.emplace_back(in_part, k);
    }
  }
  // Only the nearest: "network.gama" is network.gamma, not network.beta too.
  std::size_t best = SIZE_MAX;
  for (const auto& [distance, k] : close) best = std::min(best, distance);
  std::vector<std::string> nearest;
  for (const auto& [distance, k] : close) {
    if (distance == best && nearest.size() < at_most) nearest.push_back(known[k]);
  }
  return nearest;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
  const auto nearest = nearest_keys(word, known);
  if (nearest.empty()) return "";
  std::string text = " (did you mean ";
  for (std::size_t i = 0; i < nearest.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == nearest.size() ? " or " : ", ") + ("'" + nearest[i] + "'");
  }
  return text + "?)";
}

}  // namespace prospect::core

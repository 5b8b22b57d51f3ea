#include "core/option_range.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <optional>
#include <vector>

#include "core/options.h"
#include "core/text.h"
#include "core/whole_number.h"

namespace prospect::core {
namespace {

std::optional<double> number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Why `value` is not in the one alternative `range` ("" if it is).
std::string problem(const std::string& value, const std::string& range) {
  if (range == "text") return "";
  if (range == "''") return value.empty() ? "" : "expected ''";
  if (range.starts_with("list of ")) {
    const std::string item_range = range.substr(8);
    if (value.empty()) return "expected a list of " + item_range;
    const auto items = split_on(value, ",");
    for (std::size_t i = 0; i < items.size(); ++i) {  // named as Options::whole_numbers does
      const auto why = problem(items[i], item_range);
      if (!why.empty() && items.size() == 1) return why;
      if (!why.empty()) return "item " + std::to_string(i + 1) + " ('" + items[i] + "'): " + why;
    }
    return "";
  }
  if (range.starts_with("whole >= ")) {
    const auto minimum = whole_number(range.substr(9));
    return whole_number_problem(value, minimum ? static_cast<long>(*minimum) : 0, LONG_MAX);
  }
  const bool interval = (range[0] == '(' || range[0] == '[') && range.find(',') != std::string::npos;
  const bool bound = range[0] == '>' || range[0] == '<';
  if (range != "number" && !interval && !bound) return value == range ? "" : "expected " + range;
  const auto x = number(value);
  const std::string expected = "expected a number" + (range == "number" ? "" : (interval ? " in " : " ") + range);
  if (!x) return expected;
  bool inside = true;
  if (interval) {
    const auto comma = range.find(',');
    const double low = number(trim(range.substr(1, comma - 1))).value_or(NAN);
    const double high = number(trim(range.substr(comma + 1, range.size() - comma - 2))).value_or(NAN);
    inside = (range.front() == '(' ? *x > low : *x >= low) && (range.back() == ')' ? *x < high : *x <= high);
  } else if (bound) {
    const bool with_equal = range.size() > 1 && range[1] == '=';
    const double limit = number(trim(range.substr(with_equal ? 2 : 1))).value_or(NAN);
    inside = range[0] == '>' ? (with_equal ? *x >= limit : *x > limit) : (with_equal ? *x <= limit : *x < limit);
  }
  return inside ? "" : expected;
}

}  // namespace

void check_range(const std::string& key, const std::string& value, const std::string& range) {
  if (range.empty()) return;
  const std::string v = trim(value);
  const auto alternatives = split_on(range, " | ");
  std::string why;
  for (const auto& alternative : alternatives) {
    const auto problem_here = problem(v, alternative);
    if (problem_here.empty()) return;
    why = problem_here;
  }
  if (alternatives.size() == 1) fail_value(key, value, why);
  std::string expected;
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const std::string& a = alternatives[i];
    expected += (i == 0 ? "" : i + 1 == alternatives.size() ? " or " : ", ") + a;
  }
  fail_value(key, value, "expected " + expected);
}

}  // namespace prospect::core

#include "core/whole_number.h"

#include <charconv>
#include <climits>
#include <cmath>

namespace prospect::core {
namespace {

std::string range_text(long minimum, long maximum, bool name_maximum) {
  if (maximum == LONG_MAX && !name_maximum) {
    return minimum == LONG_MIN ? "" : " >= " + std::to_string(minimum);
  }
  return " from " + std::to_string(minimum) + " to " + std::to_string(maximum);
}

}  // namespace

std::optional<long> whole_number(const std::string& text) {
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::string whole_number_problem(const std::string& text, long minimum, long maximum) {
  const auto value = whole_number(text);
  if (value && *value >= minimum && *value <= maximum) return "";
  const char* end = text.data() + text.size();
  long ignored = 0;
  const auto digits = std::from_chars(text.data(), end, ignored);
  const bool beyond_long = digits.ec == std::errc::result_out_of_range && digits.ptr == end;
  // Read as a real number too, to say whether it is too large and how a
  // whole number written otherwise ("1e3") is to be written.
  double real = 0;
  const auto [stop, error] = std::from_chars(text.data(), end, real);
  const bool is_real = !text.empty() && stop == end && error == std::errc() && std::isfinite(real);
  const bool too_large = (value && *value > maximum) || (beyond_long && text[0] != '-') ||
                         (!value && is_real && (real > double(maximum) || real >= 0x1p63));
  std::string problem = "expected a whole number" + range_text(minimum, maximum, too_large);
  if (!value && !beyond_long && is_real && real == std::floor(real) && !too_large &&
      real >= double(minimum)) {
    char written[32];
    const auto last = std::to_chars(written, written + sizeof written, real, std::chars_format::fixed).ptr;
    problem += ", written in digits (" + std::string(written, last) + ")";
  }
  return problem;
}

}  // namespace prospect::core

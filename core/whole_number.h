#pragma once
// The one reading of whole numbers from text (options, lists of sizes, file
// names): an optional '-' and decimal digits, nothing else. "1e3", "4.0",
// "+4" and "0x10" are not whole numbers as written, so a value is never
// rounded, truncated or wrapped on its way to a count.

#include <optional>
#include <string>

namespace prospect::core {

// The number `text` spells, or nothing if it is not a whole number as above or
// does not fit a long.
std::optional<long> whole_number(const std::string& text);

// What is wrong with `text` as a whole number from `minimum` to `maximum`
// ("expected a whole number >= 1", "... from 1 to 2147483647", with a hint
// for "1e3" or "4.0"), or "" when it is one.
std::string whole_number_problem(const std::string& text, long minimum, long maximum);

}  // namespace prospect::core

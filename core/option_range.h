#pragma once
// The values an option takes (OptionInfo::range), checked whenever options
// are resolved and shown by --help. A range is one alternative or several
// joined by " | ":
//
//   > 0, >= 0, < 1, <= 1        a number so bounded
//   (0, 1], [0, 1), (0, 1) ...  a number in the interval
//   whole >= 1                  a whole number written in digits, at least 1
//   number                      any finite number
//   list of <alternative>       comma-separated items, each one the alternative
//   text                        anything (a path, a name)
//   ''                          the empty value
//   any other word              that word
//
// e.g. "auto | > 0", "'' | list of whole >= 1", "euler | rk4".

#include <string>

namespace prospect::core {

// Fails naming the key unless `value` lies in `range`.
void check_range(const std::string& key, const std::string& value, const std::string& range);

}  // namespace prospect::core

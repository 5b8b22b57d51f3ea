#pragma once
// The names of an enum's values, written once per enum as a table of
// {value, name}: parse() reads an option's text into a value, or fails
// naming the key, the text and the allowed names; name_of() gives a value's
// name back; choices() gives the allowed names as an option's range
// ("a | b", core/options.h), so --help lists them from the same table.
// A value may carry more than one name (an alias): name_of() gives the first.

#include <iterator>
#include <string>
#include <string_view>

#include "core/error.h"

namespace prospect::core {

template <typename Enum>
struct NamedValue {
  Enum value;
  std::string_view name;
};

// The names joined by `separator`, the last two by `last` ("a, b or c").
template <typename Table>
std::string joined_names(const Table& table, std::string_view separator, std::string_view last) {
  std::string text;
  const auto count = std::size(table);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += i + 1 == count ? last : separator;
    text += table[i].name;
  }
  return text;
}

template <typename Table>
auto parse(const Table& table, std::string_view key, std::string_view text) {
  for (const auto& entry : table) {
    if (entry.name == text) return entry.value;
  }
  fail("key '", key, "' = '", text, "': expected ", joined_names(table, ", ", " or "));
}

template <typename Table, typename Enum>
std::string name_of(const Table& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) return std::string(entry.name);
  }
  fail("no name for value ", static_cast<long>(value), " in its table of names");
}

// The allowed names as an option range: "a | b | c".
template <typename Table>
std::string choices(const Table& table) {
  return joined_names(table, " | ", " | ");
}

}  // namespace prospect::core

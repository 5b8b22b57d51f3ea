#include "tools/sweep/sweep_file.h"

#include <climits>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/suggestion.h"
#include "core/text.h"
#include "core/whole_number.h"

namespace prospect::sweep {
namespace {

using core::trim;

// The text before a comment (# or ;), as Boost.Program_options reads task configurations.
std::string strip_comment(const std::string& line) {
  return line.substr(0, line.find_first_of("#;"));
}

// Splits at commas outside double quotes; quotes are removed.
std::vector<std::pair<std::string, bool>> split_quoted(const std::string& text,
                                                       const std::string& where) {
  std::vector<std::pair<std::string, bool>> items;  // (item, was quoted)
  std::string current;
  bool quoted = false, in_quotes = false;
  for (const char c : text) {
    if (c == '"') {
      if (!in_quotes && !trim(current).empty()) fail(where, ": a quote inside an unquoted value");
      in_quotes = !in_quotes;
      quoted = true;
      if (in_quotes) current.clear();
    } else if (c == ',' && !in_quotes) {
      items.emplace_back(quoted ? current : trim(current), quoted);
      current.clear();
      quoted = false;
    } else if (!(quoted && !in_quotes)) {
      current += c;
    } else if (c != ' ' && c != '\t') {
      fail(where, ": text after a closing quote");
    }
  }
  if (in_quotes) fail(where, ": unterminated quote");
  items.emplace_back(quoted ? current : trim(current), quoted);
  return items;
}

}  // namespace

std::vector<std::string> parse_axis_values(const std::string& text, const std::string& where) {
  std::vector<std::string> values;
  for (const auto& [item, quoted] : split_quoted(text, where)) {
    if (item.empty() && !quoted) fail(where, ": empty value in the list '", text, "'");
    const auto dots = quoted ? std::string::npos : item.find("..");
    if (dots == std::string::npos) {
      values.push_back(item);
      continue;
    }
    const auto first = core::whole_number(trim(item.substr(0, dots)));
    const auto last = core::whole_number(trim(item.substr(dots + 2)));
    if (!first || !last || *last < *first) {
      fail(where, ": range '", item, "': expected FIRST..LAST, whole numbers with FIRST <= LAST");
    }
    for (long v = *first;; ++v) {  // up to LONG_MAX without overflowing
      values.push_back(std::to_string(v));
      if (v == *last) break;
    }
  }
  return values;
}

SweepFile read_sweep_file(const std::string& path) {
  std::ifstream stream(path);
  if (!stream) fail(path, ": cannot open sweep file");
  SweepFile file;
  file.path = path;
  std::string section, raw;
  std::set<std::string> seen;  // "section/key" of single-valued entries
  int line = 0;
  while (std::getline(stream, raw)) {
    ++line;
    const std::string text = trim(strip_comment(raw));
    const std::string where = path + ":" + std::to_string(line);
    if (text.empty()) continue;
    if (text.front() == '[') {
      if (text.back() != ']' || text.size() < 3) fail(where, ": malformed section header '", text, "'");
      section = trim(text.substr(1, text.size() - 2));
      continue;
    }
    const auto equals = text.find('=');
    if (equals == std::string::npos) fail(where, ": expected key = value, got '", text, "'");
    const std::string key = trim(text.substr(0, equals));
    const std::string value = trim(text.substr(equals + 1));
    if (key.empty()) fail(where, ": missing key before '='");
    const Entry entry{key, value, line};
    const bool repeatable = section == "sweep" && (key == "zip" || key == "sbatch");
    if (!repeatable && !seen.insert(section + "/" + key).second) {
      fail(where, ": '", key, "' given twice", section.empty() ? "" : " in [" + section + "]");
    }
    if (section == "sweep") {
      if (key == "task") {
        file.task = entry;
      } else if (key == "output") {
        file.output = entry;
      } else if (key == "name") {
        file.name_pattern = entry;
      } else if (key == "threads") {
        const auto problem = core::whole_number_problem(value, 1, INT_MAX);
        if (!problem.empty()) fail(where, ": threads = '", value, "': ", problem);
        file.threads = static_cast<int>(*core::whole_number(value));
      } else if (key == "sbatch") {
        file.sbatch.push_back(entry);
      } else if (key == "zip") {
        ZipGroup group{{}, line};
        for (const auto& [member, quoted] : split_quoted(value, where)) {
          if (member.empty()) fail(where, ": zip: empty axis name in '", value, "'");
          group.keys.push_back(member);
        }
        if (group.keys.size() < 2) fail(where, ": zip needs at least two axes, got '", value, "'");
        file.zips.push_back(group);
      } else {
        fail(where, ": unknown key '", key, "' in [sweep]",
             core::did_you_mean(key, {"task", "output", "threads", "name", "zip", "sbatch"}),
             " (known: task, output, threads, name, zip, sbatch)");
      }
    } else if (section == "axes") {
      file.axes.push_back({key, parse_axis_values(value, where), line});
    } else {
      file.options.push_back({section.empty() ? key : section + "." + key, value, line});
    }
  }
  if (file.task.value.empty()) fail(path, ": [sweep] task = ... is missing");
  return file;
}

}  // namespace prospect::sweep

#include "core/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/error.h"
#include "core/output.h"
#include "core/option_range.h"
#include "core/run_inputs.h"
#include "core/suggestion.h"
#include "core/text.h"
#include "core/whole_number.h"

namespace prospect::core {
namespace po = boost::program_options;

namespace {

double parse_real(const std::string& key, const std::string& text) {
  const std::string value = trim(text);
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(result)) {
    fail_value(key, text, "expected a finite number");
  }
  return result;
}

// The items of a comma-separated list, trimmed; "3," has an empty second one.
std::vector<std::string> split_commas(const std::string& text) {
  if (text.empty()) return {};
  return split_on(text, ",");
}

// Whether `values` meet a condition of OptionTable::used_only_when, the
// values its keys have ("integrator.scheme = reference") for the message, and
// whether it fails only because a feature is switched off (every alternative
// "k != v").
bool condition_holds(const std::string& condition, const std::map<std::string, std::string>& values,
                     std::string& actual, bool& switched_off) {
  bool holds = false;
  switched_off = true;
  for (const auto& alternative : split_on(condition, " or ")) {
    const auto unequal = alternative.find("!=");
    const auto at = unequal != std::string::npos ? unequal : alternative.find('=');
    const std::string key = trim(alternative.substr(0, at));
    const auto value = values.find(key);
    if (value == values.end()) return true;
    const std::string v = trim(value->second);
    bool listed = false;
    for (const auto& allowed : split_on(alternative.substr(at + (unequal != std::string::npos ? 2 : 1)), "|")) {
      listed = listed || v == (allowed == "''" ? "" : allowed);
    }
    holds = holds || listed == (unequal == std::string::npos);
    switched_off = switched_off && unequal != std::string::npos;
    actual += (actual.empty() ? "" : ", ") + key + " = " + (v.empty() ? "''" : v);
  }
  return holds;
}

std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace

void fail_value(const std::string& key, const std::string& value,
                const std::string& expectation) {
  fail("key '", key, "' = '", value, "': ", expectation);
}

OptionTable& OptionTable::add(OptionInfo info) {
  if (contains(info.key)) fail("internal: option '", info.key, "' declared twice");
  check_range(info.key, info.default_value, info.range);
  entries_.push_back(std::move(info));
  return *this;
}

OptionTable& OptionTable::append(const OptionTable& other) {
  for (const auto& entry : other.entries_) add(entry);
  renamed_.insert(other.renamed_.begin(), other.renamed_.end());
  used_when_.insert(other.used_when_.begin(), other.used_when_.end());
  return *this;
}

OptionTable& OptionTable::used_only_when(const std::vector<std::string>& keys,
                                         const std::string& condition) {
  for (const auto& key : keys) {
    entry(key);  // declared
    used_when_[key] = condition;
  }
  return *this;
}

OptionTable& OptionTable::renamed(std::string old_key, std::string new_key) {
  renamed_[std::move(old_key)] = std::move(new_key);
  return *this;
}

const OptionInfo& OptionTable::entry(const std::string& key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return entry;
  }
  fail("internal: option '", key, "' was never declared");
}

void OptionTable::check_known(const std::string& key, const std::string& where) const {
  if (contains(key)) return;
  const auto successor = renamed_.find(key);
  if (successor != renamed_.end() && contains(successor->second)) {
    fail(where, "key '", key, "' is now '", successor->second, "'");
  }
  fail(where, "unknown key '", key, "'", did_you_mean(key, keys()));
}

std::vector<std::string> OptionTable::keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : entries_) keys.push_back(entry.key);
  return keys;
}

bool OptionTable::contains(const std::string& key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return true;
  }
  return false;
}

std::string OptionTable::describe() const {
  std::size_t width = 0;
  for (const auto& entry : entries_) width = std::max(width, entry.key.size() + entry.default_value.size() + 3);
  std::ostringstream out;
  for (const auto& entry : entries_) {
    out << "  " << std::left << std::setw(static_cast<int>(width))
        << (entry.key + " = " + entry.default_value) << "  " << entry.help;
    if (!entry.unit.empty() && entry.unit != "none") out << " [" << entry.unit << "]";
    if (!entry.range.empty()) {
      const bool interval = entry.range[0] == '(' || entry.range[0] == '[';
      out << " (" << (interval ? "in " : "") << entry.range << ")";
    }
    if (const auto condition = used_when_.find(entry.key); condition != used_when_.end()) {
      out << " (only when " << condition->second << ")";
    }
    out << "\n";
  }
  return out.str();
}

Options Options::resolve(const OptionTable& table, const std::string& config_file,
                         const std::vector<std::string>& overrides) {
  if (config_file.empty()) return resolve_stream(table, nullptr, "", overrides);
  std::error_code error;
  if (std::filesystem::is_directory(config_file, error)) {
    fail(config_file, ": is a directory, expected a configuration (INI) file");
  }
  std::ifstream stream(config_file);
  if (!stream) fail(config_file, ": cannot open configuration file");
  note_input_file(config_file, "the configuration file");
  return resolve_stream(table, &stream, config_file, overrides);
}

Options Options::resolve_text(const OptionTable& table, const std::string& ini_text,
                              const std::string& source, const std::vector<std::string>& overrides) {
  std::istringstream stream(ini_text);
  return resolve_stream(table, &stream, source, overrides);
}

Options Options::resolve_stream(const OptionTable& table, std::istream* ini,
                                const std::string& source,
                                const std::vector<std::string>& overrides) {
  Options options;
  po::options_description description;
  for (const auto& entry : table.entries()) {
    options.values_[entry.key] = entry.default_value;
    options.defaults_[entry.key] = entry.default_value;
    description.add_options()(entry.key.c_str(), po::value<std::string>(), entry.help.c_str());
  }
  if (ini != nullptr) {
    po::variables_map map;
    try {
      po::store(po::parse_config_file(*ini, description, false), map);
    } catch (const po::unknown_option& e) {
      table.check_known(e.get_option_name(), source + ": ");
    } catch (const po::error& e) {
      fail(source, ": ", e.what());
    }
    for (const auto& [key, value] : map) options.values_[key] = value.as<std::string>();
  }
  for (const auto& assignment : overrides) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
      fail("--set '", assignment, "': expected key=value");
    }
    const std::string key = trim(assignment.substr(0, equals));
    table.check_known(key, "--set: ");
    const std::string value = trim(assignment.substr(equals + 1));
    // The configuration is stored as INI text in the run file, where '#'
    // starts a comment and a line ends a value: such a value would not read back.
    for (const char c : value) {
      if (c == '#' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
        fail("--set '", key, "': the value may not contain '#', a line break or another control "
             "character (the configuration is kept as INI text)");
      }
    }
    options.values_[key] = value;
  }
  for (const auto& entry : table.entries()) check_range(entry.key, options.values_[entry.key], entry.range);
  for (const auto& [key, condition] : table.conditions()) {
    const std::string& value = options.values_[key];
    const std::string& default_value = options.defaults_[key];
    std::string actual;
    bool switched_off = false;
    if (trim(value) == trim(default_value) ||
        condition_holds(condition, options.values_, actual, switched_off)) {
      continue;
    }
    const std::string problem = "has no effect with " + actual + ": it is used only when " +
                                condition + " (leave it out, or at its default '" + default_value + "')";
    // A setting of a feature the run switches off (record.samples = 0) is
    // harmless and said; one of a mode the run does not choose is an error.
    if (!switched_off) fail_value(key, value, problem);
    warn("key '%s' = '%s' %s", key.c_str(), value.c_str(), problem.c_str());
  }
  return options;
}

const std::string& Options::text(const std::string& key) const {
  const auto found = values_.find(key);
  if (found == values_.end()) fail("internal: option '", key, "' was never declared");
  return found->second;
}

double Options::real(const std::string& key) const { return parse_real(key, text(key)); }

double Options::positive(const std::string& key) const {
  const double value = real(key);
  if (!(value > 0)) fail_value(key, text(key), "expected a number > 0");
  return value;
}

double Options::non_negative(const std::string& key) const {
  const double value = real(key);
  if (value < 0) fail_value(key, text(key), "expected a number >= 0");
  return value;
}

long Options::integer(const std::string& key, long minimum, long maximum) const {
  const std::string value = trim(text(key));
  const auto problem = whole_number_problem(value, minimum, maximum);
  if (!problem.empty()) fail_value(key, text(key), problem);
  const long result = *whole_number(value);
  note_integer(key, result);
  return result;
}

std::vector<long> Options::whole_numbers(const std::string& key, long minimum, long maximum) const {
  std::vector<long> numbers;
  if (trim(text(key)).empty()) return numbers;
  const auto items = split_commas(text(key));
  for (const auto& item : items) {
    if (item.empty()) fail_value(key, text(key), "empty item in comma-separated list");
    const auto problem = whole_number_problem(item, minimum, maximum);
    if (!problem.empty()) {
      fail_value(key, text(key), items.size() == 1 ? problem
                                                   : "item " + std::to_string(numbers.size() + 1) +
                                                         " ('" + item + "'): " + problem);
    }
    numbers.push_back(*whole_number(item));
    note_integer(key, numbers.back());
  }
  return numbers;
}

void Options::note_integer(const std::string& key, long value) const {
  const auto default_value = defaults_.find(key);
  if (default_value != defaults_.end() && trim(default_value->second) == trim(text(key))) return;
  const auto [noted, added] = integers_read_.emplace(key, value);
  if (!added) noted->second = std::max(noted->second, value);
}

std::vector<std::pair<std::string, long>> Options::largest_integers(long at_least) const {
  std::vector<std::pair<std::string, long>> large;
  for (const auto& entry : integers_read_) {
    if (entry.second >= at_least) large.push_back(entry);
  }
  std::sort(large.begin(), large.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return large;
}

long Options::steps(const std::string& key, double dt, long minimum) const {
  const double value = non_negative(key);
  const double steps = std::round(value / dt);
  // Whole numbers up to 2^53 are exact in a double, and far beyond any run.
  if (!(steps <= 9007199254740992.0)) {
    fail_value(key, text(key), "too long: " + format_number(value / dt) + " steps of dt = " +
                                   format_number(dt) + " are more than a run can count");
  }
  if (steps < static_cast<double>(minimum)) {
    fail_value(key, text(key),
               minimum == 1 ? "shorter than one step of dt = " + format_number(dt)
                            : "expected at least " + std::to_string(minimum) + " steps of dt = " +
                                  format_number(dt));
  }
  return static_cast<long>(steps);
}

long Options::positive_integer(const std::string& key) const { return integer(key, 1); }

long Options::non_negative_integer(const std::string& key) const { return integer(key, 0); }

bool Options::flag(const std::string& key) const {
  const std::string value = trim(text(key));
  if (value == "true" || value == "on" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "off" || value == "no" || value == "0") return false;
  fail_value(key, text(key), "expected true or false");
}

std::vector<double> Options::reals(const std::string& key) const {
  std::vector<double> values;
  if (trim(text(key)).empty()) return values;
  for (const auto& part : split_commas(text(key))) values.push_back(parse_real(key, part));
  return values;
}

std::vector<std::string> Options::words(const std::string& key) const {
  std::vector<std::string> values;
  if (trim(text(key)).empty()) return values;
  for (const auto& part : split_commas(text(key))) {
    if (part.empty()) fail_value(key, text(key), "empty item in comma-separated list");
    values.push_back(part);
  }
  return values;
}

const std::string& Options::choice(const std::string& key,
                                   const std::vector<std::string>& choices) const {
  const std::string& value = text(key);
  for (const auto& choice : choices) {
    if (value == choice) return value;
  }
  std::string expected = "expected one of:";
  for (const auto& choice : choices) expected += " " + choice;
  fail_value(key, value, expected);
}

void Options::set(const std::string& key, const std::string& value) { values_[key] = value; }

std::string Options::to_ini() const {
  std::ostringstream out;
  std::string section;
  // Keys without a dot come first (std::map orders "a.b" after "a" anyway,
  // so print top-level keys in a first pass).
  for (const auto& [key, value] : values_) {
    if (key.find('.') == std::string::npos) out << key << " = " << value << "\n";
  }
  for (const auto& [key, value] : values_) {
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) continue;
    const std::string this_section = key.substr(0, dot);
    if (this_section != section) {
      out << "\n[" << this_section << "]\n";
      section = this_section;
    }
    out << key.substr(dot + 1) << " = " << value << "\n";
  }
  return out.str();
}

}  // namespace prospect::core

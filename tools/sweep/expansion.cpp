#include "tools/sweep/expansion.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include "core/error.h"
#include "core/suggestion.h"

namespace prospect::sweep {
namespace {

std::string at(const SweepFile& file, int line) { return file.path + ":" + std::to_string(line); }

std::uint64_t parse_seed(const std::string& text, const std::string& where) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    fail(where, ": seed '", text, "': expected a whole number >= 0");
  }
  return seed;
}

void check_key(const SweepFile& file, const core::OptionTable& table, const std::string& key,
               int line) {
  if (key != "seed" && !table.contains(key)) {
    auto known = table.keys();
    known.push_back("seed");
    fail(at(file, line), ": unknown key '", key, "' for task '", file.task.value, "'",
         core::did_you_mean(key, known), " ('prospect run ", file.task.value,
         " --help' lists its options)");
  }
}

// Stems of the sweep's own files in its output directory: a run of that
// name would write <name>.h5 or <name>.log over them.
const std::set<std::string> kReservedNames = {"index", "summary", "sweep"};

// Letters, digits and . + - stay; anything else becomes _ (names are file names).
std::string file_safe(const std::string& text) {
  std::string safe = text;
  for (char& c : safe) {
    const bool kept = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
    if (!kept) c = '_';
  }
  return safe;
}

// The name part of a key: its last component, or the whole key when two
// varying keys share that last component.
std::string short_key(const std::string& key, const std::vector<std::string>& keys) {
  const auto last = [](const std::string& k) { return k.substr(k.rfind('.') + 1); };
  const auto shared = std::count_if(keys.begin(), keys.end(),
                                    [&](const std::string& k) { return last(k) == last(key); });
  return shared > 1 ? key : last(key);
}

std::string run_name(const SweepFile& file, const Run& run, const std::vector<std::string>& keys) {
  const std::string& pattern = file.name_pattern.value;
  if (pattern.empty()) {
    if (run.setting.empty()) return file_safe(std::filesystem::path(file.path).stem().string());
    std::string name;
    for (const auto& [key, value] : run.setting) {
      name += (name.empty() ? "" : "_") + short_key(key, keys) + "-" + file_safe(value);
    }
    return name;
  }
  std::string name;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      name += pattern[i];
      continue;
    }
    const auto close = pattern.find('}', i);
    if (close == std::string::npos) fail(at(file, file.name_pattern.line), ": name: unclosed '{'");
    const std::string key = pattern.substr(i + 1, close - i - 1);
    const auto found = std::find_if(run.setting.begin(), run.setting.end(),
                                    [&](const auto& kv) { return kv.first == key; });
    if (found == run.setting.end()) {
      fail(at(file, file.name_pattern.line), ": name: '{", key, "}' is not an axis");
    }
    name += file_safe(found->second);
    i = close;
  }
  return file_safe(name);
}

// An axis or a zip group: the keys that step together and their values per step.
struct Dimension {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;  // per key
  std::size_t size() const { return values.front().size(); }
};

std::vector<Dimension> dimensions(const SweepFile& file) {
  std::map<std::string, const Axis*> axes;
  for (const auto& axis : file.axes) axes[axis.key] = &axis;
  std::map<std::string, std::size_t> zip_of;  // axis key -> zip group
  for (std::size_t g = 0; g < file.zips.size(); ++g) {
    const auto& zip = file.zips[g];
    const Axis* first = nullptr;
    for (const auto& key : zip.keys) {
      if (!axes.count(key)) fail(at(file, zip.line), ": zip names '", key, "', which is not in [axes]");
      if (!zip_of.emplace(key, g).second) {
        fail(at(file, zip.line), ": axis '", key, "' is in two zip groups");
      }
      const Axis* axis = axes[key];
      if (first && axis->values.size() != first->values.size()) {
        fail(at(file, zip.line), ": zipped axes '", first->key, "' (", first->values.size(),
             " values) and '", key, "' (", axis->values.size(), " values) differ in length");
      }
      if (!first) first = axis;
    }
  }
  std::vector<Dimension> result;
  std::map<std::size_t, std::size_t> dimension_of_zip;
  for (const auto& axis : file.axes) {
    const auto zip = zip_of.find(axis.key);
    if (zip != zip_of.end()) {
      const auto [it, added] = dimension_of_zip.emplace(zip->second, result.size());
      if (!added) {
        result[it->second].keys.push_back(axis.key);
        result[it->second].values.push_back(axis.values);
        continue;
      }
    }
    result.push_back({{axis.key}, {axis.values}});
  }
  return result;
}

}  // namespace

Sweep expand(const SweepFile& file, const core::OptionTable& table, const std::string& output_dir) {
  Sweep sweep;
  sweep.file = file;
  sweep.output_dir = !output_dir.empty()        ? output_dir
                     : !file.output.value.empty() ? file.output.value
                                                  : std::filesystem::path(file.path).stem().string();
  std::uint64_t base_seed = 1;
  std::vector<std::string> base;
  for (const auto& entry : file.options) {
    check_key(file, table, entry.key, entry.line);
    if (entry.key == "seed") {
      base_seed = parse_seed(entry.value, at(file, entry.line));
    } else {
      base.push_back(entry.key + "=" + entry.value);
    }
  }
  for (const auto& axis : file.axes) {
    check_key(file, table, axis.key, axis.line);
    for (const auto& entry : file.options) {
      if (entry.key == axis.key) {
        fail(at(file, axis.line), ": '", axis.key, "' is both an axis and a base option (line ",
             entry.line, ")");
      }
    }
    if (axis.key == "seed") {
      for (const auto& value : axis.values) parse_seed(value, at(file, axis.line));
    }
    sweep.varying_keys.push_back(axis.key);
  }

  const auto dims = dimensions(file);
  std::vector<std::size_t> step(dims.size(), 0);
  std::size_t total = 1;
  for (const auto& d : dims) total *= d.size();
  std::map<std::string, std::size_t> names;
  for (std::size_t index = 0; index < total; ++index) {
    // Mixed-radix digits of `index`, the last dimension fastest.
    std::size_t rest = index;
    for (std::size_t d = dims.size(); d-- > 0;) {
      step[d] = rest % dims[d].size();
      rest /= dims[d].size();
    }
    std::map<std::string, std::string> chosen;
    for (std::size_t d = 0; d < dims.size(); ++d) {
      for (std::size_t k = 0; k < dims[d].keys.size(); ++k) chosen[dims[d].keys[k]] = dims[d].values[k][step[d]];
    }
    Run run;
    run.index = index;
    run.seed = base_seed;
    run.overrides = base;
    for (const auto& key : sweep.varying_keys) {
      run.setting.emplace_back(key, chosen[key]);
      if (key == "seed") {
        run.seed = parse_seed(chosen[key], file.path);
      } else {
        run.overrides.push_back(key + "=" + chosen[key]);
      }
    }
    run.name = run_name(file, run, sweep.varying_keys);
    if (kReservedNames.count(run.name)) {
      fail(at(file, file.name_pattern.line ? file.name_pattern.line : file.task.line), ": run ", index,
           " would be named '", run.name, "', which the sweep keeps for its own files (index.csv, "
           "summary.csv, summary.h5, sweep.slurm, sweep.lock): change [sweep] name");
    }
    const auto [it, added] = names.emplace(run.name, index);
    if (!added) {
      fail(at(file, file.name_pattern.line ? file.name_pattern.line : file.task.line), ": runs ",
           it->second, " and ", index, " would both be named '", run.name,
           "': put every axis into [sweep] name");
    }
    sweep.runs.push_back(std::move(run));
  }
  return sweep;
}

}  // namespace prospect::sweep

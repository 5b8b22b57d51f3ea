#include "tools/sweep/run_index.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include "core/error.h"
#include "tools/sweep/csv.h"
#include "tools/sweep/file_lock.h"

namespace prospect::sweep {
namespace {

const std::vector<std::string> kStatusNames{"pending", "running", "finished", "failed"};

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

// The shortest text that reads back as the same double.
std::string number(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

struct Listed {
  RunState state;
  std::string options, seed;
  std::map<std::string, std::string> fields;  // the whole row by column
};

std::map<std::string, Listed> read_listed(const std::string& path) {
  std::map<std::string, Listed> listed;
  if (!std::filesystem::exists(path)) return listed;
  const auto rows = read_csv(path);
  if (rows.empty()) return listed;
  const auto& header = rows.front();
  const auto column = [&](const std::string& name) { return column_of(header, name, path); };
  const std::size_t name = column("name"), status = column("status"), attempts = column("attempts"),
                    seconds = column("seconds"), message = column("message"),
                    options = column("options"), seed = column("seed");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != header.size()) {
      fail(path, ": row ", r + 1, " has ", row.size(), " fields, the header ", header.size());
    }
    Listed entry;
    const auto known = std::find(kStatusNames.begin(), kStatusNames.end(), row[status]);
    if (known == kStatusNames.end()) fail(path, ": row ", r + 1, ": unknown status '", row[status], "'");
    entry.state.status = static_cast<Status>(known - kStatusNames.begin());
    try {
      entry.state.attempts = std::stoi(row[attempts]);
      entry.state.seconds = std::stod(row[seconds]);
    } catch (const std::exception&) {
      fail(path, ": row ", r + 1, ": malformed attempts '", row[attempts], "' or seconds '",
           row[seconds], "'");
    }
    entry.state.message = row[message];
    entry.options = row[options];
    entry.seed = row[seed];
    for (std::size_t c = 0; c < header.size(); ++c) entry.fields[header[c]] = row[c];
    listed[row[name]] = entry;
  }
  return listed;
}

}  // namespace

std::string to_string(Status status) { return kStatusNames[static_cast<std::size_t>(status)]; }

RunIndex::RunIndex(const Sweep& sweep)
    : sweep_(sweep), path_((std::filesystem::path(sweep.output_dir) / "index.csv").string()) {}

template <typename Change>
std::vector<RunState> RunIndex::update(Change change) {
  const FileLock lock(path_ + ".lock");
  const auto listed = read_listed(path_);
  std::vector<RunState> states;
  for (const auto& run : sweep_.runs) {
    const auto found = listed.find(run.name);
    if (found == listed.end()) {
      states.emplace_back();
      continue;
    }
    const auto& entry = found->second;
    if (entry.options != joined(run.overrides) || entry.seed != std::to_string(run.seed)) {
      fail(path_, ": run '", run.name, "' was made with seed ", entry.seed, " and options '",
           entry.options, "'; ", sweep_.file.path, " now gives seed ", run.seed, " and '",
           joined(run.overrides), "': use another output directory (--output) for a changed sweep");
    }
    states.push_back(entry.state);
  }
  change(states);

  std::vector<CsvRow> rows;
  CsvRow header{"index", "name", "status", "attempts", "seconds", "seed"};
  for (const auto& key : sweep_.varying_keys) {
    if (key != "seed") header.push_back(key);
  }
  header.insert(header.end(), {"options", "message"});
  rows.push_back(header);
  for (const auto& run : sweep_.runs) {
    const auto& state = states[run.index];
    CsvRow row{std::to_string(run.index), run.name, to_string(state.status),
               std::to_string(state.attempts), number(state.seconds), std::to_string(run.seed)};
    for (const auto& [key, value] : run.setting) {
      if (key != "seed") row.push_back(value);
    }
    row.insert(row.end(), {joined(run.overrides), state.message});
    rows.push_back(row);
  }
  // Runs the sweep file no longer has keep their rows, without an index, so
  // that their state is not lost should they come back.
  std::set<std::string> current;
  for (const auto& run : sweep_.runs) current.insert(run.name);
  for (const auto& [listed_name, entry] : listed) {
    if (current.count(listed_name)) continue;
    CsvRow row;
    for (const auto& column : header) {
      const auto field = entry.fields.find(column);
      row.push_back(column == "index" || field == entry.fields.end() ? "" : field->second);
    }
    rows.push_back(row);
  }
  write_csv_atomically(path_, rows);
  return states;
}

std::vector<RunState> RunIndex::open() {
  std::filesystem::create_directories(sweep_.output_dir);
  return update([](std::vector<RunState>&) {});
}

void RunIndex::record(const Run& run, const RunState& state) {
  update([&](std::vector<RunState>& states) { states[run.index] = state; });
}

}  // namespace prospect::sweep

#include "tools/data/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace prospect::data {

// tools/data/catalogue.ini, compiled in by tools/CMakeLists.txt.
extern const char* const built_in_catalogue;

namespace {

bool is_sha256(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// One `key = value` line of a section, for errors naming "SOURCE:LINE".
struct Line {
  const std::string& source;
  int number;
  std::string key, value;

  template <typename... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    prospect::fail(source, ":", number, ": ", key, " = '", value, "': ", parts...);
  }

  std::uint64_t whole_number(const std::string& word) const {
    std::size_t end = 0;
    unsigned long long n = 0;
    try {
      n = std::stoull(word, &end);
    } catch (const std::exception&) {
      end = 0;
    }
    if (end == 0 || end != word.size() || word[0] == '-') fail("'", word, "' is not a whole number");
    return n;
  }

  std::string checksum(const std::string& word) const {
    if (!is_sha256(word)) fail("'", word, "' is not a SHA-256 (64 lower-case hex digits)");
    return word;
  }

  std::vector<std::string> words(std::size_t least, std::size_t most, const char* form) const {
    std::istringstream in(value);
    std::vector<std::string> result;
    for (std::string word; in >> word;) result.push_back(word);
    if (result.size() < least || result.size() > most) fail("expected ", form);
    return result;
  }
};

void apply(DataSet& set, const Line& line) {
  const auto& [source, number, key, value] = line;
  if (key == "title") set.title = value;
  else if (key == "source") set.source = value;
  else if (key == "licence") set.licence = value;
  else if (key == "size") set.size = value;
  else if (key == "note") set.note = value;
  else if (key == "url") set.urls.push_back(value);
  else if (key == "unpack") {
    if (value == "gunzip") set.unpack = Unpack::gunzip;
    else if (value == "archive") set.unpack = Unpack::archive;
    else if (value == "generated") set.unpack = Unpack::generated;
    else line.fail("expected gunzip, archive or generated");
  } else if (key == "file") {
    const auto w = line.words(2, 3, "PATH BYTES [SHA256]");
    set.files.push_back({w[0], line.whole_number(w[1]), w.size() > 2 ? line.checksum(w[2]) : ""});
  } else if (key == "tree") {
    const auto w = line.words(3, 5, "FOLDER SUFFIX COUNT [BYTES [SHA256]]");
    set.trees.push_back({w[0], w[1], static_cast<long>(line.whole_number(w[2])),
                         w.size() > 3 ? line.whole_number(w[3]) : 0,
                         w.size() > 4 ? line.checksum(w[4]) : ""});
  } else {
    line.fail("unknown key (expected title, source, licence, size, note, unpack, url, file or tree)");
  }
}

void check_complete(const DataSet& set, const std::string& source) {
  const auto missing = [&](const char* what) {
    fail(source, ": data set [", set.name, "] has no ", what);
  };
  if (set.unpack == Unpack::generated) return;
  if (set.urls.empty()) missing("url");
  if (set.files.empty() && set.trees.empty()) missing("file or tree to check");
  if (set.unpack == Unpack::gunzip && set.urls.size() != set.files.size()) {
    fail(source, ": data set [", set.name, "] has ", set.urls.size(), " urls and ", set.files.size(),
         " files (gunzip: one file per url, in the same order)");
  }
}

}  // namespace

bool DataSet::has_checksums() const {
  return std::all_of(files.begin(), files.end(), [](const auto& f) { return !f.sha256.empty(); }) &&
         std::all_of(trees.begin(), trees.end(), [](const auto& t) { return !t.sha256.empty(); });
}

std::vector<DataSet> parse_catalogue(const std::string& text, const std::string& source) {
  std::vector<DataSet> sets;
  std::istringstream in(text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const std::string line = core::trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) fail(source, ":", number, ": expected [name]");
      sets.push_back({});
      sets.back().name = line.substr(1, line.size() - 2);
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string::npos) fail(source, ":", number, ": expected key = value or [name]");
    if (sets.empty()) fail(source, ":", number, ": a key before the first [name]");
    apply(sets.back(), {source, number, core::trim(line.substr(0, equals)), core::trim(line.substr(equals + 1))});
  }
  for (const auto& set : sets) check_complete(set, source);
  if (sets.empty()) fail(source, ": no data sets");
  return sets;
}

std::vector<DataSet> load_catalogue() {
  const char* path = std::getenv("PROSPECT_DATA_CATALOGUE");
  if (path == nullptr || *path == '\0') return parse_catalogue(built_in_catalogue, "the built-in catalogue");
  std::ifstream file(path);
  std::ostringstream text;
  if (!(file && text << file.rdbuf())) fail(path, " (PROSPECT_DATA_CATALOGUE): cannot read it");
  return parse_catalogue(text.str(), path);
}

const DataSet& find_set(const std::vector<DataSet>& catalogue, const std::string& name) {
  std::string names;
  for (const auto& set : catalogue) {
    if (set.name == name) return set;
    names += (names.empty() ? "" : ", ") + set.name;
  }
  fail("unknown data set '", name, "' (expected one of: ", names, ")");
}

}  // namespace prospect::data

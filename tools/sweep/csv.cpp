#include "tools/sweep/csv.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace prospect::sweep {
namespace {

std::string quoted(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<CsvRow> read_csv(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) fail(path, ": cannot open");
  const std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false, row_started = false;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty()) fail(path, ":", line, ": a quote inside an unquoted field");
      in_quotes = row_started = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_started = true;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_started = false;
      ++line;
    } else if (c != '\r') {
      field += c;
      row_started = true;
    }
  }
  if (in_quotes) fail(path, ":", line, ": unterminated quote");
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::size_t column_of(const CsvRow& header, const std::string& name, const std::string& path) {
  const auto found = std::find(header.begin(), header.end(), name);
  if (found == header.end()) fail(path, ": no column '", name, "' (not a sweep index?)");
  return static_cast<std::size_t>(found - header.begin());
}

void write_csv_atomically(const std::string& path, const std::vector<CsvRow>& rows) {
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) fail(temporary, ": cannot write");
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) stream << (i ? "," : "") << quoted(row[i]);
      stream << "\n";
    }
    stream.flush();
    if (!stream) fail(temporary, ": write failed");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    fail(path, ": cannot replace it with ", temporary);
  }
}

}  // namespace prospect::sweep

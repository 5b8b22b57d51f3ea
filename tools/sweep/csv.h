#pragma once
// Comma-separated tables as any spreadsheet or pandas reads them (RFC 4180:
// fields with commas, quotes or line breaks are quoted, quotes doubled).
// Writes are atomic: a temporary file renamed over the target, so a reader
// never sees half a table.

#include <string>
#include <vector>

namespace prospect::sweep {

using CsvRow = std::vector<std::string>;

// The rows of `path` (the header first); errors name the file and line.
std::vector<CsvRow> read_csv(const std::string& path);
void write_csv_atomically(const std::string& path, const std::vector<CsvRow>& rows);
// The position of column `name` in the header row of `path`, or an error naming both.
std::size_t column_of(const CsvRow& header, const std::string& name, const std::string& path);

}  // namespace prospect::sweep

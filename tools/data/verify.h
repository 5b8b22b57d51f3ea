#pragma once
// The checks of a set's catalogue entry (catalogue.h) on an unpacked folder.

#include <string>

#include "tools/data/catalogue.h"

namespace prospect::data {

// Checks the files of `set` in `folder`; a missing file, a wrong size or
// count, or a checksum that differs is an error naming the file or folder
// (relative to `folder`).
// Returns what was checked, e.g. "SHA-256 of 4 files" or "size and count
// only: the publisher gives no checksum".
std::string verify(const DataSet& set, const std::string& folder);

}  // namespace prospect::data

#pragma once
// A set into the data home, whole or not at all: files are unpacked into a
// hidden staging folder beside the set's folder (.unpacking-NAME-XXXXXX),
// checked there, and renamed to NAME only when every check passes. Downloads
// wait in .downloads/NAME/ until then, so an interrupted fetch resumes and
// a failed check starts the next fetch afresh. Tasks look only at NAME.

#include <string>

#include "tools/data/catalogue.h"

namespace prospect::data {

struct FetchOptions {
  std::string mirror;     // not empty: each URL's folder replaced by this one
  bool progress = true;
};

// Downloads, unpacks and checks `set` into `home`/NAME; prints what it did.
void fetch_set(const DataSet& set, const std::string& home, const FetchOptions& options);

// The same from `path`: an archive or a folder in the unpacked layout
// (archive sets), or a folder of the files, each plain or .gz (gunzip sets).
void import_set(const DataSet& set, const std::string& path, const std::string& home);

}  // namespace prospect::data

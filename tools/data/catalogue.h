#pragma once
// The data sets `prospect data` knows: where each comes from, its licence and
// size, how it is unpacked and how its content is checked. The built-in
// catalogue is tools/data/catalogue.ini, compiled in; PROSPECT_DATA_CATALOGUE
// names a file in the same format that replaces it (a site's own mirror and
// checksums, or the tests' loopback server).
//
//   [mnist]                          one section per set, named as tasks name it
//   title = MNIST handwritten digits
//   source = http://yann.lecun.com/exdb/mnist/     the publisher's page
//   licence = CC BY-SA 3.0
//   size = 11.6 MB download, 55 MB unpacked
//   unpack = gunzip                  gunzip (each file, into the set's folder), archive
//                                    (zip or tar, its single top folder dropped) or
//                                    generated (nothing to fetch: the task makes it)
//   url = https://.../train-images-idx3-ubyte.gz                     (repeatable)
//   file = train-images-idx3-ubyte 47040016 SHA256                   (repeatable)
//   tree = recordings .wav 3000 21239440 SHA256                      (repeatable)
//   note = ...                       shown by `prospect data list`
//
// `file = PATH BYTES [SHA256]`: a file of the unpacked set, its size and the
// SHA-256 of its content. `tree = FOLDER SUFFIX COUNT [BYTES [SHA256]]`: the
// files under FOLDER (recursively) whose names end in SUFFIX, how many, their
// total size and the SHA-256 of their listing, as
// `find FOLDER -type f -name '*SUFFIX' | LC_ALL=C sort | xargs sha256sum | sha256sum`
// prints it. A check without SHA-256 is a check of sizes and counts only.

#include <cstdint>
#include <string>
#include <vector>

namespace prospect::data {

struct FileCheck {
  std::string path;          // relative to the set's folder
  std::uint64_t bytes = 0;
  std::string sha256;        // lower-case hex; empty: size only
};

struct TreeCheck {
  std::string folder;        // relative to the set's folder; "." for the folder itself
  std::string suffix;        // e.g. ".wav"
  long count = 0;
  std::uint64_t bytes = 0;   // 0: not checked
  std::string sha256;        // digest of the listing; empty: not checked
};

enum class Unpack { gunzip, archive, generated };

struct DataSet {
  std::string name, title, source, licence, size, note;
  Unpack unpack = Unpack::gunzip;
  std::vector<std::string> urls;
  std::vector<FileCheck> files;
  std::vector<TreeCheck> trees;

  // Whether every check includes a SHA-256 of the content.
  bool has_checksums() const;
};

// The catalogue in INI text (`source` names it in errors).
std::vector<DataSet> parse_catalogue(const std::string& text, const std::string& source);

// PROSPECT_DATA_CATALOGUE's file if set, else the built-in catalogue.
std::vector<DataSet> load_catalogue();

// The set called `name`, or an error listing the catalogue's names.
const DataSet& find_set(const std::vector<DataSet>& catalogue, const std::string& name);

}  // namespace prospect::data

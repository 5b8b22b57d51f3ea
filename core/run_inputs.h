#pragma once
// What a run reads. Two lists, kept while a RunInputs object is alive (the
// command line makes one per command; without one, noting does nothing):
//  - every file the run opens besides its own output (configuration, data
//    files, audio, caches), so that no output is ever written onto one of
//    them: files are compared by device and inode, and by canonical path for
//    files that do not exist yet, never by the name given;
//  - a fingerprint (size and XXH3-128 digest) of each data set the run learns
//    from, stored in the run file so that --resume can refuse data that
//    changed since the run began.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace prospect::core {

struct DataFingerprint {
  std::string name;    // what the data are, e.g. "data.file" or "speech features"
  std::string source;  // the file or directory they came from
  std::uint64_t bytes = 0;
  std::string digest;  // XXH3-128, 32 hex digits
};

// Digest of byte ranges, in the order they are added.
class Fingerprinter {
 public:
  Fingerprinter();
  ~Fingerprinter();
  Fingerprinter(const Fingerprinter&) = delete;
  Fingerprinter& operator=(const Fingerprinter&) = delete;
  Fingerprinter& add(const void* data, std::size_t bytes);
  DataFingerprint finish(std::string name, std::string source) const;

 private:
  void* state_;  // XXH3_state_t
  std::uint64_t bytes_ = 0;
};

// The size and digest of a whole file; errors name it.
DataFingerprint fingerprint_file(std::string name, const std::string& path);

class RunInputs {
 public:
  RunInputs();   // becomes the current list
  ~RunInputs();  // the previous one is current again
  RunInputs(const RunInputs&) = delete;
  RunInputs& operator=(const RunInputs&) = delete;

  static RunInputs* current();

  void note_file(const std::string& path, const std::string& role);
  // Fails "<what> <path> is <role> of this run: ..." when `path` is a noted file.
  void require_not_input(const std::string& path, const std::string& what) const;

  // Replaces an earlier fingerprint of the same name.
  void note_data(DataFingerprint fingerprint);
  std::vector<DataFingerprint> data() const;

 private:
  struct File;
  mutable std::mutex mutex_;
  std::vector<File> files_;
  std::vector<DataFingerprint> data_;
  RunInputs* previous_;
};

// The same on the current list, if there is one.
void note_input_file(const std::string& path, const std::string& role);
void require_not_input(const std::string& path, const std::string& what);
void note_data_input(DataFingerprint fingerprint);

}  // namespace prospect::core

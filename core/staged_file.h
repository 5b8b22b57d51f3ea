#pragma once
// A file that readers only ever see whole. It is written as a scratch file
// beside its path (same directory, so the same file system) and put in
// place by an atomic rename: a copy of the scratch file at every publish()
// (a checkpoint: the writer carries on), or the scratch file itself at
// publish_final(). Until the first publish the path keeps whatever was there
// before; after it, the last published version. A failed or interrupted
// writer never touches the path: its scratch file is removed.
//
// While a StagedFile lives, it holds a shared flock() on the published file
// (as HDF5 readers do), and it starts only if it can take that file
// exclusively for a moment: so two writers, or a writer and a reader that
// holds the file open (h5py), never update one file at once. Publishing
// fails, keeping the scratch file, if the path was replaced by someone else
// since this writer last saw it.

#include <sys/types.h>

#include <optional>
#include <string>

#include "core/file_system.h"

namespace prospect::core {

class StagedFile {
 public:
  enum class Start {
    empty,      // a new file (whatever is at the path is replaced when published)
    from_path,  // a copy of the file at the path (an empty file if there is none)
  };
  StagedFile(std::string path, Start start);
  ~StagedFile();  // removes the scratch file unless it was published or kept
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& scratch() const { return scratch_; }
  // Whether the scratch started as a copy of an existing file.
  bool started_from_copy() const { return copied_; }
  // Whether a file was at the path when this writer started and nothing has
  // been published over it yet.
  bool would_replace_earlier_file() const { return found_earlier_file_ && !published_; }

  // Puts a copy of the scratch file (which the caller has flushed) at path().
  void publish();
  // Renames the scratch file (closed by the caller) onto path(); afterwards
  // there is no scratch file.
  void publish_final();

 private:
  // The constructor's work: checks, lock, scratch file (a copy with Start::from_path).
  void start(Start start);
  // Drops the lock and removes the scratch file unless published or kept.
  void release();
  void check_path_unchanged();
  void lock_published();
  void install(const std::string& file);

  std::string path_, directory_, scratch_;
  bool copied_ = false;
  bool scratch_exists_ = false;
  bool keep_scratch_ = false;
  bool found_earlier_file_ = false;
  bool published_ = false;
  mode_t mode_ = 0644;  // of the file replaced, else as open(2) would create it
  int lock_ = -1;  // descriptor of the published file holding the shared lock
  std::optional<FileIdentity> expected_;  // the file at path() as this writer last saw it
};

}  // namespace prospect::core

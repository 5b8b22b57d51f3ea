#pragma once
// Advisory locks (flock) on a file, held for the object's life. The kernel
// drops them when the process dies, so a killed holder never leaves a stale
// lock behind.

#include <string>

namespace prospect::sweep {

class FileLock {
 public:
  explicit FileLock(const std::string& path);  // exclusive; blocks until the lock is ours
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 protected:
  // `shared` lets other shared holders in; `blocking` false returns with
  // held() false instead of waiting.
  FileLock(const std::string& path, bool shared, bool blocking);
  bool held() const { return held_; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

// The lock of a sweep's output directory (<dir>/sweep.lock): a sweep that
// runs all its runs (locally or over MPI) holds it alone; `--index K` runs (a
// Slurm array's tasks) share it with each other but not with a whole sweep.
// The file names its latest holder (process, host, command, start), which a
// refused sweep shows, as Snakemake does.
class SweepLock : FileLock {
 public:
  enum class Kind { whole_sweep, one_run };
  SweepLock(const std::string& output_dir, Kind kind, const std::string& command);
};

}  // namespace prospect::sweep

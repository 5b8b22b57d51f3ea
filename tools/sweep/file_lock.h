#pragma once
// An exclusive advisory lock (flock) on a file, held for the object's life.
// The kernel drops it when the process dies, so a killed holder never leaves
// a stale lock behind.

#include <string>

namespace prospect::sweep {

class FileLock {
 public:
  explicit FileLock(const std::string& path);  // blocks until the lock is ours
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace prospect::sweep

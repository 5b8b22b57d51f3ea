#include "core/staged_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>

#include "core/error.h"
#include "core/memory.h"

namespace prospect::core {
namespace {

namespace fs = std::filesystem;

// Files the process creates get 0666 less the umask, as open(2) would give.
mode_t default_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

std::optional<FileIdentity> identity_of(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino, static_cast<std::int64_t>(info.st_size),
                      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 +
                          info.st_mtim.tv_nsec};
}

// A new file beside `path`, named <path>.partial-XXXXXX, with `mode`.
int create_beside(const std::string& path, std::string& name, mode_t mode) {
  name = path + ".partial-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    fail(path, ": cannot create a file beside it to write into (", system_reason(), ")");
  }
  ::fchmod(fd, mode);
  return fd;
}

}  // namespace

StagedFile::StagedFile(std::string path, Start start) : path_(std::move(path)) {
  try {
    this->start(start);
  } catch (...) {
    release();  // no destructor runs for a constructor that throws
    throw;
  }
}

void StagedFile::start(Start start) {
  if (path_.empty()) fail("empty output file name");
  const fs::path parent = fs::path(path_).parent_path();
  directory_ = parent.empty() ? "." : parent.string();
  struct stat info {};
  if (::stat(directory_.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    fail(path_, ": the directory ", directory_, " does not exist");
  }
  mode_ = default_mode();
  std::uint64_t size = 0;
  if (::stat(path_.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) fail(path_, ": is a directory, expected a file name");
    if (!S_ISREG(info.st_mode)) fail(path_, ": is not a regular file (a device or pipe)");
    lock_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (lock_ < 0) fail(path_, ": cannot open (", system_reason(), ")");
    if (::flock(lock_, LOCK_EX | LOCK_NB) != 0) {
      fail(path_, ": in use by another process (a prospect run writing it, or a program such as "
                  "h5py holding it open); try again when it has finished");
    }
    ::flock(lock_, LOCK_SH);
    expected_ = identity_of(lock_);
    found_earlier_file_ = true;
    mode_ = info.st_mode & 07777;
    size = static_cast<std::uint64_t>(info.st_size);
  }
  const bool copy = start == Start::from_path && expected_.has_value();
  if (copy) {
    const std::uint64_t needed = size + (std::uint64_t{64} << 10);  // and room to add a little
    const std::uint64_t available = free_bytes(directory_);
    if (available < needed) {
      fail(path_, ": not enough free space in ", directory_, " to update it safely (a copy needs ",
           format_bytes(static_cast<double>(needed)), ", ",
           format_bytes(static_cast<double>(available)), " free)");
    }
  }
  const int fd = create_beside(path_, scratch_, mode_);
  scratch_exists_ = true;
  if (copy) {
    try {
      copy_into(path_, fd, scratch_);
    } catch (...) {
      ::close(fd);
      throw;
    }
    copied_ = true;
  }
  ::close(fd);
}

StagedFile::~StagedFile() { release(); }

void StagedFile::release() {
  if (lock_ >= 0) ::close(lock_);
  lock_ = -1;
  if (scratch_exists_ && !keep_scratch_) ::unlink(scratch_.c_str());
  scratch_exists_ = false;
}

void StagedFile::check_path_unchanged() {
  const auto now = identify(path_);
  if (!now) return;  // removed meanwhile: publishing puts the file back
  if (expected_ && now->unchanged(*expected_)) return;
  keep_scratch_ = true;
  fail(path_, ": ", expected_ ? "replaced or changed" : "created",
       " by another process while this one was writing it; not overwritten. This process's "
       "file is kept as ",
       scratch_);
}

void StagedFile::install(const std::string& file) {
  if (::rename(file.c_str(), path_.c_str()) != 0) {
    fail(path_, ": cannot put ", file, " in its place (", system_reason(), ")");
  }
  sync_directory(directory_);
  published_ = true;
  lock_published();
}

void StagedFile::lock_published() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // published, but no longer readable by us: nothing to hold
  ::flock(fd, LOCK_SH | LOCK_NB);
  if (lock_ >= 0) ::close(lock_);
  lock_ = fd;
  expected_ = identity_of(fd);
}

void StagedFile::publish() {
  if (!scratch_exists_) fail(path_, ": already published as final");
  check_path_unchanged();
  std::string copy;
  const int fd = create_beside(path_, copy, mode_);
  try {
    copy_into(scratch_, fd, copy);
  } catch (...) {
    ::close(fd);
    ::unlink(copy.c_str());
    throw;
  }
  ::close(fd);
  try {
    install(copy);
  } catch (...) {
    ::unlink(copy.c_str());
    throw;
  }
}

void StagedFile::publish_final() {
  if (!scratch_exists_) fail(path_, ": already published as final");
  check_path_unchanged();
  const int fd = ::open(scratch_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = system_reason();
    if (fd >= 0) ::close(fd);
    fail(scratch_, ": cannot flush to disk (", reason, ")");
  }
  ::close(fd);
  install(scratch_);
  scratch_exists_ = false;
}

}  // namespace prospect::core

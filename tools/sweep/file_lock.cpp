#include "tools/sweep/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace prospect::sweep {

FileLock::FileLock(const std::string& path) : FileLock(path, false, true) {}

FileLock::FileLock(const std::string& path, bool shared, bool blocking) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path, ": cannot open lock file: ", std::strerror(errno));
  const int operation = (shared ? LOCK_SH : LOCK_EX) | (blocking ? 0 : LOCK_NB);
  while (::flock(fd_, operation) != 0) {
    if (errno == EWOULDBLOCK && !blocking) return;
    if (errno != EINTR) {
      const int error = errno;
      ::close(fd_);
      fail(path, ": cannot lock: ", std::strerror(error));
    }
  }
  held_ = true;
}

FileLock::~FileLock() {
  if (held_) ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

namespace {

std::string holder_description(const std::string& command) {
  char host[256] = "unknown host";
  ::gethostname(host, sizeof host - 1);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char started[32];
  std::strftime(started, sizeof started, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::ostringstream text;
  text << "process " << ::getpid() << " on " << host << " (" << command << "), since " << started;
  return text.str();
}

std::string read_holder(int fd) {
  std::string text(512, '\0');
  const ssize_t got = ::pread(fd, text.data(), text.size(), 0);
  text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text.empty() ? "another process" : text;
}

// The lock file's path; the directory is made first, as the sweep would.
std::string lock_path(const std::string& output_dir) {
  std::filesystem::create_directories(output_dir);
  return (std::filesystem::path(output_dir) / "sweep.lock").string();
}

}  // namespace

SweepLock::SweepLock(const std::string& output_dir, Kind kind, const std::string& command)
    : FileLock(lock_path(output_dir), kind == Kind::one_run, false) {
  if (!held()) {
    fail(output_dir, ": another sweep is running in this directory: ", read_holder(fd()),
         kind == Kind::one_run ? "; --index runs wait until it has ended"
                               : "; wait until it has ended, or give this one another --output");
  }
  const std::string holder = holder_description(command) + "\n";
  if (::ftruncate(fd(), 0) != 0 || ::pwrite(fd(), holder.data(), holder.size(), 0) < 0) {
    fail(output_dir, "/sweep.lock: cannot write: ", std::strerror(errno));
  }
}

}  // namespace prospect::sweep

#include "core/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"

namespace prospect::core {
namespace {

// A file descriptor closed on scope exit.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<FileIdentity> identify(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino, static_cast<std::int64_t>(info.st_size),
                      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 +
                          info.st_mtim.tv_nsec};
}

std::string canonical_path(const std::string& path) {
  std::error_code error;
  const auto canonical = std::filesystem::weakly_canonical(path, error);
  if (error) return std::filesystem::absolute(path).lexically_normal().string();
  return canonical.string();
}

std::string system_reason() { return std::strerror(errno); }

void copy_into(const std::string& from, int to_descriptor, const std::string& to) {
  const Descriptor source(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (source.get() < 0) fail(from, ": cannot open to copy it (", system_reason(), ")");
  // copy_file_range copies inside the kernel (or shares blocks); fall back to
  // read/write where the file system does not offer it.
  for (;;) {
    const ssize_t copied = ::copy_file_range(source.get(), nullptr, to_descriptor, nullptr,
                                             std::size_t{1} << 30, 0);
    if (copied == 0) break;
    if (copied > 0) continue;
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP) {
      fail(to, ": cannot copy ", from, " into it (", system_reason(), ")");
    }
    std::vector<char> buffer(std::size_t{1} << 20);
    for (;;) {
      const ssize_t got = ::read(source.get(), buffer.data(), buffer.size());
      if (got == 0) break;
      if (got < 0) {
        if (errno == EINTR) continue;
        fail(from, ": cannot read to copy it (", system_reason(), ")");
      }
      for (ssize_t done = 0; done < got;) {
        const ssize_t put = ::write(to_descriptor, buffer.data() + done,
                                    static_cast<std::size_t>(got - done));
        if (put < 0) {
          if (errno == EINTR) continue;
          fail(to, ": cannot write a copy of ", from, " (", system_reason(), ")");
        }
        done += put;
      }
    }
    break;
  }
  if (::fsync(to_descriptor) != 0) fail(to, ": cannot flush to disk (", system_reason(), ")");
}

std::uint64_t free_bytes(const std::string& directory) {
  struct statvfs info {};
  if (::statvfs(directory.c_str(), &info) != 0) {
    fail(directory, ": cannot query free space (", system_reason(), ")");
  }
  return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

void sync_directory(const std::string& directory) {
  const Descriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // Some file systems refuse to fsync a directory; the rename is done either way.
  if (fd.get() >= 0) ::fsync(fd.get());
}

}  // namespace prospect::core

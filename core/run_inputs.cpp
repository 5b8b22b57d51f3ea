#include "core/run_inputs.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <optional>

#include "core/error.h"
#include "core/file_system.h"

namespace prospect::core {
namespace {

std::atomic<RunInputs*> current_inputs{nullptr};

XXH3_state_t* state_of(void* state) { return static_cast<XXH3_state_t*>(state); }

}  // namespace

struct RunInputs::File {
  std::string path;  // canonical
  std::optional<FileIdentity> identity;
  std::string role;

  bool is(const std::string& other_path, const std::optional<FileIdentity>& other) const {
    if (identity && other) return identity->same_file(*other);
    return path == other_path;
  }
};

Fingerprinter::Fingerprinter() : state_(XXH3_createState()) {
  if (state_ == nullptr) throw std::bad_alloc();
  XXH3_128bits_reset(state_of(state_));
}

Fingerprinter::~Fingerprinter() { XXH3_freeState(state_of(state_)); }

Fingerprinter& Fingerprinter::add(const void* data, std::size_t bytes) {
  XXH3_128bits_update(state_of(state_), data, bytes);
  bytes_ += bytes;
  return *this;
}

DataFingerprint Fingerprinter::finish(std::string name, std::string source) const {
  const XXH128_hash_t hash = XXH3_128bits_digest(state_of(state_));
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return {std::move(name), std::move(source), bytes_, hex};
}

DataFingerprint fingerprint_file(std::string name, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, ": cannot open (", system_reason(), ")");
  Fingerprinter fingerprinter;
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const std::string reason = system_reason();
      ::close(fd);
      fail(path, ": cannot read (", reason, ")");
    }
    fingerprinter.add(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  return fingerprinter.finish(std::move(name), canonical_path(path));
}

RunInputs::RunInputs() : previous_(current_inputs.exchange(this)) {}

RunInputs::~RunInputs() { current_inputs.store(previous_); }

RunInputs* RunInputs::current() { return current_inputs.load(); }

void RunInputs::note_file(const std::string& path, const std::string& role) {
  File file{canonical_path(path), identify(path), role};
  const std::lock_guard lock(mutex_);
  for (const auto& known : files_) {
    if (known.is(file.path, file.identity)) return;
  }
  files_.push_back(std::move(file));
}

void RunInputs::require_not_input(const std::string& path, const std::string& what) const {
  const std::string canonical = canonical_path(path);
  const auto identity = identify(path);
  const std::lock_guard lock(mutex_);
  for (const auto& known : files_) {
    if (!known.is(canonical, identity)) continue;
    fail(what, " ", path, " is ", known.role, " of this run",
         canonical == known.path ? "" : " (" + known.path + ")",
         ": it would be overwritten; choose another output path");
  }
}

void RunInputs::note_data(DataFingerprint fingerprint) {
  const std::lock_guard lock(mutex_);
  for (auto& known : data_) {
    if (known.name == fingerprint.name) {
      known = std::move(fingerprint);
      return;
    }
  }
  data_.push_back(std::move(fingerprint));
}

std::vector<DataFingerprint> RunInputs::data() const {
  const std::lock_guard lock(mutex_);
  return data_;
}

void note_input_file(const std::string& path, const std::string& role) {
  if (auto* inputs = RunInputs::current()) inputs->note_file(path, role);
}

void require_not_input(const std::string& path, const std::string& what) {
  if (const auto* inputs = RunInputs::current()) inputs->require_not_input(path, what);
}

void note_data_input(DataFingerprint fingerprint) {
  if (auto* inputs = RunInputs::current()) inputs->note_data(std::move(fingerprint));
}

}  // namespace prospect::core

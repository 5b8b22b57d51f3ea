#include "core/h5_superblock.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace prospect::core {
namespace {

constexpr std::string_view kSignature("\x89HDF\r\n\x1a\n", 8);
// The superblock's fixed part, the version 0/1 driver information block's
// header (version, reserved, size, driver name) and the most bytes a
// superblock of any known version takes with 32-byte addresses.
constexpr std::uint64_t kDriverHeaderBytes = 16;
constexpr std::size_t kLongestSuperblock = 28 + 4 * 32 + 2 * 32 + 24;

class FileBytes {
 public:
  explicit FileBytes(const std::string& path) : stream_(path, std::ios::binary) {
    stream_.seekg(0, std::ios::end);
    const std::streamoff end = stream_.tellg();
    size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
  }
  bool good() const { return static_cast<bool>(stream_); }
  std::uint64_t size() const { return size_; }
  // Up to `count` bytes from `offset`, fewer at the end of the file.
  std::vector<unsigned char> read(std::uint64_t offset, std::uint64_t count) {
    if (offset >= size_) return {};
    std::vector<unsigned char> bytes(static_cast<std::size_t>(std::min(count, size_ - offset)));
    stream_.clear();
    stream_.seekg(static_cast<std::streamoff>(offset));
    stream_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(stream_.gcount(), 0)));
    return bytes;
  }

 private:
  std::ifstream stream_;
  std::uint64_t size_ = 0;
};

// Where libhdf5 looks for the signature: byte 0, then 512, 1024, 2048, ...
// (a user block may precede the superblock).
bool find_signature(FileBytes& file, std::uint64_t& at) {
  for (at = 0; at < file.size(); at = at == 0 ? 512 : 2 * at) {
    const auto bytes = file.read(at, kSignature.size());
    if (std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == kSignature) {
      return true;
    }
  }
  return false;
}

// A little-endian field of a superblock; addresses of all ones are
// "undefined", and addresses wider than 8 bytes hold at most 64 bits.
struct Field {
  static constexpr std::uint64_t kUndefined = ~std::uint64_t{0};
  std::uint64_t value = 0;
  bool defined = true;
};

class SuperblockReader {
 public:
  SuperblockReader(std::vector<unsigned char> bytes, std::size_t at)
      : bytes_(std::move(bytes)), at_(at) {}
  bool complete(std::size_t count) const { return at_ + count <= bytes_.size(); }
  Field next(std::size_t width) {
    Field field;
    bool all_ones = true;
    for (std::size_t i = 0; i < width; ++i) {
      const unsigned char b = bytes_[at_ + i];
      all_ones = all_ones && b == 0xFF;
      if (i < 8) {
        field.value |= std::uint64_t{b} << (8 * i);
      } else if (b != 0) {
        field.value = Field::kUndefined - 1;  // beyond 64 bits: past any file's end
      }
    }
    at_ += width;
    field.defined = !all_ones;
    return field;
  }
  void skip(std::size_t count) { at_ += count; }

 private:
  std::vector<unsigned char> bytes_;
  std::size_t at_;
};

bool valid_width(unsigned width) {
  return width == 2 || width == 4 || width == 8 || width == 16 || width == 32;
}

}  // namespace

void check_hdf5_superblock(const std::string& path, const std::string& name) {
  FileBytes file(path);
  std::uint64_t start = 0;
  if (!file.good() || !find_signature(file, start)) return;  // libhdf5 says what is wrong
  const auto damaged = [&](const auto&... parts) {
    fail(name, ": damaged HDF5 file: ", parts..., " (the file has ", file.size(), " bytes)");
  };
  auto bytes = file.read(start, kLongestSuperblock);
  if (bytes.size() < 9) damaged("its superblock is cut off");
  const unsigned version = bytes[8];
  if (version > 3) return;
  const bool old_layout = version < 2;
  const std::size_t fixed = version == 0 ? 24 : version == 1 ? 28 : 12;
  if (bytes.size() < fixed) damaged("its superblock is cut off");
  const unsigned address_width = old_layout ? bytes[13] : bytes[9];
  const unsigned length_width = old_layout ? bytes[14] : bytes[10];
  if (!valid_width(address_width) || !valid_width(length_width)) {
    damaged("its superblock gives ", address_width, "-byte addresses and ", length_width,
            "-byte lengths, expected 2, 4, 8, 16 or 32");
  }
  SuperblockReader superblock(std::move(bytes), fixed);
  if (!superblock.complete(4 * address_width + (old_layout ? 2 * address_width : 0))) {
    damaged("its superblock is cut off");
  }
  // Addresses are relative to the superblock's own position (libhdf5 moves
  // the stored base address there).
  const auto past_end = [&](const Field& address, std::uint64_t extent) {
    return address.defined && (address.value > file.size() - start ||
                               extent > file.size() - start - address.value);
  };
  // The end of file counts from the stored base address; libhdf5 moves that
  // to the superblock (the start of the file when there is no user block).
  const auto check_end = [&](const Field& base, const Field& end_of_file) {
    if (!end_of_file.defined) return;
    const std::uint64_t end = end_of_file.value;
    const std::uint64_t declared =
        base.value >= start ? end - std::min(end, base.value - start)
                            : (end > file.size() ? end : end + (start - base.value));
    if (declared > file.size()) damaged("it is truncated: its superblock declares ", declared, " bytes");
  };
  const auto check_object = [&](const Field& address, const char* what) {
    if (past_end(address, 1)) {
      damaged("its superblock places ", what, " at byte ", address.value, ", past the end");
    }
  };
  const auto check_driver_block = [&](const Field& driver) {
    if (!driver.defined) return;
    if (past_end(driver, kDriverHeaderBytes)) {
      damaged("its superblock places a driver information block at byte ", driver.value,
              ", past the end");
    }
    SuperblockReader header(file.read(start + driver.value + 4, 4), 0);
    const std::uint64_t declared = header.next(4).value;
    if (past_end(driver, kDriverHeaderBytes + declared)) {
      damaged("its driver information block at byte ", driver.value, " declares ", declared,
              " bytes, past the end");
    }
  };
  const Field base = superblock.next(address_width);
  if (old_layout) {
    const Field free_space = superblock.next(address_width);
    const Field end_of_file = superblock.next(address_width);
    const Field driver = superblock.next(address_width);
    superblock.skip(address_width);  // the root entry's link name
    const Field root = superblock.next(address_width);
    check_end(base, end_of_file);
    check_object(root, "the root group");
    check_object(free_space, "the free-space information");
    check_driver_block(driver);
  } else {
    const Field extension = superblock.next(address_width);
    const Field end_of_file = superblock.next(address_width);
    const Field root = superblock.next(address_width);
    check_end(base, end_of_file);
    check_object(root, "the root group");
    check_object(extension, "its extension");
  }
}

}  // namespace prospect::core

// Files whose superblock places something past their end are refused before
// libhdf5 sizes a buffer from it: a named error, and memory in proportion to
// the file's size (a 250-byte file declaring a 4 GB driver information block
// once cost 4.2 GB and 10 s).

#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/h5_file.h"
#include "core/h5_superblock.h"
#include "tests/file_bytes.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

void put_le(std::string& bytes, std::size_t at, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) bytes[at + std::size_t(i)] = char((value >> (8 * i)) & 0xFF);
}

// A small valid run file: libhdf5's default superblock, version 0 with
// 8-byte addresses (end of file at byte 40, driver block address at 48, root
// object header at 64).
std::string valid_file(const std::string& path) {
  core::H5Writer file(path);
  file.write("metrics/loss", std::vector<double>{1, 2, 3}, "1");
  file.set_attribute("/", "task", std::string("chain"));
  file.close();
  const std::string bytes = bytes_of(path);
  REQUIRE(bytes[8] == 0);   // superblock version 0
  REQUIRE(bytes[13] == 8);  // 8-byte addresses
  return bytes;
}

long peak_resident_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("h5 superblock: a driver block declaring 4 GB is refused in small memory", "[unit]") {
  const std::string path = temporary_path("driver_block.h5");
  std::string bytes = valid_file(path);
  const std::size_t driver_at = 96;  // inside the file: its 16-byte header fits
  put_le(bytes, 48, driver_at, 8);
  put_le(bytes, driver_at + 4, 0xFFFFFFFFu, 4);
  write_bytes(path, bytes);
  const long before = peak_resident_kb();
  CHECK_THROWS_WITH(core::H5Reader(path),
                    Contains(path) && Contains("driver information block at byte 96 declares 4294967295 bytes") &&
                        Contains("the file has " + std::to_string(bytes.size()) + " bytes"));
  CHECK_THROWS_WITH(core::H5Writer(path, core::H5Writer::Mode::update), Contains("declares 4294967295 bytes"));
  CHECK(peak_resident_kb() - before < 64 * 1024);
  std::filesystem::remove(path);
}

TEST_CASE("h5 superblock: a truncated file and addresses past the end are named", "[unit]") {
  const std::string path = temporary_path("superblock.h5");
  const std::string bytes = valid_file(path);

  write_bytes(path, bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_WITH(core::H5Reader(path),
                    Contains(path) && Contains("it is truncated: its superblock declares " +
                                               std::to_string(bytes.size()) + " bytes"));

  std::string root_beyond = bytes;
  put_le(root_beyond, 64, bytes.size() + 1000, 8);
  write_bytes(path, root_beyond);
  CHECK_THROWS_WITH(core::H5Reader(path), Contains("places the root group at byte " +
                                                   std::to_string(bytes.size() + 1000) + ", past the end"));

  std::string wide = bytes;
  wide[13] = 3;
  write_bytes(path, wide);
  CHECK_THROWS_WITH(core::H5Reader(path), Contains("3-byte addresses"));

  write_bytes(path, bytes);  // the valid file passes and reads
  CHECK_NOTHROW(core::check_hdf5_superblock(path, path));
  CHECK(core::H5Reader(path).read_double("metrics/loss").data == std::vector<double>{1, 2, 3});
  std::filesystem::remove(path);
}

TEST_CASE("h5 superblock: a file with a user block is checked where its superblock is", "[unit]") {
  const std::string path = temporary_path("user_block.h5");
  const hid_t create = H5Pcreate(H5P_FILE_CREATE);
  H5Pset_userblock(create, 512);
  H5Fclose(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, create, H5P_DEFAULT));
  H5Pclose(create);
  CHECK_NOTHROW(core::H5Reader(path));
  std::string bytes = bytes_of(path);
  REQUIRE(bytes.substr(512, 4) == "\x89HDF");
  put_le(bytes, 512 + 64, bytes.size(), 8);  // the root group at the file's end, relative to 512
  write_bytes(path, bytes);
  CHECK_THROWS_WITH(core::H5Reader(path), Contains("places the root group at byte " + std::to_string(bytes.size())));
  std::filesystem::remove(path);
}

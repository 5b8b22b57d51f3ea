// The IDX reader: the fuzz input is one IDX file, or (first byte odd) an
// image file and a label file split where its next two bytes say; either
// gzip-compressed when the first byte's second bit is set. Every outcome but
// an Error is a bug.

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "datasets/idx.h"
#include "tests/fuzz/memory_file.h"

using namespace prospect;

namespace {

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  if (deflateInit2(&stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(size)) + 32);
  stream.next_in = const_cast<std::uint8_t*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

MemoryFile file_of(const std::uint8_t* data, std::size_t size, bool compressed) {
  if (!compressed) return MemoryFile(data, size);
  const auto packed = gzip(data, size);
  return MemoryFile(packed.data(), packed.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const bool pair = data[0] & 1;
  const bool compressed = data[0] & 2;
  try {
    if (!pair) {
      const auto file = file_of(data + 1, size - 1, compressed);
      datasets::read_idx(file.path());
    } else {
      const std::size_t split = std::min<std::size_t>(size - 3, (std::size_t{data[1]} << 8) | data[2]);
      const auto images = file_of(data + 3, split, compressed);
      const auto labels = file_of(data + 3 + split, size - 3 - split, compressed);
      auto set = datasets::load_idx_pair(images.path(), labels.path(), data[0] >> 4);
      datasets::ImageSet both{set, set, 1, set.features()};
      datasets::scale_pixels(both, datasets::PixelScale::standardised);
    }
  } catch (const Error&) {
  }
  return 0;
}

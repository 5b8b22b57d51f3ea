// The HDF5 readers on damaged files: the fuzz input, byte for byte, is the
// file (seeds are small valid run and data files). The MNIST-1D loader, the
// listing of `prospect info` and a resume's first reads run on it; every
// outcome but an Error is a bug, ours or the HDF5 library's.

#include <hdf5.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/h5_file.h"
#include "datasets/mnist1d.h"
#include "tests/fuzz/memory_file.h"
#include "tools/info.h"

using namespace prospect;

namespace {

// HDF5 recycles its blocks through free lists, so a block it leaks on a
// damaged file would carry the allocation stack of an earlier, unrelated use;
// without the lists a leak report (and tests/lsan_suppressions.txt) sees
// where the block was really taken.
[[maybe_unused]] const bool no_free_lists = H5set_free_list_limits(0, 0, 0, 0, 0, 0) >= 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const MemoryFile file(data, size);
  try {
    datasets::load_mnist1d(file.path());
  } catch (const Error&) {
  }
  try {
    std::ostringstream listing;
    tools::print_info(file.path(), listing);
  } catch (const Error&) {
  }
  try {
    const core::H5Reader run(file.path());
    run.string_attribute("/", "task");
    run.string_attribute("/", "configuration");
    run.read_int("checkpoint/epochs_done");
  } catch (const Error&) {
  }
  return 0;
}

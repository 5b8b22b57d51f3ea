// The HDF5 readers on damaged files: the fuzz input, byte for byte, is the
// file (seeds are small valid run and data files). The MNIST-1D loader, the
// listing of `prospect info` and a resume's first reads run on it; every
// outcome but an Error is a bug, ours or the HDF5 library's.

#include <cstdint>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/h5_file.h"
#include "tasks/datasets/mnist1d.h"
#include "tests/fuzz/memory_file.h"
#include "tools/info.h"

using namespace prospect;

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

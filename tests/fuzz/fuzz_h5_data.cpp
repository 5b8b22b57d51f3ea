// The HDF5 data readers on files of every shape HDF5 allows: the fuzz input
// decides, for each name an MNIST-1D file holds (x, y, x_test, y_test, t),
// whether it is missing, a group, a dangling or looping link, or a dataset
// of some element type, rank, extent and values (NaN, huge, fractional
// labels). Then the MNIST-1D loader, the generic reader calls and the
// listing of `prospect info` run on it; every outcome but an Error is a bug.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/h5_file.h"
#include "datasets/mnist1d.h"
#include "tests/fuzz/memory_file.h"
#include "tools/info.h"

using namespace prospect;

namespace {

const char* const kNames[] = {"x", "y", "x_test", "y_test", "t"};

hid_t element_type(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 7)) {
    case 0: return H5Tcopy(H5T_NATIVE_FLOAT);
    case 1: return H5Tcopy(H5T_NATIVE_DOUBLE);
    case 2: return H5Tcopy(H5T_NATIVE_INT8);
    case 3: return H5Tcopy(H5T_NATIVE_INT32);
    case 4: return H5Tcopy(H5T_NATIVE_INT64);
    case 5: return H5Tcopy(H5T_NATIVE_UINT64);
    case 6: {
      const hid_t text = H5Tcopy(H5T_C_S1);
      H5Tset_size(text, 3);
      return text;
    }
    default: {
      const hid_t pair = H5Tcreate(H5T_COMPOUND, 8);
      H5Tinsert(pair, "a", 0, H5T_NATIVE_FLOAT);
      H5Tinsert(pair, "b", 4, H5T_NATIVE_FLOAT);
      return pair;
    }
  }
}

void add_dataset(hid_t file, const char* name, FuzzedDataProvider& input) {
  const hid_t type = element_type(input);
  const int rank = input.ConsumeIntegralInRange(0, 3);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  hsize_t elements = 1;
  for (auto& extent : dims) elements *= (extent = input.ConsumeIntegralInRange<hsize_t>(0, 12));
  const hid_t space = input.ConsumeBool() && rank == 0 ? H5Screate(H5S_NULL)
                                                       : H5Screate_simple(rank, dims.data(), nullptr);
  const hid_t dataset = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::uint8_t> bytes = input.ConsumeBytes<std::uint8_t>(elements * H5Tget_size(type));
  bytes.resize(elements * H5Tget_size(type));
  if (H5Sget_simple_extent_type(space) != H5S_NULL && H5Tget_class(type) != H5T_STRING) {
    H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  }
  H5Dclose(dataset);
  H5Sclose(space);
  H5Tclose(type);
}

void build(const std::string& path, FuzzedDataProvider& input) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) return;
  for (const char* name : kNames) {
    switch (input.ConsumeIntegralInRange(0, 5)) {
      case 0: break;  // missing
      case 1: H5Gclose(H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)); break;
      case 2: H5Lcreate_soft("/nowhere", file, name, H5P_DEFAULT, H5P_DEFAULT); break;
      case 3: H5Lcreate_hard(file, "/", file, name, H5P_DEFAULT, H5P_DEFAULT); break;
      default: add_dataset(file, name, input);
    }
  }
  if (input.ConsumeBool()) {  // a root attribute of another type than expected
    const hid_t space = H5Screate(H5S_SCALAR);
    const double value = input.ConsumeFloatingPoint<double>();
    const hid_t attribute = H5Acreate2(file, "task", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attribute, H5T_NATIVE_DOUBLE, &value);
    H5Aclose(attribute);
    H5Sclose(space);
  }
  H5Fclose(file);
}

template <typename Read>
void attempt(Read read) {
  try {
    read();
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const MemoryFile file(nullptr, 0);
  build(file.path(), input);
  attempt([&] { datasets::load_mnist1d(file.path()); });
  attempt([&] {
    std::ostringstream listing;
    tools::print_info(file.path(), listing);
  });
  attempt([&] {
    const core::H5Reader reader(file.path());
    for (const char* name : kNames) {
      attempt([&] { reader.read_int(name); });
      attempt([&] { reader.read_float(name); });
      attempt([&] { core::read_matrix(reader, name); });
      attempt([&] { reader.members(name); });
      attempt([&] { reader.string_attribute(name, "task"); });
    }
    attempt([&] { reader.string_attribute("/", "task"); });
    attempt([&] { reader.double_attribute("/", "task"); });
  });
  return 0;
}

#include "core/h5_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <numeric>
#include <sstream>

#include "core/error.h"
#include "core/h5_superblock.h"
#include "core/memory.h"
#include "core/output.h"
#include "core/run_inputs.h"
#include "core/staged_file.h"

namespace prospect::core {
namespace {

// HDF5 prints its error stack by default; errors here become messages instead.
// Nor does it close files at exit: every file is closed explicitly here, and
// after a failed write (a full disk) HDF5 1.10 crashes closing the files it
// could not close then. The first HDF5 call of the process must be this one.
struct SilenceHdf5 {
  SilenceHdf5() {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
};
const SilenceHdf5 silence_hdf5;

// The reason for the HDF5 call that just failed: the system's message when a
// read or write failed (a full disk, a size limit), else the innermost HDF5
// description. Clears the error stack.
std::string hdf5_reason() {
  struct Found {
    std::string innermost, system;
  } found;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
        auto& f = *static_cast<Found*>(data);
        const std::string text = error->desc != nullptr ? error->desc : "";
        if (n == 0) f.innermost = text;
        const auto at = text.find("error message = '");
        if (f.system.empty() && at != std::string::npos) {
          const auto begin = at + 17;
          f.system = text.substr(begin, text.find('\'', begin) - begin);
        }
        return 0;
      },
      &found);
  H5Eclear2(H5E_DEFAULT);
  if (!found.system.empty()) return found.system;
  return found.innermost.empty() ? "HDF5 gives no reason" : found.innermost;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream stream(path);
  std::string part;
  while (std::getline(stream, part, '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

hsize_t product(const std::vector<hsize_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
}

bool link_exists(hid_t file, const std::string& path) {
  // H5Lexists needs every intermediate link to exist (and to be a group).
  std::string prefix;
  for (const auto& part : split_path(path)) {
    prefix += "/" + part;
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  H5Eclear2(H5E_DEFAULT);
  return true;
}

// The type of the object at `path` (which exists), or H5O_TYPE_UNKNOWN.
H5O_type_t object_type(hid_t file, const std::string& path) {
  H5O_info_t info{};
  if (H5Oget_info_by_name(file, path.empty() ? "/" : path.c_str(), &info, H5P_DEFAULT) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return H5O_TYPE_UNKNOWN;
  }
  return info.type;
}

std::string kind_name(H5O_type_t type) {
  switch (type) {
    case H5O_TYPE_GROUP: return "a group";
    case H5O_TYPE_DATASET: return "a dataset";
    case H5O_TYPE_NAMED_DATATYPE: return "a named datatype";
    default: return "an object of unknown kind";
  }
}

std::string type_class_name(H5T_class_t type_class) {
  switch (type_class) {
    case H5T_INTEGER: return "integers";
    case H5T_FLOAT: return "floating-point numbers";
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "compound records";
    case H5T_ENUM: return "enumerated values";
    case H5T_ARRAY: return "arrays";
    case H5T_VLEN: return "variable-length sequences";
    case H5T_REFERENCE: return "references";
    case H5T_BITFIELD: return "bit fields";
    case H5T_OPAQUE: return "opaque data";
    default: return "values of an unknown type";
  }
}

// A name HDF5 gives by index (a link, an attribute): first its length, then
// the name. Empty when it cannot (HDF5 names are never empty).
template <typename GetName>
std::string indexed_name(GetName get_name) {
  const ssize_t length = get_name(nullptr, 0);
  if (length <= 0) return "";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  if (get_name(name.data(), name.size()) < 0) return "";
  name.resize(static_cast<std::size_t>(length));
  return name;
}

H5Handle string_type() {
  H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

// The type h5py gives numpy bools: an enum of 8-bit integers FALSE = 0, TRUE = 1.
H5Handle bool_type() {
  H5Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  for (const auto& [name, value] : {std::pair<const char*, std::int8_t>{"FALSE", 0}, {"TRUE", 1}}) {
    H5Tenum_insert(type.get(), name, &value);
  }
  return type;
}

const hid_t intermediate_groups = [] {
  const hid_t list = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(list, 1);
  return list;
}();

// The shape of a dataspace; {} for a scalar, an empty extent for a null one.
std::vector<hsize_t> extent_of(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (H5Sget_simple_extent_type(space) == H5S_NULL) dims = {0};
  return dims;
}

}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

void H5Handle::reset() {
  if (id_ >= 0 && close_ != nullptr) {
    close_(id_);
    H5Eclear2(H5E_DEFAULT);
  }
  id_ = -1;
}

hid_t H5Handle::release() {
  const hid_t id = id_;
  id_ = -1;
  return id;
}

AppendableDataset::AppendableDataset(H5Handle dataset, std::vector<hsize_t> frame_shape,
                                     std::string where)
    : dataset_(std::move(dataset)),
      frame_shape_(std::move(frame_shape)),
      frame_elements_(product(frame_shape_)),
      where_(std::move(where)) {}

void AppendableDataset::append(const float* data, hsize_t frames) {
  std::vector<hsize_t> size{frames_ + frames};
  size.insert(size.end(), frame_shape_.begin(), frame_shape_.end());
  std::vector<hsize_t> offset(size.size(), 0);
  offset[0] = frames_;
  std::vector<hsize_t> count = size;
  count[0] = frames;
  const auto rank = static_cast<int>(size.size());
  const auto failed = [&] { fail(where_, " (", hdf5_reason(), ")"); };
  if (H5Dset_extent(dataset_.get(), size.data()) < 0) failed();
  const H5Handle file_space(H5Dget_space(dataset_.get()), H5Sclose);
  const H5Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
  if (!file_space.valid() || !memory_space.valid() ||
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                          nullptr) < 0 ||
      H5Dwrite(dataset_.get(), H5T_NATIVE_FLOAT, memory_space.get(), file_space.get(),
               H5P_DEFAULT, data) < 0) {
    failed();
  }
  frames_ += frames;
}

H5Writer::H5Writer(const std::string& path, Mode mode)
    : path_(path), mode_(mode), uncaught_at_start_(std::uncaught_exceptions()) {
  if (mode == Mode::replace) check_not_input();
  staged_ = std::make_unique<StagedFile>(path, mode == Mode::update
                                                   ? StagedFile::Start::from_path
                                                   : StagedFile::Start::empty);
  if (mode == Mode::update) note_input_file(path, "a file this run updates");
  const std::string& scratch = staged_->scratch();
  if (staged_->started_from_copy()) {
    if (H5Fis_hdf5(scratch.c_str()) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      fail(path_, ": not an HDF5 file, so nothing can be added to it");
    }
    check_hdf5_superblock(scratch, path_);
    file_ = H5Handle(H5Fopen(scratch.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  } else {
    file_ = H5Handle(H5Fcreate(scratch.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
  }
  if (!file_.valid()) fail(path_, ": cannot write (", hdf5_reason(), ")");
}

H5Writer::~H5Writer() {
  // Discarding is right when an error unwinds the stack; on a normal exit
  // it means the code forgot close(), which would lose the file silently.
  if (file_.valid() && std::uncaught_exceptions() <= uncaught_at_start_) {
    err("internal error: %s was written but never closed; discarded\n", path_.c_str());
  }
}
H5Writer::H5Writer(H5Writer&&) noexcept = default;
H5Writer& H5Writer::operator=(H5Writer&&) noexcept = default;

bool H5Writer::would_replace_earlier_file() const {
  return mode_ == Mode::replace && staged_->would_replace_earlier_file();
}

hid_t H5Writer::file() const {
  if (!file_.valid()) fail(path_, ": already closed, nothing more can be written");
  return file_.get();
}

void H5Writer::check_not_input() const { require_not_input(path_, "the output file"); }

std::string H5Writer::absolute_path(const std::string& path) const {
  const auto parts = split_path(path);
  if (parts.empty()) fail(path_, ": empty dataset path");
  std::string absolute;
  for (const auto& part : parts) absolute += "/" + part;
  return absolute;
}

std::string H5Writer::replace_link(const std::string& path) {
  const std::string absolute = absolute_path(path);
  if (link_exists(file(), absolute) && H5Ldelete(file(), absolute.c_str(), H5P_DEFAULT) < 0) {
    fail(path_, ": cannot replace '", path, "' (", hdf5_reason(), ")");
  }
  return absolute;
}

void H5Writer::set_attribute(const std::string& object, const std::string& name, hid_t type,
                             const void* value) {
  const std::string where = object.empty() ? "/" : object;
  const H5Handle handle(H5Oopen(file(), where.c_str(), H5P_DEFAULT), H5Oclose);
  if (!handle.valid()) {
    fail(path_, ": cannot write attribute '", name, "' of '", object, "': no such object");
  }
  const auto failed = [&] {
    fail(path_, ": cannot write attribute '", name, "' of '", where, "' (", hdf5_reason(), ")");
  };
  if (H5Aexists(handle.get(), name.c_str()) > 0 && H5Adelete(handle.get(), name.c_str()) < 0) {
    failed();
  }
  const H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  const H5Handle attribute(
      H5Acreate2(handle.get(), name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attribute.valid() || H5Awrite(attribute.get(), type, value) < 0) failed();
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             const std::string& value) {
  const H5Handle type = string_type();
  const char* text = value.c_str();
  set_attribute(object, name, type.get(), &text);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name, double value) {
  set_attribute(object, name, H5T_NATIVE_DOUBLE, &value);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::int64_t value) {
  set_attribute(object, name, H5T_NATIVE_INT64, &value);
}

void H5Writer::write_typed(const std::string& path, const std::vector<hsize_t>& shape,
                           const void* data, hid_t type) {
  const std::string absolute = absolute_path(path);
  // A dataset of the same type and shape is overwritten in place: files
  // that rewrite a checkpoint every epoch do not grow with dead space.
  if (link_exists(file(), absolute) && object_type(file(), absolute) == H5O_TYPE_DATASET) {
    const H5Handle existing(H5Dopen2(file(), absolute.c_str(), H5P_DEFAULT), H5Dclose);
    const H5Handle space(H5Dget_space(existing.get()), H5Sclose);
    const H5Handle stored_type(H5Dget_type(existing.get()), H5Tclose);
    if (existing.valid() && space.valid() && stored_type.valid() &&
        extent_of(space.get()) == shape && H5Tequal(stored_type.get(), type) > 0) {
      if (H5Dwrite(existing.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        fail(path_, ": cannot write dataset '", path, "' (", hdf5_reason(), ")");
      }
      return;
    }
    H5Eclear2(H5E_DEFAULT);
  }
  const std::string target = replace_link(path);
  const H5Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                       H5Sclose);
  const H5Handle dataset(H5Dcreate2(file(), target.c_str(), type, space.get(), intermediate_groups,
                                    H5P_DEFAULT, H5P_DEFAULT),
                         H5Dclose);
  if (!dataset.valid() ||
      H5Dwrite(dataset.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail(path_, ": cannot write dataset '", path, "' (", hdf5_reason(), ")");
  }
}

void H5Writer::set_unit(const std::string& path, const std::string& unit) {
  if (!unit.empty()) set_attribute(path, "unit", unit);
}

void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const float* data, const std::string& unit) {
  write_typed(path, shape, data, H5T_NATIVE_FLOAT);
  set_unit(path, unit);
}
void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const double* data, const std::string& unit) {
  write_typed(path, shape, data, H5T_NATIVE_DOUBLE);
  set_unit(path, unit);
}
void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const std::int64_t* data, const std::string& unit) {
  write_typed(path, shape, data, H5T_NATIVE_INT64);
  set_unit(path, unit);
}
void H5Writer::write(const std::string& path, const std::vector<double>& values,
                     const std::string& unit) {
  write(path, {values.size()}, values.data(), unit);
}
void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape, const bool* data) {
  const std::vector<std::int8_t> flags(data, data + product(shape));
  const H5Handle type = bool_type();
  write_typed(path, shape, flags.data(), type.get());
}

void H5Writer::write_strings(const std::string& path, const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  for (const auto& value : values) pointers.push_back(value.c_str());
  const H5Handle type = string_type();
  write_typed(path, {values.size()}, pointers.data(), type.get());
}

AppendableDataset H5Writer::appendable(const std::string& path,
                                       const std::vector<hsize_t>& frame_shape,
                                       const std::string& unit, hsize_t chunk_frames) {
  std::vector<hsize_t> initial{0};
  std::vector<hsize_t> maximum{H5S_UNLIMITED};
  std::vector<hsize_t> chunk{std::max<hsize_t>(1, chunk_frames)};
  for (const hsize_t extent : frame_shape) {
    initial.push_back(extent);
    maximum.push_back(extent);
    chunk.push_back(std::max<hsize_t>(1, extent));
  }
  const auto rank = static_cast<int>(initial.size());
  const std::string target = replace_link(path);
  const H5Handle space(H5Screate_simple(rank, initial.data(), maximum.data()), H5Sclose);
  const H5Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Handle dataset;
  if (H5Pset_chunk(properties.get(), rank, chunk.data()) >= 0 &&
      H5Pset_shuffle(properties.get()) >= 0 && H5Pset_deflate(properties.get(), 4) >= 0) {
    dataset = H5Handle(H5Dcreate2(file(), target.c_str(), H5T_NATIVE_FLOAT, space.get(),
                                  intermediate_groups, properties.get(), H5P_DEFAULT),
                       H5Dclose);
  }
  if (!dataset.valid()) fail(path_, ": cannot create dataset '", path, "' (", hdf5_reason(), ")");
  set_unit(path, unit);
  return AppendableDataset(std::move(dataset), frame_shape,
                           path_ + ": cannot append to dataset '" + path + "'");
}

void H5Writer::flush() {
  if (H5Fflush(file(), H5F_SCOPE_GLOBAL) < 0) {
    fail(path_, ": cannot write to disk (", hdf5_reason(), ")");
  }
}

void H5Writer::commit() {
  flush();
  if (mode_ == Mode::replace) check_not_input();
  staged_->publish();
}

void H5Writer::close() {
  if (mode_ == Mode::replace) check_not_input();
  // Datasets still open elsewhere (a recorder's) keep HDF5's file open after
  // H5Fclose: then publish a flushed copy instead of the file itself.
  const ssize_t open_objects =
      H5Fget_obj_count(file(), H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR);
  if (open_objects != 0) {
    commit();
    file_.reset();
    return;
  }
  if (H5Fclose(file_.release()) < 0) fail(path_, ": cannot write to disk (", hdf5_reason(), ")");
  staged_->publish_final();
}

H5Reader::H5Reader(const std::string& path) : path_(path) {
  note_input_file(path, "a file this run reads");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail(path, ": not a readable HDF5 file");
  }
  check_hdf5_superblock(path, path);
  file_ = H5Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file_.valid()) fail(path, ": cannot open (", hdf5_reason(), ")");
}

bool H5Reader::exists(const std::string& path) const {
  return path.empty() || path == "/" || link_exists(file_.get(), path);
}

H5Handle H5Reader::open_dataset(const std::string& dataset) const {
  if (!exists(dataset)) fail(path_, ": missing dataset '", dataset, "'");
  const H5O_type_t type = object_type(file_.get(), dataset);
  if (type != H5O_TYPE_DATASET) {
    fail(path_, ": '", dataset, "' is ", kind_name(type), ", expected a dataset");
  }
  H5Handle handle(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!handle.valid()) fail(path_, ": cannot open dataset '", dataset, "' (", hdf5_reason(), ")");
  return handle;
}

std::vector<hsize_t> H5Reader::shape(const std::string& dataset) const {
  const H5Handle handle = open_dataset(dataset);
  const H5Handle space(H5Dget_space(handle.get()), H5Sclose);
  if (!space.valid()) fail(path_, ": cannot read the shape of '", dataset, "' (", hdf5_reason(), ")");
  return extent_of(space.get());
}

template <typename T>
H5Array<T> from_bools(const H5Array<bool>& flags) {
  return {std::vector<T>(flags.data.begin(), flags.data.end()), flags.shape};
}

template <typename T>
H5Array<T> H5Reader::read_numbers(const std::string& dataset, hid_t type) const {
  const H5Handle handle = open_dataset(dataset);
  const H5Handle stored(H5Dget_type(handle.get()), H5Tclose);
  const H5T_class_t stored_class = H5Tget_class(stored.get());
  if (stored_class == H5T_ENUM) return from_bools<T>(read_bool(dataset));
  if (stored_class != H5T_INTEGER && stored_class != H5T_FLOAT) {
    fail(path_, ": dataset '", dataset, "' holds ", type_class_name(stored_class),
         ", expected numbers");
  }
  H5Array<T> array;
  array.shape = shape(dataset);
  const double elements = std::accumulate(array.shape.begin(), array.shape.end(), 1.0,
                                          std::multiplies<>());
  require_memory(elements * sizeof(T), path_ + ": dataset '" + dataset + "'");
  array.data.resize(product(array.shape));
  if (!array.data.empty() &&
      H5Dread(handle.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.data.data()) < 0) {
    fail(path_, ": cannot read dataset '", dataset, "' (", hdf5_reason(), ")");
  }
  return array;
}

H5Array<float> H5Reader::read_float(const std::string& dataset) const {
  return read_numbers<float>(dataset, H5T_NATIVE_FLOAT);
}
H5Array<double> H5Reader::read_double(const std::string& dataset) const {
  return read_numbers<double>(dataset, H5T_NATIVE_DOUBLE);
}
H5Array<std::int64_t> H5Reader::read_int(const std::string& dataset) const {
  const H5Handle handle = open_dataset(dataset);
  const H5Handle stored(H5Dget_type(handle.get()), H5Tclose);
  if (H5Tget_class(stored.get()) != H5T_FLOAT) {
    return read_numbers<std::int64_t>(dataset, H5T_NATIVE_INT64);
  }
  // Whole numbers stored as floats (numpy's default) are fine; 2.7 is not 2.
  const auto real = read_double(dataset);
  H5Array<std::int64_t> array{std::vector<std::int64_t>(real.data.size()), real.shape};
  for (std::size_t i = 0; i < real.data.size(); ++i) {
    const double value = real.data[i];
    if (!(std::trunc(value) == value && std::abs(value) < 9.2e18)) {
      fail(path_, ": dataset '", dataset, "' has ", value, " at index ", i,
           ", expected whole numbers");
    }
    array.data[i] = static_cast<std::int64_t>(value);
  }
  return array;
}

H5Array<bool> H5Reader::read_bool(const std::string& dataset) const {
  const H5Handle handle = open_dataset(dataset);
  const H5Handle stored(H5Dget_type(handle.get()), H5Tclose);
  H5Array<bool> array;
  std::vector<std::int8_t> flags;
  if (H5Tget_class(stored.get()) == H5T_ENUM) {
    array.shape = shape(dataset);
    flags.resize(product(array.shape));
    const H5Handle type = bool_type();
    if (!flags.empty() &&
        H5Dread(handle.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, flags.data()) < 0) {
      fail(path_, ": dataset '", dataset, "' is not a boolean enum (FALSE, TRUE) (", hdf5_reason(), ")");
    }
  } else {
    const auto numbers = read_int(dataset);
    array.shape = numbers.shape;
    for (std::size_t i = 0; i < numbers.data.size(); ++i) {
      if (numbers.data[i] != 0 && numbers.data[i] != 1) {
        fail(path_, ": dataset '", dataset, "' has ", numbers.data[i], " at index ", i,
             ", expected truth values (0 or 1)");
      }
      flags.push_back(static_cast<std::int8_t>(numbers.data[i]));
    }
  }
  array.data.assign(flags.begin(), flags.end());
  return array;
}

H5Handle H5Reader::open_attribute(const std::string& object, const std::string& name) const {
  if (!has_attribute(object, name)) {
    fail(path_, ": missing attribute '", name, "' on '", object.empty() ? "/" : object, "'");
  }
  const std::string where = object.empty() ? "/" : object;
  H5Handle attribute(H5Aopen_by_name(file_.get(), where.c_str(), name.c_str(), H5P_DEFAULT,
                                     H5P_DEFAULT),
                     H5Aclose);
  if (!attribute.valid()) {
    fail(path_, ": cannot open attribute '", name, "' of '", where, "' (", hdf5_reason(), ")");
  }
  return attribute;
}

bool H5Reader::has_attribute(const std::string& object, const std::string& name) const {
  const std::string where = object.empty() ? "/" : object;
  if (!exists(where)) return false;
  const htri_t found = H5Aexists_by_name(file_.get(), where.c_str(), name.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return found > 0;
}

std::string H5Reader::string_attribute(const std::string& object,
                                       const std::string& name) const {
  const H5Handle attribute = open_attribute(object, name);
  const H5Handle type(H5Aget_type(attribute.get()), H5Tclose);
  const H5Handle space(H5Aget_space(attribute.get()), H5Sclose);
  const auto where = [&] { return "attribute '" + name + "' of '" + (object.empty() ? "/" : object) + "'"; };
  if (H5Tget_class(type.get()) != H5T_STRING) {
    fail(path_, ": ", where(), " holds ", type_class_name(H5Tget_class(type.get())),
         ", expected text");
  }
  if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(path_, ": ", where(), " is not a single text");
  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable > 0) {
    const H5Handle memory = string_type();
    char* text = nullptr;
    if (H5Aread(attribute.get(), memory.get(), &text) < 0 || text == nullptr) {
      fail(path_, ": cannot read ", where(), " (", hdf5_reason(), ")");
    }
    std::string value(text);
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::string value(size, '\0');
  const H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(memory.get(), size);
  if (size == 0 || H5Aread(attribute.get(), memory.get(), value.data()) < 0) {
    fail(path_, ": cannot read ", where(), " (", hdf5_reason(), ")");
  }
  value.resize(std::min(value.size(), value.find('\0')));
  return value;
}

double H5Reader::double_attribute(const std::string& object, const std::string& name) const {
  const H5Handle attribute = open_attribute(object, name);
  const H5Handle type(H5Aget_type(attribute.get()), H5Tclose);
  const H5Handle space(H5Aget_space(attribute.get()), H5Sclose);
  const H5T_class_t type_class = H5Tget_class(type.get());
  const std::string where = "attribute '" + name + "' of '" + (object.empty() ? "/" : object) + "'";
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) {
    fail(path_, ": ", where, " holds ", type_class_name(type_class), ", expected a number");
  }
  if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(path_, ": ", where, " is not a single number");
  double value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value) < 0) {
    fail(path_, ": cannot read ", where, " (", hdf5_reason(), ")");
  }
  return value;
}

std::vector<std::string> H5Reader::members(const std::string& group) const {
  const std::string where = group.empty() ? "/" : group;
  if (!exists(where)) fail(path_, ": missing group '", group, "'");
  const H5O_type_t type = object_type(file_.get(), where);
  if (type != H5O_TYPE_GROUP) fail(path_, ": '", group, "' is ", kind_name(type), ", expected a group");
  const H5Handle opened(H5Gopen2(file_.get(), where.c_str(), H5P_DEFAULT), H5Gclose);
  H5G_info_t info{};
  if (!opened.valid() || H5Gget_info(opened.get(), &info) < 0) {
    fail(path_, ": cannot list group '", group, "' (", hdf5_reason(), ")");
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    names.push_back(indexed_name([&](char* name, std::size_t size) {
      return H5Lget_name_by_idx(opened.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, size,
                                H5P_DEFAULT);
    }));
    if (names.back().empty()) fail(path_, ": cannot list group '", group, "' (", hdf5_reason(), ")");
  }
  return names;
}

bool H5Reader::is_group(const std::string& path) const {
  return path.empty() || path == "/" ||
         (exists(path) && object_type(file_.get(), path) == H5O_TYPE_GROUP);
}

bool H5Reader::is_dataset(const std::string& path) const {
  return exists(path) && object_type(file_.get(), path) == H5O_TYPE_DATASET;
}

haddr_t H5Reader::address(const std::string& path) const {
  H5O_info_t info{};
  const std::string where = path.empty() ? "/" : path;
  if (!exists(where) || H5Oget_info_by_name(file_.get(), where.c_str(), &info, H5P_DEFAULT) < 0) {
    fail(path_, ": cannot open '", where, "' (", hdf5_reason(), ")");
  }
  return info.addr;
}

std::vector<std::string> H5Reader::attribute_names(const std::string& object) const {
  const std::string where = object.empty() ? "/" : object;
  if (!exists(where)) fail(path_, ": no object '", where, "'");
  const H5Handle handle(H5Oopen(file_.get(), where.c_str(), H5P_DEFAULT), H5Oclose);
  H5O_info_t info{};
  if (!handle.valid() || H5Oget_info(handle.get(), &info) < 0) {
    fail(path_, ": cannot open '", where, "' (", hdf5_reason(), ")");
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    names.push_back(indexed_name([&](char* name, std::size_t size) {
      return H5Aget_name_by_idx(handle.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, size,
                                H5P_DEFAULT);
    }));
    if (names.back().empty()) {
      fail(path_, ": cannot list the attributes of '", where, "' (", hdf5_reason(), ")");
    }
  }
  return names;
}

std::string H5Reader::attribute_text(const std::string& object, const std::string& name) const {
  const H5Handle attribute = open_attribute(object, name);
  const H5Handle type(H5Aget_type(attribute.get()), H5Tclose);
  const H5Handle space(H5Aget_space(attribute.get()), H5Sclose);
  const bool single = H5Sget_simple_extent_npoints(space.get()) == 1;
  switch (H5Tget_class(type.get())) {
    case H5T_STRING: return single ? string_attribute(object, name) : "(several texts)";
    case H5T_INTEGER: {
      std::int64_t value = 0;
      if (!single) return "(several integers)";
      if (H5Aread(attribute.get(), H5T_NATIVE_INT64, &value) < 0) {
        fail(path_, ": cannot read attribute '", name, "' (", hdf5_reason(), ")");
      }
      return std::to_string(value);
    }
    case H5T_FLOAT: {
      if (!single) return "(several numbers)";
      std::ostringstream text;
      text << double_attribute(object, name);
      return text.str();
    }
    default: return "(unsupported attribute type)";
  }
}

MatrixF read_matrix(const H5Reader& reader, const std::string& dataset) {
  const auto array = reader.read_float(dataset);
  if (array.shape.size() > 2) {
    fail(reader.path(), ": dataset '", dataset, "' has ", array.shape.size(),
         " dimensions, expected at most 2");
  }
  const auto rows = static_cast<Index>(array.shape.empty() ? 1 : array.shape[0]);
  const auto cols = static_cast<Index>(array.shape.size() < 2 ? 1 : array.shape[1]);
  return Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      array.data.data(), rows, cols);
}

}  // namespace prospect::core

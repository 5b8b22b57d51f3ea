#include "core/h5_file.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "core/error.h"

namespace prospect::core {
namespace {

struct SilenceHdf5 {
  SilenceHdf5() { H5::Exception::dontPrint(); }
};
const SilenceHdf5 silence_hdf5;

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
  // H5Lexists needs every intermediate link to exist: check them in turn.
  std::string prefix;
  for (const auto& part : split_path(path)) {
    prefix += "/" + part;
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

// An HDF5 object opened by path through the C API, closed on scope exit.
class ObjectHandle {
 public:
  ObjectHandle(hid_t file, const std::string& path, const std::string& file_name)
      : id_(H5Oopen(file, path.empty() ? "/" : path.c_str(), H5P_DEFAULT)) {
    if (id_ < 0) fail(file_name, ": no object '", path, "'");
  }
  ~ObjectHandle() { H5Oclose(id_); }
  ObjectHandle(const ObjectHandle&) = delete;
  ObjectHandle& operator=(const ObjectHandle&) = delete;
  hid_t id() const { return id_; }

 private:
  hid_t id_;
};

void replace_attribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
}

void write_scalar_attribute(hid_t object, const std::string& name, hid_t type,
                            const void* value, const std::string& where) {
  replace_attribute(object, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attribute = H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t status = attribute < 0 ? -1 : H5Awrite(attribute, type, value);
  if (attribute >= 0) H5Aclose(attribute);
  H5Sclose(space);
  if (status < 0) fail(where, ": cannot write attribute '", name, "'");
}

H5::H5File open_file(const std::string& path, unsigned flags) {
  if (flags != H5F_ACC_TRUNC && H5Fis_hdf5(path.c_str()) <= 0) {
    fail(path, ": not a readable HDF5 file");
  }
  try {
    return H5::H5File(path, flags);
  } catch (const H5::Exception& e) {
    fail(path, ": cannot open (", e.getDetailMsg(), ")");
  }
}

const H5::LinkCreatPropList& intermediate_groups() {
  static const H5::LinkCreatPropList list = [] {
    H5::LinkCreatPropList l;
    l.setCreateIntermediateGroup(true);
    return l;
  }();
  return list;
}

}  // namespace

AppendableDataset::AppendableDataset(H5::DataSet dataset, std::vector<hsize_t> frame_shape,
                                     std::string where)
    : dataset_(std::move(dataset)),
      frame_shape_(std::move(frame_shape)),
      frame_elements_(product(frame_shape_)),
      where_(std::move(where)) {}

void AppendableDataset::append(const float* data, hsize_t frames) {
  try {
    std::vector<hsize_t> size{frames_ + frames};
    size.insert(size.end(), frame_shape_.begin(), frame_shape_.end());
    dataset_.extend(size.data());
    H5::DataSpace file_space = dataset_.getSpace();
    std::vector<hsize_t> offset(size.size(), 0);
    offset[0] = frames_;
    std::vector<hsize_t> count = size;
    count[0] = frames;
    file_space.selectHyperslab(H5S_SELECT_SET, count.data(), offset.data());
    H5::DataSpace memory_space(static_cast<int>(count.size()), count.data());
    dataset_.write(data, H5::PredType::NATIVE_FLOAT, memory_space, file_space);
    frames_ += frames;
  } catch (const H5::Exception& e) {
    fail(where_, ": cannot append to dataset: ", e.getDetailMsg());
  }
}

H5Writer::H5Writer(const std::string& path, Mode mode)
    : path_(path), file_(open_file(path, mode == Mode::truncate ? H5F_ACC_TRUNC : H5F_ACC_RDWR)) {}

std::string H5Writer::absolute_path(const std::string& path) const {
  const auto parts = split_path(path);
  if (parts.empty()) fail(path_, ": empty dataset path");
  std::string absolute;
  for (const auto& part : parts) absolute += "/" + part;
  return absolute;
}

std::string H5Writer::replace_link(const std::string& path) {
  const std::string absolute = absolute_path(path);
  if (link_exists(file_.getId(), absolute)) H5Ldelete(file_.getId(), absolute.c_str(), H5P_DEFAULT);
  return absolute;
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             const std::string& value) {
  const ObjectHandle handle(file_.getId(), object, path_);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const char* text = value.c_str();
  write_scalar_attribute(handle.id(), name, type, &text, path_ + ":" + object);
  H5Tclose(type);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name, double value) {
  const ObjectHandle handle(file_.getId(), object, path_);
  write_scalar_attribute(handle.id(), name, H5T_NATIVE_DOUBLE, &value, path_ + ":" + object);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::int64_t value) {
  const ObjectHandle handle(file_.getId(), object, path_);
  write_scalar_attribute(handle.id(), name, H5T_NATIVE_INT64, &value, path_ + ":" + object);
}

template <typename T>
void H5Writer::write_typed(const std::string& path, const std::vector<hsize_t>& shape,
                           const T* data, const H5::PredType& type) {
  try {
    // A dataset of the same type and shape is overwritten in place: files
    // that rewrite a checkpoint every epoch do not grow with dead space.
    const std::string absolute = absolute_path(path);
    if (link_exists(file_.getId(), absolute)) {
      H5::DataSet existing = file_.openDataSet(absolute);
      const H5::DataSpace existing_space = existing.getSpace();
      std::vector<hsize_t> extent(static_cast<std::size_t>(existing_space.getSimpleExtentNdims()));
      existing_space.getSimpleExtentDims(extent.data());
      if (extent == shape && existing.getDataType() == type) {
        existing.write(data, type);
        return;
      }
    }
    H5::DataSpace space(static_cast<int>(shape.size()), shape.data());
    H5::DataSet dataset = file_.createDataSet(replace_link(path), type, space,
                                              H5::DSetCreatPropList::DEFAULT,
                                              H5::DSetAccPropList::DEFAULT, intermediate_groups());
    dataset.write(data, type);
  } catch (const H5::Exception& e) {
    fail(path_, ": cannot write dataset '", path, "' (", e.getDetailMsg(), ")");
  }
}

void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const float* data) {
  write_typed(path, shape, data, H5::PredType::NATIVE_FLOAT);
}
void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const double* data) {
  write_typed(path, shape, data, H5::PredType::NATIVE_DOUBLE);
}
void H5Writer::write(const std::string& path, const std::vector<hsize_t>& shape,
                     const std::int64_t* data) {
  write_typed(path, shape, data, H5::PredType::NATIVE_INT64);
}
void H5Writer::write(const std::string& path, const std::vector<double>& values) {
  write(path, {values.size()}, values.data());
}

void H5Writer::write_strings(const std::string& path, const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  for (const auto& value : values) pointers.push_back(value.c_str());
  try {
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    const hsize_t size = values.size();
    H5::DataSpace space(1, &size);
    H5::DataSet dataset = file_.createDataSet(replace_link(path), type, space,
                                              H5::DSetCreatPropList::DEFAULT,
                                              H5::DSetAccPropList::DEFAULT, intermediate_groups());
    dataset.write(pointers.data(), type);
  } catch (const H5::Exception& e) {
    fail(path_, ": cannot write dataset '", path, "' (", e.getDetailMsg(), ")");
  }
}

AppendableDataset H5Writer::appendable(const std::string& path,
                                       const std::vector<hsize_t>& frame_shape,
                                       hsize_t chunk_frames) {
  try {
    std::vector<hsize_t> initial{0};
    std::vector<hsize_t> maximum{H5S_UNLIMITED};
    std::vector<hsize_t> chunk{std::max<hsize_t>(1, chunk_frames)};
    for (const hsize_t extent : frame_shape) {
      initial.push_back(extent);
      maximum.push_back(extent);
      chunk.push_back(std::max<hsize_t>(1, extent));
    }
    H5::DataSpace space(static_cast<int>(initial.size()), initial.data(), maximum.data());
    H5::DSetCreatPropList properties;
    properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
    properties.setShuffle();
    properties.setDeflate(4);
    H5::DataSet dataset =
        file_.createDataSet(replace_link(path), H5::PredType::NATIVE_FLOAT, space, properties,
                            H5::DSetAccPropList::DEFAULT, intermediate_groups());
    return AppendableDataset(dataset, frame_shape, path_ + ":" + path);
  } catch (const H5::Exception& e) {
    fail(path_, ": cannot create dataset '", path, "' (", e.getDetailMsg(), ")");
  }
}

void H5Writer::flush() { file_.flush(H5F_SCOPE_GLOBAL); }

H5Reader::H5Reader(const std::string& path) : path_(path), file_(open_file(path, H5F_ACC_RDONLY)) {}

bool H5Reader::exists(const std::string& path) const {
  return link_exists(file_.getId(), path);
}

std::vector<hsize_t> H5Reader::shape(const std::string& dataset) const {
  if (!exists(dataset)) fail(path_, ": missing dataset '", dataset, "'");
  if (is_group(dataset)) fail(path_, ": '", dataset, "' is a group, not a dataset");
  const H5::DataSpace space = file_.openDataSet(dataset).getSpace();
  std::vector<hsize_t> dims(static_cast<std::size_t>(space.getSimpleExtentNdims()));
  space.getSimpleExtentDims(dims.data());
  return dims;
}

template <typename T>
H5Array<T> H5Reader::read_typed(const std::string& dataset, const H5::PredType& type) const {
  H5Array<T> array;
  array.shape = shape(dataset);
  array.data.resize(product(array.shape));
  try {
    file_.openDataSet(dataset).read(array.data.data(), type);
  } catch (const H5::Exception& e) {
    fail(path_, ": cannot read dataset '", dataset, "' (", e.getDetailMsg(), ")");
  }
  return array;
}

H5Array<float> H5Reader::read_float(const std::string& dataset) const {
  return read_typed<float>(dataset, H5::PredType::NATIVE_FLOAT);
}
H5Array<double> H5Reader::read_double(const std::string& dataset) const {
  return read_typed<double>(dataset, H5::PredType::NATIVE_DOUBLE);
}
H5Array<std::int64_t> H5Reader::read_int(const std::string& dataset) const {
  return read_typed<std::int64_t>(dataset, H5::PredType::NATIVE_INT64);
}

H5::Attribute H5Reader::open_attribute(const std::string& object,
                                       const std::string& name) const {
  if (!has_attribute(object, name)) {
    fail(path_, ": missing attribute '", name, "' on '", object, "'");
  }
  const std::string where = object.empty() ? "/" : object;
  if (where == "/" || file_.childObjType(where) == H5O_TYPE_GROUP) {
    return file_.openGroup(where).openAttribute(name);
  }
  return file_.openDataSet(where).openAttribute(name);
}

bool H5Reader::has_attribute(const std::string& object, const std::string& name) const {
  const std::string where = object.empty() ? "/" : object;
  if (where != "/" && !exists(where)) return false;
  return H5Aexists_by_name(file_.getId(), where.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string H5Reader::string_attribute(const std::string& object,
                                       const std::string& name) const {
  const H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_STRING) {
    fail(path_, ": attribute '", name, "' on '", object, "' is not a string");
  }
  std::string value;
  attribute.read(attribute.getStrType(), value);
  return value;
}

double H5Reader::double_attribute(const std::string& object, const std::string& name) const {
  const H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_FLOAT && attribute.getTypeClass() != H5T_INTEGER) {
    fail(path_, ": attribute '", name, "' on '", object, "' is not a number");
  }
  double value = 0;
  attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

std::vector<std::string> H5Reader::members(const std::string& group) const {
  if (group != "/" && !exists(group)) fail(path_, ": missing group '", group, "'");
  if (!is_group(group)) fail(path_, ": '", group, "' is not a group");
  const H5::Group opened = file_.openGroup(group);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < opened.getNumObjs(); ++i) names.push_back(opened.getObjnameByIdx(i));
  return names;
}

bool H5Reader::is_group(const std::string& path) const {
  return path == "/" || (exists(path) && file_.childObjType(path) == H5O_TYPE_GROUP);
}

std::vector<std::string> H5Reader::attribute_names(const std::string& object) const {
  const ObjectHandle handle(file_.getId(), object, path_);
  H5O_info_t info;
  H5Oget_info(handle.id(), &info);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    char name[256];
    H5Aget_name_by_idx(handle.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                       H5P_DEFAULT);
    names.emplace_back(name);
  }
  return names;
}

std::string H5Reader::attribute_text(const std::string& object, const std::string& name) const {
  const H5::Attribute attribute = open_attribute(object, name);
  switch (attribute.getTypeClass()) {
    case H5T_STRING: return string_attribute(object, name);
    case H5T_INTEGER: {
      std::int64_t value = 0;
      attribute.read(H5::PredType::NATIVE_INT64, &value);
      return std::to_string(value);
    }
    case H5T_FLOAT: {
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

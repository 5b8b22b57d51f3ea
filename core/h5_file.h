#pragma once
// HDF5 input and output through the HDF5 C API. Paths are slash-separated
// ("trajectories/layer1/u"); groups are created on demand. Every failure is
// an Error naming the file and the dataset or attribute, with the reason
// HDF5 or the system gives (a full disk, a file size limit, a damaged file).
//
// A writer never writes the file at its path directly: it writes a scratch
// copy beside it (core/staged_file.h) and puts it in place at commit() and
// close(). Until then the path keeps what it held before; a writer destroyed
// without close() (an error, an interrupt) leaves the path at its last commit.

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "core/units.h"

namespace prospect::core {

class StagedFile;

// An array read from a file: row-major data and its shape.
template <typename T>
struct H5Array {
  std::vector<T> data;
  std::vector<hsize_t> shape;
  hsize_t elements() const { return data.size(); }
};

// An HDF5 identifier, closed on scope exit (failures to close are ignored:
// a writer that failed is being discarded anyway).
class H5Handle {
 public:
  H5Handle() = default;
  H5Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  H5Handle& operator=(H5Handle&& other) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();
  hid_t release();

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

// A dataset with an unlimited first dimension that grows one frame (or a
// block of frames) at a time: chunked, shuffled and deflated.
class AppendableDataset {
 public:
  AppendableDataset() = default;
  AppendableDataset(H5Handle dataset, std::vector<hsize_t> frame_shape, std::string where);

  // Appends `frames` frames of row-major float data.
  void append(const float* data, hsize_t frames = 1);
  hsize_t frames() const { return frames_; }

 private:
  H5Handle dataset_;
  std::vector<hsize_t> frame_shape_;
  hsize_t frame_elements_ = 0;
  hsize_t frames_ = 0;
  std::string where_;  // "<file>: cannot append to dataset '<path>'"
};

class H5Writer {
 public:
  enum class Mode {
    replace,  // a new file, which replaces whatever is at the path when committed
    update,   // the file at the path (a new one if there is none) with what is written added
  };
  explicit H5Writer(const std::string& path, Mode mode = Mode::replace);
  ~H5Writer();
  H5Writer(H5Writer&&) noexcept;
  H5Writer& operator=(H5Writer&&) noexcept;

  const std::string& path() const { return path_; }
  // Whether a commit now would put this writer's first version over a file
  // that was at the path before it started (Mode::replace).
  bool would_replace_earlier_file() const;

  void set_attribute(const std::string& object, const std::string& name,
                     const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value);

  // Writes a whole array: in place over a dataset of the same path, type and
  // shape, else replacing whatever is at that path. `unit` (core/units.h)
  // becomes the dataset's `unit` attribute; units::none only for data with no
  // physical meaning of its own (a checkpoint's resume state).
  void write(const std::string& path, const std::vector<hsize_t>& shape, const float* data,
             const std::string& unit);
  void write(const std::string& path, const std::vector<hsize_t>& shape, const double* data,
             const std::string& unit);
  void write(const std::string& path, const std::vector<hsize_t>& shape,
             const std::int64_t* data, const std::string& unit);
  void write(const std::string& path, const std::vector<double>& values, const std::string& unit);
  // Truth values as h5py writes numpy bools (an enum FALSE = 0, TRUE = 1 of
  // 8-bit integers, read back as bool); they have no unit.
  void write(const std::string& path, const std::vector<hsize_t>& shape, const bool* data);
  // A 1-D dataset of variable-length UTF-8 strings (h5py reads str).
  void write_strings(const std::string& path, const std::vector<std::string>& values);

  // Creates a float dataset of shape (0, frame_shape...) that grows along time.
  AppendableDataset appendable(const std::string& path, const std::vector<hsize_t>& frame_shape,
                               const std::string& unit, hsize_t chunk_frames = 64);

  // Writes what HDF5 holds in memory to the scratch file.
  void flush();
  // Flushes and puts a copy at path(): what readers see from now on (a checkpoint).
  void commit();
  // The last commit: the file is complete. Nothing can be written afterwards.
  // A writer destroyed without close() is discarded (an error, an interrupt);
  // without an error in flight that is a mistake, and it says so on stderr.
  void close();

 private:
  hid_t file() const;
  std::string absolute_path(const std::string& path) const;
  // Deletes an existing link at `path` so it can be recreated; returns the absolute path.
  std::string replace_link(const std::string& path);
  void set_attribute(const std::string& object, const std::string& name, hid_t type,
                     const void* value);
  void write_typed(const std::string& path, const std::vector<hsize_t>& shape, const void* data,
                   hid_t type);
  void set_unit(const std::string& path, const std::string& unit);
  void check_not_input() const;

  std::string path_;
  Mode mode_ = Mode::replace;
  int uncaught_at_start_ = 0;  // a writer destroyed unclosed without an error in flight was forgotten
  std::unique_ptr<StagedFile> staged_;  // declared before file_: closed after it
  H5Handle file_;
};

class H5Reader {
 public:
  explicit H5Reader(const std::string& path);

  const std::string& path() const { return path_; }
  bool exists(const std::string& path) const;
  // The shape of a dataset; an error if `dataset` is missing or not a dataset.
  std::vector<hsize_t> shape(const std::string& dataset) const;

  H5Array<float> read_float(const std::string& dataset) const;
  H5Array<double> read_double(const std::string& dataset) const;
  // Integers; a floating-point dataset is read only if every value is a whole
  // number (else an error naming the first value that is not).
  H5Array<std::int64_t> read_int(const std::string& dataset) const;
  // Truth values (the enum h5py writes for numpy bools, or integers 0/1).
  H5Array<bool> read_bool(const std::string& dataset) const;

  bool has_attribute(const std::string& object, const std::string& name) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double double_attribute(const std::string& object, const std::string& name) const;

  // Names of the members of a group.
  std::vector<std::string> members(const std::string& group) const;
  bool is_group(const std::string& path) const;
  bool is_dataset(const std::string& path) const;
  // Where the object at `path` is stored: the same for every hard link to it
  // (a walk through the groups uses it to stop at links back up the tree).
  haddr_t address(const std::string& path) const;
  std::vector<std::string> attribute_names(const std::string& object) const;
  // Any scalar attribute (string, float or integer) as text, for display.
  std::string attribute_text(const std::string& object, const std::string& name) const;

 private:
  H5Handle open_dataset(const std::string& dataset) const;
  H5Handle open_attribute(const std::string& object, const std::string& name) const;
  template <typename T>
  H5Array<T> read_numbers(const std::string& dataset, hid_t type) const;

  std::string path_;
  H5Handle file_;
};

// Reads a 2-D dataset into a column-major matrix with the same row/column meaning.
MatrixF read_matrix(const H5Reader& reader, const std::string& dataset);

}  // namespace prospect::core

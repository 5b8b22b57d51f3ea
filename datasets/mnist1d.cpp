#include "datasets/mnist1d.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/file_system.h"
#include "core/gaussian_filter.h"
#include "core/grid.h"
#include "core/h5_file.h"
#include "core/random.h"
#include "core/run_inputs.h"
#include "datasets/data_fingerprint.h"

namespace prospect::datasets {
namespace {

// The original's digit templates (greydanus/mnist1d, data.py, get_templates).
constexpr std::array<std::array<double, mnist1d_template_points>, mnist1d_classes> raw_templates{{
    {5, 6, 6.5, 6.75, 7, 7, 7, 7, 6.75, 6.5, 6, 5},
    {5, 3, 3, 3.4, 3.8, 4.2, 4.6, 5, 5.4, 5.8, 5, 5},
    {5, 6, 6.5, 6.5, 6, 5.25, 4.75, 4, 3.5, 3.5, 4, 5},
    {5, 6, 6.5, 6.5, 6, 5, 5, 6, 6.5, 6.5, 6, 5},
    {5, 4.4, 3.8, 3.2, 2.6, 2.6, 5, 5, 5, 5, 5, 5},
    {5, 3, 3, 3, 3, 5, 6, 6.5, 6.5, 6, 4.5, 5},
    {5, 4, 3.5, 3.25, 3, 3, 3, 3, 3.25, 3.5, 4, 5},
    {5, 7, 7, 6.6, 6.2, 5.8, 5.4, 5, 4.6, 4.2, 5, 5},
    {5, 4, 3.5, 3.5, 4, 5, 5, 4, 3.5, 3.5, 4, 5},
    {5, 4, 3.5, 3.5, 4, 5, 5, 5, 5, 4.7, 4.3, 5},
}};

// Added to the template so that none of its points is exactly zero: exact
// zeros mark the padding that receives correlated noise.
constexpr double template_eps = 1e-8;

// numpy.interp for increasing xp: exact hits return fp, outside the range the
// end values. (scipy's interp1d 'linear' on 1-D float data delegates to it.)
std::vector<double> interp(const std::vector<double>& x, const std::vector<double>& xp,
                           const std::vector<double>& fp) {
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double value = x[i];
    if (value < xp.front()) {
      out[i] = fp.front();
    } else if (value >= xp.back()) {
      out[i] = fp.back();
    } else {
      const auto j =
          static_cast<std::size_t>(std::upper_bound(xp.begin(), xp.end(), value) - xp.begin() - 1);
      if (value == xp[j]) {
        out[i] = fp[j];
      } else {
        const double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        out[i] = slope * (value - xp[j]) + fp[j];
      }
    }
  }
  return out;
}

// The original's interpolate(x, n): samples on linspace(0, 1, len) resampled
// to linspace(0, 1, n).
std::vector<double> stretch(const std::vector<double>& values, Index n) {
  return interp(core::linspace(0.0, 1.0, n),
                core::linspace(0.0, 1.0, static_cast<Index>(values.size())), values);
}

void check_settings(const Mnist1dSettings& s) {
  const auto require = [](bool ok, const char* name, auto value, const char* expected) {
    if (!ok) fail("MNIST-1D setting '", name, "' = ", value, ", expected ", expected);
  };
  require(s.num_samples >= mnist1d_classes, "num_samples", s.num_samples, ">= 10 (one per class)");
  require(s.train_split >= 0.0 && s.train_split <= 1.0, "train_split", s.train_split, "in [0, 1]");
  require(s.padding_min >= 0, "padding_min", s.padding_min, ">= 0");
  require(s.padding_max >= s.padding_min, "padding_max", s.padding_max, ">= padding_min");
  require(s.scale_coeff >= 0.0 && s.scale_coeff < 2.0, "scale_coeff", s.scale_coeff,
          "in [0, 2) so that the amplitude factor stays positive");
  require(s.max_translation >= 1 && s.max_translation <= mnist1d_template_points + s.padding_max,
          "max_translation", s.max_translation, "in [1, 12 + padding_max]");
  require(s.corr_noise_scale >= 0.0 && std::isfinite(s.corr_noise_scale), "corr_noise_scale",
          s.corr_noise_scale, "a finite value >= 0");
  require(s.corr_noise_sigma > 0.0 && std::isfinite(s.corr_noise_sigma), "corr_noise_sigma",
          s.corr_noise_sigma, "a finite value > 0");
  require(s.iid_noise_scale >= 0.0 && std::isfinite(s.iid_noise_scale), "iid_noise_scale",
          s.iid_noise_scale, "a finite value >= 0");
  require(s.shear_scale >= 0.0 && std::isfinite(s.shear_scale), "shear_scale", s.shear_scale,
          "a finite value >= 0");
  require(s.final_seq_length >= 2, "final_seq_length", s.final_seq_length, ">= 2");
}

// One sample from one template: the original's transform(), draws in its order.
std::vector<double> transform(const std::vector<double>& digit, const Mnist1dSettings& s,
                              core::Rng& rng) {
  const Index dilated = mnist1d_template_points + s.padding_max;

  const int padding =
      s.padding_min + static_cast<int>(rng.uniform() * (s.padding_max - s.padding_min + 1));
  std::vector<double> padded(digit.size() + static_cast<std::size_t>(padding), 0.0);
  for (std::size_t i = 0; i < digit.size(); ++i) padded[i] = digit[i] + template_eps;
  std::vector<double> x = stretch(padded, dilated);

  const double scale = 1.0 + s.scale_coeff * (rng.uniform() - 0.5);
  for (double& v : x) v *= scale;

  const auto shift =
      static_cast<std::ptrdiff_t>(rng.below(static_cast<std::uint64_t>(s.max_translation)));
  std::rotate(x.begin(), x.end() - shift, x.end());  // np.roll(x, shift)

  std::vector<double> noise(x.size());
  for (double& v : noise) v = s.corr_noise_scale * rng.normal();
  const std::vector<double> corr = core::gaussian_filter(noise, s.corr_noise_sigma);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0.0) x[i] = corr[i];
  }

  for (double& v : x) v += s.iid_noise_scale * rng.normal();

  const double shear = s.shear_scale * (rng.uniform() - 0.5);
  const std::vector<double> ramp = core::linspace(-0.5, 0.5, dilated);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] -= shear * ramp[i];

  return stretch(x, s.final_seq_length);
}

void check_finite(const std::string& path, const std::string& dataset,
                  const std::vector<float>& values, hsize_t columns) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      fail(path, ": dataset '", dataset, "' has a non-finite value (", values[i], ") at sample ",
           i / columns, ", step ", i % columns, "; expected finite values");
    }
  }
}

SampleMatrix read_samples(const core::H5Reader& reader, const std::string& dataset) {
  if (!reader.exists(dataset)) {
    fail(reader.path(), ": missing dataset '", dataset,
         "' (an MNIST-1D file holds x, y, x_test and y_test)");
  }
  const auto array = reader.read_float(dataset);
  if (array.shape.size() != 2) {
    fail(reader.path(), ": dataset '", dataset, "' has ", array.shape.size(),
         " dimensions, expected 2 (samples x length)");
  }
  if (array.shape[1] == 0) fail(reader.path(), ": dataset '", dataset, "' has length 0");
  check_finite(reader.path(), dataset, array.data, array.shape[1]);
  return Eigen::Map<const SampleMatrix>(array.data.data(), static_cast<Index>(array.shape[0]),
                                        static_cast<Index>(array.shape[1]));
}

LabelVector read_labels(const core::H5Reader& reader, const std::string& dataset,
                        Index expected_size, const std::string& samples) {
  if (!reader.exists(dataset)) {
    fail(reader.path(), ": missing dataset '", dataset,
         "' (an MNIST-1D file holds x, y, x_test and y_test)");
  }
  const auto array = reader.read_int(dataset);
  if (array.shape.size() != 1) {
    fail(reader.path(), ": dataset '", dataset, "' has ", array.shape.size(),
         " dimensions, expected 1 (one label per sample)");
  }
  if (static_cast<Index>(array.shape[0]) != expected_size) {
    fail(reader.path(), ": dataset '", dataset, "' has ", array.shape[0], " labels but '", samples,
         "' has ", expected_size, " samples");
  }
  LabelVector labels(expected_size);
  for (Index i = 0; i < expected_size; ++i) {
    const std::int64_t label = array.data[static_cast<std::size_t>(i)];
    if (label < 0 || label >= mnist1d_classes) {
      fail(reader.path(), ": dataset '", dataset, "' has label ", label, " at index ", i,
           ", expected 0..9");
    }
    labels(i) = static_cast<int>(label);
  }
  return labels;
}

}  // namespace

MatrixD mnist1d_templates() {
  MatrixD templates(mnist1d_classes, mnist1d_template_points);
  for (Index d = 0; d < mnist1d_classes; ++d) {
    const auto& raw = raw_templates[static_cast<std::size_t>(d)];
    for (Index i = 0; i < mnist1d_template_points; ++i)
      templates(d, i) = raw[static_cast<std::size_t>(i)];
  }
  // The original's whitening: zero mean, unit (population) std, then shifted
  // so that each digit starts (and ends) at 0, and scaled by 1/6.
  for (Index d = 0; d < mnist1d_classes; ++d) {
    auto row = templates.row(d);
    row.array() -= row.mean();
    row /= std::sqrt(row.squaredNorm() / static_cast<double>(mnist1d_template_points));
    row.array() -= row(0);
    row /= 6.0;
  }
  return templates;
}

VectorD mnist1d_template_time() {
  VectorD t(mnist1d_template_points);
  const auto grid = core::linspace(-5.0, 5.0, mnist1d_template_points);
  for (Index i = 0; i < mnist1d_template_points; ++i)
    t(i) = grid[static_cast<std::size_t>(i)] / 6.0;
  return t;
}

Mnist1d load_mnist1d(const std::string& path) {
  core::note_input_file(path, "the MNIST-1D data file");
  const core::H5Reader reader(path);
  Mnist1d data;
  data.train.x = read_samples(reader, "x");
  data.test.x = read_samples(reader, "x_test");
  if (data.test.x.cols() != data.train.x.cols()) {
    fail(path, ": dataset 'x_test' has length ", data.test.x.cols(), ", expected ", data.train.x.cols(),
         " as in 'x'");
  }
  data.train.y = read_labels(reader, "y", data.train.x.rows(), "x");
  data.test.y = read_labels(reader, "y_test", data.test.x.rows(), "x_test");
  data.train.classes = data.test.classes = mnist1d_classes;
  if (reader.exists("t")) {
    const auto t = reader.read_double("t");
    if (t.shape.size() != 1 || static_cast<Index>(t.shape[0]) != data.length()) {
      fail(path, ": dataset 't' must be 1-D with ", data.length(), " values (the length of 'x')");
    }
    data.t = Eigen::Map<const VectorD>(t.data.data(), data.length());
  }
  note_data("MNIST-1D data", core::canonical_path(path), {&data.train, &data.test});
  return data;
}

Mnist1d generate_mnist1d(const Mnist1dSettings& settings, std::uint64_t seed) {
  check_settings(settings);
  core::Rng rng(seed);
  const MatrixD templates = mnist1d_templates();
  const Index per_class = settings.num_samples / mnist1d_classes;
  const Index total = per_class * mnist1d_classes;
  const Index length = settings.final_seq_length;

  // Class by class, as the original, then one shuffle.
  MatrixD xs(total, length);
  std::vector<int> ys(static_cast<std::size_t>(total));
  std::vector<double> digit(mnist1d_template_points);
  for (Index label = 0; label < mnist1d_classes; ++label) {
    for (Index i = 0; i < mnist1d_template_points; ++i)
      digit[static_cast<std::size_t>(i)] = templates(label, i);
    for (Index k = 0; k < per_class; ++k) {
      const Index row = label * per_class + k;
      const std::vector<double> sample = transform(digit, settings, rng);
      xs.row(row) = Eigen::Map<const Eigen::RowVectorXd>(sample.data(), length);
      ys[static_cast<std::size_t>(row)] = static_cast<int>(label);
    }
  }
  const std::vector<Index> order = core::shuffled_indices(total, rng);

  // Whole-set standardisation (train and test together), as the original.
  const double mean = xs.mean();
  const double deviation = std::sqrt((xs.array() - mean).square().mean());

  Mnist1d data;
  const auto train = static_cast<Index>(static_cast<double>(total) * settings.train_split);
  data.train.x.resize(train, length);
  data.train.y.resize(train);
  data.test.x.resize(total - train, length);
  data.test.y.resize(total - train);
  data.train.classes = data.test.classes = mnist1d_classes;
  for (Index i = 0; i < total; ++i) {
    const Index source = order[static_cast<std::size_t>(i)];
    auto target = i < train ? data.train.x.row(i) : data.test.x.row(i - train);
    target = ((xs.row(source).array() - mean) / deviation).cast<float>();
    (i < train ? data.train.y(i) : data.test.y(i - train)) = ys[static_cast<std::size_t>(source)];
  }

  const VectorD t0 = mnist1d_template_time();
  const std::vector<double> t =
      stretch(stretch(std::vector<double>(t0.data(), t0.data() + t0.size()),
                      mnist1d_template_points + settings.padding_max),
              length);
  data.t = Eigen::Map<const VectorD>(t.data(), length) / deviation;
  note_data("MNIST-1D data", "generated with seed " + std::to_string(seed), {&data.train, &data.test});
  return data;
}

Mnist1d resample(const Mnist1d& data, Index length) {
  if (length < 2) fail("MNIST-1D resample: length ", length, ", expected >= 2");
  if (data.length() < 2) {
    fail("MNIST-1D resample: data length ", data.length(), ", expected >= 2");
  }
  const auto resample_rows = [&](const SampleMatrix& in) {
    SampleMatrix out(in.rows(), length);
    std::vector<double> row(static_cast<std::size_t>(in.cols()));
    for (Index r = 0; r < in.rows(); ++r) {
      for (Index c = 0; c < in.cols(); ++c) row[static_cast<std::size_t>(c)] = in(r, c);
      const std::vector<double> stretched = stretch(row, length);
      for (Index c = 0; c < length; ++c)
        out(r, c) = static_cast<float>(stretched[static_cast<std::size_t>(c)]);
    }
    return out;
  };
  Mnist1d out;
  out.train = {resample_rows(data.train.x), data.train.y, data.train.classes};
  out.test = {resample_rows(data.test.x), data.test.y, data.test.classes};
  if (data.t.size() == data.length()) {
    const std::vector<double> t =
        stretch(std::vector<double>(data.t.data(), data.t.data() + data.t.size()), length);
    out.t = Eigen::Map<const VectorD>(t.data(), length);
  }
  return out;
}

}  // namespace prospect::datasets

#pragma once
// MNIST-1D (Greydanus 2020): ten 1-D "digit" templates turned into noisy,
// shifted, sheared sequences. Loaded from HDF5 or generated natively.
//
// Layout: each split is a LabelledSet (labelled_set.h), one sample per row of
// a row-major (samples x length) float matrix, so `x.row(i)` is one contiguous
// sequence and streaming sample i step by step walks memory in order. Labels
// are ints in 0..9, one per row.
//
// The generator follows greydanus/mnist1d (mnist1d/data.py, make_dataset and
// get_templates; mnist1d/transform.py, transform), step for step per sample:
//   1. template + 1e-8 (so no template point is exactly zero), then append
//      padding_min..padding_max zeros (uniform integer);
//   2. "dilate": linear interpolation of the padded signal to
//      template_len + padding_max = 72 points (the longer the padding, the
//      narrower the digit);
//   3. scale by 1 + scale_coeff * (u - 0.5);
//   4. translate: roll right by k, k uniform in 0..max_translation-1;
//   5. where the signal is exactly zero (the padding), replace it by
//      correlated noise: corr_noise_scale * N(0,1), Gaussian-filtered with
//      sigma corr_noise_sigma (scipy.ndimage.gaussian_filter, mode 'reflect',
//      truncate 4);
//   6. add iid_noise_scale * N(0,1) everywhere;
//   7. shear: subtract shear_scale * (u - 0.5) * linspace(-0.5, 0.5, 72);
//   8. linear interpolation (numpy.interp) to final_seq_length points.
// Samples are made class by class (num_samples / 10 each), shuffled with one
// permutation, then the whole set (train and test together) is centred and
// divided by its standard deviation, and split: the first
// int(n * train_split) are the training set. The time axis `t` is the
// original's: linspace(-5, 5, 12) / 6 taken through both interpolations and
// divided by the raw standard deviation.
//
// Decisions: all draws come from prospect::core::Rng, in the original's order
// (pad, scale, translation, 72 correlated normals, 72 iid normals, shear per
// sample, then the permutation by Fisher-Yates), so a seed fixes the data but
// numpy's stream (and so the published file) is not reproduced bit for bit;
// the statistics are. Arithmetic is double until the final float32 store.
// The original's shuffle_seq option (off by default) is not offered.

#include <cstdint>
#include <string>

#include "core/types.h"
#include "datasets/labelled_set.h"

namespace prospect::datasets {

inline constexpr int mnist1d_classes = 10;
inline constexpr int mnist1d_template_points = 12;

struct Mnist1d {
  LabelledSet train;  // (train samples, length), labels 0..9 (the file's x, y)
  LabelledSet test;   // (test samples, length) (the file's x_test, y_test)
  VectorD t;          // (length) time axis; empty when a loaded file has none

  Index length() const { return train.features(); }
};

// The original's get_dataset_args() defaults.
struct Mnist1dSettings {
  int num_samples = 5000;    // train + test; a multiple of 10 is used (num_samples / 10 per class)
  double train_split = 0.8;  // fraction of the shuffled samples that are training samples
  int padding_min = 36;      // zeros appended to the 12-point template, inclusive range
  int padding_max = 60;
  double scale_coeff = 0.4;  // amplitude factor 1 + scale_coeff * U(-0.5, 0.5)
  int max_translation = 48;  // roll by 0..max_translation-1 points of the 72
  double corr_noise_scale = 0.25;
  double corr_noise_sigma = 2.0;  // [points] Gaussian filter width, fixed at 2 in the original
  double iid_noise_scale = 0.02;
  double shear_scale = 0.75;  // linear ramp slope U(-0.5, 0.5) * shear_scale
  int final_seq_length = 40;  // points per output sample (the GLE paper uses 360)
};

// The ten 12-point templates after the original's whitening (row = digit),
// and their time axis linspace(-5, 5, 12) / 6.
MatrixD mnist1d_templates();
VectorD mnist1d_template_time();

// Reads datasets x (N x L float), y (N int), x_test (M x L), y_test (M) and,
// if present, t (L). Throws prospect::Error naming the file and dataset for a
// missing dataset, wrong rank, mismatched sizes, labels outside 0..9 or
// non-finite values.
Mnist1d load_mnist1d(const std::string& path);

// Generates a data set as described above; the same settings and seed give
// identical data. Throws prospect::Error naming a setting that is out of range.
Mnist1d generate_mnist1d(const Mnist1dSettings& settings, std::uint64_t seed);

// Linear interpolation of every sample (and t) to `length` points on the same
// [0, 1] grid the generator uses. Not re-standardised, so it is close to, but
// not the same as, generating at that length.
Mnist1d resample(const Mnist1d& data, Index length);

}  // namespace prospect::datasets

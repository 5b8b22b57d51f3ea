#include "training/dead_output_units.h"

#include <cmath>
#include <limits>

#include "core/error.h"

namespace prospect::training {
namespace {

const std::string kCounts = "metrics/epoch/dead_output_units";
const std::string kFractions = "metrics/epoch/own_class_drive_below_beta";

}  // namespace

DeadOutputUnits::DeadOutputUnits(int classes, double beta, double fraction)
    : classes_(classes), threshold_(static_cast<float>(-beta)), beta_(beta), fraction_(fraction),
      below_(static_cast<std::size_t>(classes)), seen_(static_cast<std::size_t>(classes)) {
  if (!(fraction > 0 && fraction <= 1)) {
    fail("dead output units: fraction ", fraction, ", expected one in (0, 1]");
  }
}

void DeadOutputUnits::add(const MatrixF& drive, const datasets::LabelledSet& set,
                          const std::vector<Index>& rows) {
  if (drive.rows() != classes_ || drive.cols() != static_cast<Index>(rows.size())) {
    fail("dead output units: a drive of ", drive.rows(), " × ", drive.cols(), " for ", classes_,
         " classes and ", rows.size(), " samples");
  }
  for (Index j = 0; j < drive.cols(); ++j) {
    const int c = set.y(rows[static_cast<std::size_t>(j)]);
    const auto k = static_cast<std::size_t>(c);
    ++seen_[k];
    below_[k] += drive(c, j) < threshold_;
  }
}

long DeadOutputUnits::end_epoch() {
  long dead = 0;
  for (std::size_t c = 0; c < below_.size(); ++c) {
    const double f = seen_[c] == 0 ? std::numeric_limits<double>::quiet_NaN()
                                   : static_cast<double>(below_[c]) / static_cast<double>(seen_[c]);
    fractions_.push_back(f);
    dead += f >= fraction_;
    below_[c] = seen_[c] = 0;
  }
  counts_.push_back(static_cast<double>(dead));
  return dead;
}

std::vector<double> DeadOutputUnits::fractions(long epoch) const {
  const auto first = fractions_.begin() + (epoch - 1) * classes_;
  return {first, first + classes_};
}

long DeadOutputUnits::count(long epoch) const {
  return static_cast<long>(counts_.at(static_cast<std::size_t>(epoch - 1)));
}

void DeadOutputUnits::write(core::H5Writer& file) const {
  file.write(kCounts, counts_, core::units::one);
  file.set_attribute(kCounts, "beta", beta_);
  file.set_attribute(kCounts, "fraction", fraction_);
  file.write(kFractions, {counts_.size(), static_cast<hsize_t>(classes_)}, fractions_.data(), core::units::one);
}

void DeadOutputUnits::restore(const core::H5Reader& file, long epochs) {
  const auto counts = file.read_double(kCounts);
  const auto fractions = file.read_double(kFractions);
  const auto needed = static_cast<hsize_t>(epochs);
  if (counts.elements() < needed) {
    fail(file.path(), ": '", kCounts, "' has ", counts.elements(), " epochs, the checkpoint ", epochs);
  }
  if (fractions.shape.size() != 2 || fractions.shape[0] < needed ||
      fractions.shape[1] != static_cast<hsize_t>(classes_)) {
    fail(file.path(), ": '", kFractions, "' is not (at least ", epochs, " epochs) × ", classes_,
         " classes");
  }
  counts_.assign(counts.data.begin(), counts.data.begin() + epochs);
  fractions_.assign(fractions.data.begin(), fractions.data.begin() + epochs * classes_);
}

}  // namespace prospect::training

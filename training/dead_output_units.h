#pragma once
// Output units that a classifier's free state leaves out of the nudge's
// reach on their own class (docs/ep.md, "EP-MLP on Fashion-MNIST"): for
// each class c, the fraction of its evaluation images on which output unit
// c's drive (its input before the hard sigmoid) is below −β. There the +β
// nudge cannot lift the unit off σ's flat lower part, so those images give
// it no update. A unit is dead when that fraction is at least a threshold.
//
// Per epoch, in the run file:
//   /metrics/epoch/dead_output_units            (epochs)            attrs beta, fraction
//   /metrics/epoch/own_class_drive_below_beta   (epochs, classes)   NaN: no image of the class

#include <vector>

#include "core/h5_file.h"
#include "datasets/labelled_set.h"

namespace prospect::training {

class DeadOutputUnits {
 public:
  DeadOutputUnits(int classes, double beta, double fraction);

  // One evaluation batch: the output drive (classes × batch) of rows `rows` of `set`.
  void add(const MatrixF& drive, const datasets::LabelledSet& set, const std::vector<Index>& rows);
  // Closes the epoch's evaluation: keeps its fractions and count, returns the count.
  long end_epoch();

  long epochs() const { return static_cast<long>(counts_.size()); }
  // The fractions of epoch `epoch` (1-based), one per class.
  std::vector<double> fractions(long epoch) const;
  long count(long epoch) const;

  // Writes every epoch so far (a run file holds them up to the last epoch).
  void write(core::H5Writer& file) const;
  // The first `epochs` epochs of a run file being resumed.
  void restore(const core::H5Reader& file, long epochs);

 private:
  int classes_;
  float threshold_;  // −β, in the drive's precision
  double beta_, fraction_;
  std::vector<long> below_, seen_;  // of the epoch being evaluated, per class
  std::vector<double> fractions_;   // epochs × classes, row-major
  std::vector<double> counts_;
};

}  // namespace prospect::training

#pragma once
// A series of gradient-fidelity reports (core/gradient_fidelity.h), one per
// epoch or window, written into a run file under
//   /metrics/fidelity/<comparison>/<axis>                       (N)  epoch, time, ...
//   /metrics/fidelity/<comparison>/<tensor>/<measure>           (N)  per parameter tensor
//   /metrics/fidelity/<comparison>/all/<measure>                (N)  all tensors flattened
//   /metrics/fidelity/<comparison>/all/weighted_cosine          (N)  numel-weighted mean cosine
// with measures cosine, norm_ratio, abs_log10_norm_ratio, relative_error,
// sign_agreement, both_nonzero_fraction, reference_norm, candidate_norm.
// Attributes: the group's candidate, reference and axis; each tensor group's numel.
// write() rewrites the whole series in place, so it can be called after
// every epoch; restore() takes a resumed run's first entries back.

#include <string>
#include <vector>

#include "core/gradient_fidelity.h"
#include "core/h5_file.h"

namespace prospect::core {

class FidelityLog {
 public:
  // `comparison` is one path component (e.g. "gle_vs_bptt2"); `candidate`
  // and `reference` say what was compared; `axis` names the series' axis
  // and `axis_unit` its unit (core/units.h). Every measure is dimensionless.
  FidelityLog(std::string comparison, std::string candidate, std::string reference,
              std::string axis, std::string axis_unit);

  // Appends a report; every report must compare the same tensors.
  void add(double axis_value, const FidelityReport& report);
  std::size_t size() const { return axis_.size(); }
  const std::string& group() const { return group_; }

  void write(H5Writer& file) const;
  // Replaces the series with the first `entries` entries stored in `file`
  // (none stored and `entries` 0: an empty series).
  void restore(const H5Reader& file, std::size_t entries);

 private:
  struct TensorSeries {
    std::string name;
    Index numel = 0;
    std::vector<std::vector<double>> measures;  // one column per measure
  };
  TensorSeries& series_for(const TensorFidelity& tensor);

  std::string comparison_, candidate_, reference_, axis_name_, axis_unit_, group_;
  std::vector<double> axis_;
  std::vector<TensorSeries> tensors_;  // the report's tensors, then "all"
  std::vector<double> weighted_cosine_;
};

}  // namespace prospect::core

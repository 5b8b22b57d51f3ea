#pragma once
// Gradient fidelity: how closely one gradient set (the candidate, e.g. GLE's
// online gradient or EP's) follows another (the reference, e.g. the adjoint
// method's exact gradient), per parameter tensor and over all tensors
// flattened together. Tensors are matched by parameter name; only their
// gradient buffers are read. core/fidelity_log.h writes reports into a run
// file under /metrics/fidelity/<comparison>/.
//
// With r the reference and c the candidate gradient of a tensor:
//   cosine                 ⟨c, r⟩ / (‖c‖ ‖r‖)
//   norm_ratio             ‖c‖ / ‖r‖
//   abs_log10_norm_ratio   |log10(‖c‖ / ‖r‖)|      (0: same length; 1: a factor 10 apart)
//   relative_error         ‖c − r‖ / max(‖c‖, ‖r‖)   (0 … 2)
//   sign_agreement         fraction of the entries where both are nonzero that have the same sign
//   both_nonzero_fraction  fraction of all entries where both are nonzero
// Zero gradients give defined values, never NaN:
//   both norms zero        cosine 1, norm_ratio 1, abs_log10 0, relative_error 0
//   only ‖r‖ zero          cosine 0, norm_ratio +inf, abs_log10 +inf, relative_error 1
//   only ‖c‖ zero          cosine 0, norm_ratio 0, abs_log10 +inf, relative_error 1
//   no entry where both are nonzero: sign_agreement 1 (nothing disagrees),
//   both_nonzero_fraction 0 tells it is empty.
// A non-finite gradient entry is an error naming the comparison and tensor.

#include <string>
#include <vector>

#include "core/parameter.h"

namespace prospect::core {

struct TensorFidelity {
  std::string name;  // the parameter's name, or "all"
  Index numel = 0;
  double reference_norm = 0, candidate_norm = 0;
  double cosine = 1;
  double norm_ratio = 1;
  double abs_log10_norm_ratio = 0;
  double relative_error = 0;
  double sign_agreement = 1;
  double both_nonzero_fraction = 0;
};

struct FidelityReport {
  std::vector<TensorFidelity> tensors;  // in the reference's order
  TensorFidelity all;                   // every tensor flattened into one vector
  double weighted_cosine = 1;           // Σ numel · cosine / Σ numel over the tensors (1 if all are empty)
};

// Compares the gradient buffers of two parameter lists with the same names
// and sizes (in any order). `comparison` names the pair in error messages.
template <typename Reference, typename Candidate>
FidelityReport gradient_fidelity(const ParameterList<Reference>& reference,
                                 const ParameterList<Candidate>& candidate,
                                 const std::string& comparison);

}  // namespace prospect::core

#include "core/gradient_fidelity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/divergence.h"
#include "core/error.h"

namespace prospect::core {
namespace {

// Sums over the entries of one tensor (or of all): enough for every measure,
// and additive, so the flattened "all" is the sum over the tensors.
struct Sums {
  Index numel = 0, both_nonzero = 0, same_sign = 0;
  double dot = 0, reference_square = 0, candidate_square = 0, difference_square = 0;

  Sums& operator+=(const Sums& other) {
    numel += other.numel;
    both_nonzero += other.both_nonzero;
    same_sign += other.same_sign;
    dot += other.dot;
    reference_square += other.reference_square;
    candidate_square += other.candidate_square;
    difference_square += other.difference_square;
    return *this;
  }
};

template <typename Reference, typename Candidate>
Sums sum_tensor(const ParameterRef<Reference>& r, const ParameterRef<Candidate>& c,
                const std::string& comparison) {
  Sums s;
  s.numel = r.size;
  for (Index i = 0; i < r.size; ++i) {
    const double a = static_cast<double>(r.gradient[i]);
    const double b = static_cast<double>(c.gradient[i]);
    if (!std::isfinite(a) || !std::isfinite(b)) {
      std::ostringstream where;
      where << "gradient fidelity '" << comparison << "': the "
            << (std::isfinite(a) ? "candidate" : "reference") << " gradient of '" << r.name
            << "' is not finite at entry " << i << " (" << (std::isfinite(a) ? b : a) << ")";
      throw Diverged(where.str());
    }
    s.dot += a * b;
    s.reference_square += a * a;
    s.candidate_square += b * b;
    s.difference_square += (b - a) * (b - a);
    if (a != 0 && b != 0) {
      ++s.both_nonzero;
      if ((a > 0) == (b > 0)) ++s.same_sign;
    }
  }
  return s;
}

TensorFidelity measures(std::string name, const Sums& s) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  TensorFidelity f;
  f.name = std::move(name);
  f.numel = s.numel;
  f.reference_norm = std::sqrt(s.reference_square);
  f.candidate_norm = std::sqrt(s.candidate_square);
  const double larger = std::max(f.reference_norm, f.candidate_norm);
  if (f.reference_norm > 0 && f.candidate_norm > 0) {
    f.cosine = std::clamp(s.dot / (f.reference_norm * f.candidate_norm), -1.0, 1.0);
    f.norm_ratio = f.candidate_norm / f.reference_norm;
    f.abs_log10_norm_ratio = std::abs(std::log10(f.norm_ratio));
    f.relative_error = std::sqrt(s.difference_square) / larger;
  } else if (larger > 0) {  // exactly one of them is zero
    f.cosine = 0;
    f.norm_ratio = f.reference_norm > 0 ? 0 : infinity;
    f.abs_log10_norm_ratio = infinity;
    f.relative_error = 1;
  }
  if (s.both_nonzero > 0) {
    f.sign_agreement = static_cast<double>(s.same_sign) / static_cast<double>(s.both_nonzero);
  }
  if (s.numel > 0) {
    f.both_nonzero_fraction = static_cast<double>(s.both_nonzero) / static_cast<double>(s.numel);
  }
  return f;
}

}  // namespace

template <typename Reference, typename Candidate>
FidelityReport gradient_fidelity(const ParameterList<Reference>& reference,
                                 const ParameterList<Candidate>& candidate,
                                 const std::string& comparison) {
  if (reference.empty()) fail("gradient fidelity '", comparison, "': no parameters to compare");
  if (reference.size() != candidate.size()) {
    fail("gradient fidelity '", comparison, "': the reference has ", reference.size(),
         " parameter tensors, the candidate ", candidate.size());
  }
  FidelityReport report;
  Sums all;
  double weighted_cosine = 0;
  for (const auto& r : reference) {
    if (r.name == "all") fail("gradient fidelity '", comparison, "': a parameter is named 'all'");
    const auto c = std::find_if(candidate.begin(), candidate.end(),
                                [&](const auto& p) { return p.name == r.name; });
    if (c == candidate.end()) {
      fail("gradient fidelity '", comparison, "': the candidate has no parameter '", r.name, "'");
    }
    if (c->size != r.size) {
      fail("gradient fidelity '", comparison, "': parameter '", r.name, "' has ", r.size,
           " entries in the reference, ", c->size, " in the candidate");
    }
    const Sums s = sum_tensor(r, *c, comparison);
    all += s;
    report.tensors.push_back(measures(r.name, s));
    weighted_cosine += static_cast<double>(s.numel) * report.tensors.back().cosine;
  }
  report.all = measures("all", all);
  if (all.numel > 0) report.weighted_cosine = weighted_cosine / static_cast<double>(all.numel);
  return report;
}

template FidelityReport gradient_fidelity(const ParameterList<float>&, const ParameterList<float>&,
                                          const std::string&);
template FidelityReport gradient_fidelity(const ParameterList<double>&, const ParameterList<double>&,
                                          const std::string&);
template FidelityReport gradient_fidelity(const ParameterList<float>&, const ParameterList<double>&,
                                          const std::string&);
template FidelityReport gradient_fidelity(const ParameterList<double>&, const ParameterList<float>&,
                                          const std::string&);

}  // namespace prospect::core

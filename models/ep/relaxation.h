#pragma once
// The two ways of relaxing an EP network, chosen at run time:
//
//   reference  the published code's synchronous discrete map s ← σ(F(s)):
//              exactly T1 steps in the free phase, T2 in each nudged phase
//              (docs/ep_model.md §4.3, §5). The map is deterministic, so once the
//              whole batch repeats a state (a fixed point, or a cycle of
//              period p <= 8 as float32 rounding can leave), the remaining
//              steps are known without computing them: the result is the
//              same bit for bit.
//   ode        τ ds/dt = −s + σ(F(s)) on the ODE layer (Euler or RK4),
//              settled by integrators::settle to max|ds/dt| <= tolerance, or
//              an error naming the phase, the residual and the step (a
//              non-finite state is core::Diverged, at its step). Euler
//              with dt = τ is the reference map.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "integrators/scheme_kind.h"
#include "integrators/stepper.h"
#include "models/ep/network.h"

namespace prospect::ep {

enum class Phase { free, plus, minus };  // nudged with +β, −β
inline constexpr core::NamedValue<Phase> kPhaseNames[] = {
    {Phase::free, "free"}, {Phase::plus, "plus"}, {Phase::minus, "minus"}};

using integrators::SchemeKind;

struct PhaseSummary {
  long steps = 0;       // steps of the phase
  long computed = 0;    // of which were computed (reference: the rest repeat a cycle)
  double residual = 0;  // max|s(last) − s(last − 1)| / dt
};

// Called after every step with the state after it (step 1, 2, ...).
template <typename Scalar>
using StepObserver = std::function<void(const Vector<Scalar>& state, long step)>;

template <typename Scalar>
class Relaxation {
 public:
  virtual ~Relaxation() = default;
  // Relaxes `state` in place under nudging β towards `target`.
  virtual PhaseSummary relax(Network<Scalar>& network, Vector<Scalar>& state, Phase phase,
                             Scalar beta, const Matrix<Scalar>* target,
                             const StepObserver<Scalar>& observer) = 0;
  virtual SchemeKind kind() const = 0;
};

template <typename Scalar>
class ReferenceRelaxation final : public Relaxation<Scalar> {
 public:
  static constexpr long kLongestCycle = 8;

  ReferenceRelaxation(long free_steps, long nudged_steps, bool skip_cycles = true);
  PhaseSummary relax(Network<Scalar>& network, Vector<Scalar>& state, Phase phase, Scalar beta,
                     const Matrix<Scalar>* target, const StepObserver<Scalar>& observer) override;
  SchemeKind kind() const override { return SchemeKind::reference; }

  // `steps` steps of the map; `what` names the phase in errors.
  PhaseSummary run(Network<Scalar>& network, Vector<Scalar>& state, long steps, Scalar beta,
                   const Matrix<Scalar>* target, const StepObserver<Scalar>& observer,
                   const std::string& what);

 private:
  long free_steps_, nudged_steps_;
  bool skip_cycles_;
  std::vector<Vector<Scalar>> ring_;  // the last kLongestCycle + 1 states
  std::vector<std::uint64_t> fingerprints_ = std::vector<std::uint64_t>(kLongestCycle + 1);
};

struct OdeSettings {
  integrators::StepperKind stepper = integrators::StepperKind::euler;
  double tau = 1;           // [time]
  double dt = 1;            // [time], <= tau
  double tolerance = 1e-6;  // on max|ds/dt| [1/time]
  long max_steps = 1000;    // per phase
  void validate() const;
};

template <typename Scalar>
class OdeRelaxation final : public Relaxation<Scalar>, public integrators::OdeSystem<Scalar> {
 public:
  explicit OdeRelaxation(const OdeSettings& settings);
  PhaseSummary relax(Network<Scalar>& network, Vector<Scalar>& state, Phase phase, Scalar beta,
                     const Matrix<Scalar>* target, const StepObserver<Scalar>& observer) override;
  SchemeKind kind() const override { return SchemeKind::ode; }
  void derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) override;

 private:
  OdeSettings settings_;
  integrators::Stepper<Scalar> stepper_;
  // The phase being relaxed.
  Network<Scalar>* network_ = nullptr;
  Scalar beta_ = 0;
  const Matrix<Scalar>* target_ = nullptr;
  std::string what_;
  Vector<Scalar> drive_;
};

struct SchemeSettings {
  SchemeKind kind = SchemeKind::reference;
  long free_steps = 60;   // T1 (reference)
  long nudged_steps = 12; // T2 (reference)
  OdeSettings ode;
};

template <typename Scalar>
std::unique_ptr<Relaxation<Scalar>> make_relaxation(const SchemeSettings& settings);

}  // namespace prospect::ep

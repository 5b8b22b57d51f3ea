#include "models/ep/relaxation.h"

#include "core/divergence.h"
#include "core/error.h"
#include "core/options.h"
#include "integrators/settle.h"

namespace prospect::ep {

namespace {

std::string phase_name(Phase phase) { return "EP " + core::name_of(ep::kPhaseNames, phase) + " phase"; }

}  // namespace

template <typename Scalar>
ReferenceRelaxation<Scalar>::ReferenceRelaxation(long free_steps, long nudged_steps,
                                                 bool skip_cycles)
    : free_steps_(free_steps),
      nudged_steps_(nudged_steps),
      skip_cycles_(skip_cycles),
      ring_(static_cast<std::size_t>(kLongestCycle + 1)) {}

template <typename Scalar>
PhaseSummary ReferenceRelaxation<Scalar>::relax(Network<Scalar>& network, Vector<Scalar>& state,
                                                Phase phase, Scalar beta,
                                                const Matrix<Scalar>* target,
                                                const StepObserver<Scalar>& observer) {
  const long steps = phase == Phase::free ? free_steps_ : nudged_steps_;
  return run(network, state, steps, beta, target, observer, phase_name(phase));
}

template <typename Scalar>
PhaseSummary ReferenceRelaxation<Scalar>::run(Network<Scalar>& network, Vector<Scalar>& state,
                                              long steps, Scalar beta,
                                              const Matrix<Scalar>* target,
                                              const StepObserver<Scalar>& observer,
                                              const std::string& what) {
  const auto slots = static_cast<long>(ring_.size());
  const auto slot = [this, slots](long step) -> Vector<Scalar>& {
    return ring_[static_cast<std::size_t>(step % slots)];
  };
  PhaseSummary summary;
  summary.steps = steps;
  if (steps == 0) return summary;
  slot(0) = state;
  fingerprints_[0] = 0;  // the start state is never compared: it may not be σ's image
  long k = 0;
  long period = 0;
  core::StopCheck stop_if_requested;
  while (k < steps) {
    stop_if_requested([&] { return "in " + what + " at step " + std::to_string(k + 1); });
    const StepCheck check = network.step(slot(k), slot(k + 1), beta, target);
    if (!check.finite) {
      throw core::Diverged(what + ": the state is not finite at step " + std::to_string(k + 1));
    }
    ++k;
    fingerprints_[static_cast<std::size_t>(k % slots)] = check.fingerprint;
    if (observer) observer(slot(k), k);
    if (!skip_cycles_) continue;
    for (long p = 1; p <= std::min(k - 1, kLongestCycle); ++p) {
      if (fingerprints_[static_cast<std::size_t>((k - p) % slots)] == check.fingerprint &&
          slot(k) == slot(k - p)) {
        period = p;
        break;
      }
    }
    if (period > 0) break;
  }
  summary.computed = k;
  // s(n) = s(k − p + (n − k) mod p) for n >= k once s(k) = s(k − p).
  const auto cycled = [&](long n) -> const Vector<Scalar>& {
    return n <= k ? slot(n) : slot(k - period + (n - k) % period);
  };
  if (observer) {
    for (long n = k + 1; n <= steps; ++n) observer(cycled(n), n);
  }
  state = cycled(steps);
  summary.residual =
      static_cast<double>((cycled(steps) - cycled(steps - 1)).cwiseAbs().maxCoeff());
  return summary;
}

void OdeSettings::validate() const {
  if (!(tau > 0)) core::fail_value("network.tau", std::to_string(tau), "expected > 0");
  if (!(dt > 0 && dt <= tau)) {
    core::fail_value("integrator.dt", std::to_string(dt), "expected 0 < dt <= network.tau = " + std::to_string(tau));
  }
  if (!(tolerance >= 0)) core::fail_value("integrator.tolerance", std::to_string(tolerance), "expected >= 0");
  if (max_steps < 1) core::fail_value("integrator.max_steps", std::to_string(max_steps), "expected >= 1");
}

template <typename Scalar>
OdeRelaxation<Scalar>::OdeRelaxation(const OdeSettings& settings)
    : settings_(settings), stepper_(settings.stepper) {
  settings_.validate();
}

template <typename Scalar>
void OdeRelaxation<Scalar>::derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) {
  network_->drive(x, drive_, beta_, target_);
  if (!drive_.allFinite()) {
    throw core::Diverged(what_ + ": the drive is not finite in step " +
                         std::to_string(static_cast<long>(t / settings_.dt) + 1));
  }
  const auto tau = static_cast<Scalar>(settings_.tau);
  for (Index i = 0; i < x.size(); ++i) dxdt[i] = (hard_sigmoid(drive_[i]) - x[i]) / tau;
}

template <typename Scalar>
PhaseSummary OdeRelaxation<Scalar>::relax(Network<Scalar>& network, Vector<Scalar>& state,
                                          Phase phase, Scalar beta, const Matrix<Scalar>* target,
                                          const StepObserver<Scalar>& observer) {
  network_ = &network;
  beta_ = beta;
  target_ = target;
  what_ = phase_name(phase) + " (" + core::name_of(integrators::kStepperNames, settings_.stepper) + ", dt " +
          std::to_string(settings_.dt) + ", tau " + std::to_string(settings_.tau) + ")";
  integrators::Settling settling;
  settling.dt = settings_.dt;
  settling.tolerance = settings_.tolerance;
  settling.max_steps = settings_.max_steps;
  settling.min_steps = 1;
  const auto settled = integrators::settle(stepper_, *this, state, settling, what_,
                                           [&observer](const Vector<Scalar>& x, long step) {
                                             if (observer) observer(x, step);
                                           });
  return {settled.steps, settled.steps, settled.residual};
}

template <typename Scalar>
std::unique_ptr<Relaxation<Scalar>> make_relaxation(const SchemeSettings& settings) {
  if (settings.kind == SchemeKind::reference) {
    return std::make_unique<ReferenceRelaxation<Scalar>>(settings.free_steps,
                                                         settings.nudged_steps);
  }
  return std::make_unique<OdeRelaxation<Scalar>>(settings.ode);
}

template class ReferenceRelaxation<float>;
template class ReferenceRelaxation<double>;
template class OdeRelaxation<float>;
template class OdeRelaxation<double>;
template std::unique_ptr<Relaxation<float>> make_relaxation(const SchemeSettings&);
template std::unique_ptr<Relaxation<double>> make_relaxation(const SchemeSettings&);

}  // namespace prospect::ep

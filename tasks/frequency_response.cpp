#include "tasks/frequency_response.h"

#include <cmath>
#include <numbers>
#include <sstream>

#include "core/divergence.h"
#include "core/error.h"
#include "core/spectral.h"

namespace prospect::tasks {

std::vector<std::vector<std::complex<double>>> measure_response(
    integrators::DrivenModel& model, const std::vector<SignalPair>& pairs,
    const std::vector<double>& omegas, const SweepSettings& settings) {
  if (!(settings.dt > 0)) fail("sweep: dt = ", settings.dt, " must be > 0");
  if (!(settings.periods >= 1)) fail("sweep: periods = ", settings.periods, " must be >= 1");
  if (!(settings.transient >= 0)) fail("sweep: transient = ", settings.transient, " must be >= 0");
  std::vector<std::pair<Index, Index>> columns;  // (signal, reference) positions
  for (const auto& pair : pairs) {
    columns.emplace_back(model.signal_index(pair.signal), model.signal_index(pair.reference));
  }
  const double dt = settings.dt;
  // Step counts from the settings, checked before they become integers.
  const auto steps_of = [](double steps, const char* what) {
    if (!(steps <= 1e15)) fail("sweep: ", what, " of ", steps, " steps, more than a run can count");
    return static_cast<long>(steps);
  };
  const long transient_steps =
      steps_of(std::ceil(settings.transient * model.settling_time() / dt), "a transient");
  const bool backward = settings.direction == TimeDirection::backward;

  std::vector<std::vector<std::complex<double>>> response(pairs.size());
  integrators::Stepper<double> stepper(settings.stepper);
  VectorD x(model.state_size()), dxdt(model.state_size());
  for (const double omega : omegas) {
    const long fitted_steps =
        steps_of(std::ceil(settings.periods * 2 * std::numbers::pi / (omega * dt)), "a fit");
    const long steps = transient_steps + fitted_steps;
    const double end = static_cast<double>(steps) * dt;
    if (backward) {
      model.set_drive([omega, end](double s) { return std::sin(omega * (end - s)); });
    } else {
      model.set_drive([omega](double t) { return std::sin(omega * t); });
    }
    MatrixD recorded(fitted_steps + 1, static_cast<Index>(model.signal_names().size()));
    x.setZero();
    for (long k = 0; k <= steps; ++k) {
      const double t = static_cast<double>(k) * dt;
      model.observe_state(x, t, dxdt);
      if (k >= transient_steps) recorded.row(k - transient_steps) = model.observed().transpose();
      if (k < steps) stepper.step(model, x, dxdt, t, dt);
    }
    if (!recorded.allFinite()) {
      const auto where = [&] {
        std::ostringstream text;
        text << "transfer sweep at omega = " << omega << " (dt = " << dt << " too large for the "
             << core::name_of(integrators::kStepperNames, settings.stepper) << " stepper?)";
        return text.str();
      };
      core::require_finite(model, "", where);
      throw core::Diverged(where() + ": a recorded signal is not finite");
    }
    if (backward) recorded.colwise().reverseInPlace();
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      const auto fit = core::lock_in(recorded.col(columns[p].second),
                                     recorded.col(columns[p].first), dt, {omega});
      response[p].push_back(fit.components[0].transfer);
    }
  }
  return response;
}

void write_gain_phase(core::H5Writer& file, const std::string& group, const std::string& prefix,
                      const std::vector<std::complex<double>>& h) {
  std::vector<double> gain, phase;
  for (const auto& z : h) {
    gain.push_back(std::abs(z));
    phase.push_back(std::arg(z));
  }
  file.write(group + "/" + prefix + "gain", gain, core::units::one);
  file.write(group + "/" + prefix + "phase", phase, core::units::rad);
}

}  // namespace prospect::tasks

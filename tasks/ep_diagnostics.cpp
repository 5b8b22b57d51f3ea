#include "tasks/ep_diagnostics.h"

#include <map>
#include <memory>

#include "core/fidelity_log.h"
#include "core/recorder.h"
#include "runs/model_recording.h"

namespace prospect::tasks {

void record_relaxations(ep::Learner& learner, const MatrixF& input, const MatrixF& target,
                        const std::string& prefix, core::H5Writer& file) {
  core::Recorder recorder(file);
  std::vector<Index> samples(static_cast<std::size_t>(input.cols()));
  for (Index i = 0; i < input.cols(); ++i) samples[static_cast<std::size_t>(i)] = i;
  const std::vector<ep::Phase> phases = learner.settings().symmetric
                                            ? std::vector{ep::Phase::free, ep::Phase::plus, ep::Phase::minus}
                                            : std::vector{ep::Phase::free, ep::Phase::plus};
  std::map<ep::Phase, std::unique_ptr<runs::ModelRecording>> recordings;
  for (const auto phase : phases) {
    recordings[phase] = std::make_unique<runs::ModelRecording>(
        recorder, prefix + "/" + core::name_of(ep::kPhaseNames, phase), learner, samples,
        runs::ModelRecording::What::signals);
  }
  learner.set_observer([&](ep::Phase phase, long) { recordings[phase]->record_signals(); });
  try {
    learner.relax_phases(input, target);
  } catch (...) {
    learner.set_observer({});
    throw;
  }
  learner.set_observer({});
  recorder.flush();
  for (const auto phase : phases) {
    const auto& s = learner.summary(phase);
    const std::string group = "trajectories/" + prefix + "/" + core::name_of(ep::kPhaseNames, phase) + "/";
    file.write(group + "steps", {static_cast<double>(s.steps)}, core::units::one);
    file.write(group + "computed_steps", {static_cast<double>(s.computed)}, core::units::one);
    file.write(group + "residual", {s.residual}, core::units::one);
  }
  file.flush();
}

void write_gdu(ep::Learner& learner, const MatrixF& input, const MatrixF& target,
               const ep::GduSettings& settings, const std::string& label, core::H5Writer& file) {
  const auto result = ep::gdu_check(learner.network(), input, target, settings);
  for (const auto& [nudging, reports] : {std::pair{"one_sided", &result.one_sided},
                                         std::pair{"symmetric", &result.symmetric}}) {
    core::FidelityLog log("gdu_" + std::string(nudging) + "_" + label,
                          std::string("ep_") + nudging, "bptt", "step", core::units::one);
    for (std::size_t k = 0; k < reports->size(); ++k) {
      log.add(static_cast<double>(k + 1), (*reports)[k]);
    }
    log.write(file);
  }
  file.write("metrics/gdu/" + label + "/free_residual", {result.free_residual}, core::units::one);
  file.write("metrics/gdu/" + label + "/loss", {result.loss}, core::units::one);
  file.set_attribute("metrics/gdu/" + label, "beta", settings.beta);
  file.set_attribute("metrics/gdu/" + label, "samples", static_cast<std::int64_t>(input.cols()));
  file.flush();
}

}  // namespace prospect::tasks

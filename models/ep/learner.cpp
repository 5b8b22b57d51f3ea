#include "models/ep/learner.h"

#include <cmath>

#include "core/error.h"
#include "core/loss.h"
#include "core/options.h"
#include "models/ep/bptt.h"

namespace prospect::ep {

void LearnerSettings::validate(const Architecture& architecture) const {
  if (scheme.free_steps < 1) {
    core::fail_value("relaxation.free_steps", std::to_string(scheme.free_steps), "expected >= 1");
  }
  if (scheme.nudged_steps < 1) {
    core::fail_value("relaxation.nudged_steps", std::to_string(scheme.nudged_steps), "expected >= 1");
  }
  if (algorithm == Algorithm::ep && !(beta > 0)) {
    core::fail_value("beta", std::to_string(beta), "expected > 0 (the sign comes from nudging)");
  }
  if (algorithm == Algorithm::bptt) {
    if (scheme.kind != SchemeKind::reference) {
      core::fail_value("integrator.scheme", core::name_of(integrators::kSchemeNames, scheme.kind),
                       "algorithm 'bptt' runs through the reference map: expected reference");
    }
    if (scheme.nudged_steps > scheme.free_steps) {
      core::fail_value("relaxation.nudged_steps", std::to_string(scheme.nudged_steps),
                       "BPTT's window T2 must not exceed the free phase T1 = " +
                           std::to_string(scheme.free_steps));
    }
  }
  if (scheme.kind == SchemeKind::ode) scheme.ode.validate();
  if (!layer_rates.empty() && static_cast<Index>(layer_rates.size()) != architecture.depth()) {
    core::fail_value("optimizer.lrs", std::to_string(layer_rates.size()) + " values",
                     "expected one rate per layer (" + std::to_string(architecture.depth()) + ")");
  }
  for (const double rate : layer_rates) {
    if (!(rate > 0 && std::isfinite(rate))) {
      core::fail_value("optimizer.lrs", std::to_string(rate), "every rate must be finite and > 0");
    }
  }
}

Learner::Learner(Network<float> network, const LearnerSettings& settings)
    : network_(std::move(network)),
      settings_(settings),
      relaxation_(make_relaxation<float>(settings.scheme)),
      bptt_relaxation_(std::make_unique<ReferenceRelaxation<float>>(
          settings.scheme.free_steps, settings.scheme.nudged_steps)) {
  settings_.validate(network_.architecture());
}

core::ParameterList<float> Learner::parameter_refs() {
  auto refs = network_.parameter_refs();
  if (settings_.layer_rates.empty()) return refs;
  std::size_t next = 0;
  for (const auto& p : network_.pathways()) {
    const Index layer = p.kind == PathwayKind::apical ? p.target + 1 : p.target;
    const double scale = settings_.layer_rates[static_cast<std::size_t>(layer - 1)];
    const std::size_t tensors = p.bias.size() > 0 ? 2 : 1;
    for (std::size_t t = 0; t < tensors; ++t) refs[next++].rate_scale = scale;
  }
  return refs;
}

std::vector<core::Probe<float>> Learner::probes() const {
  // While an observer runs, the step it observes; otherwise the last batch's
  // free state (before the first batch: no samples).
  const auto probed = [this]() -> const Vector<float>* {
    return observed_ != nullptr ? observed_ : prediction_;
  };
  std::vector<core::Probe<float>> list;
  for (Index l = 1; l <= network_.depth(); ++l) {
    list.push_back({"layer" + std::to_string(l) + "/s", core::units::one, [this, l, probed] {
                      const Vector<float>* state = probed();
                      if (state == nullptr) {
                        return ConstMatrixMap<float>(nullptr, network_.architecture().width(l), 0);
                      }
                      return network_.layer(*state, l);
                    }});
  }
  if (network_.architecture().has_energy()) {
    list.push_back({"energy", core::units::one, [this, probed] {
                      const Vector<float>* state = probed();
                      if (state == nullptr) return ConstMatrixMap<float>(nullptr, 1, 0);
                      const bool observing = observed_ != nullptr;
                      energy_.resize(network_.batch());
                      network_.energy(*state, observing ? observed_beta_ : 0.0f,
                                      observing ? observed_target_ : nullptr, energy_);
                      return ConstMatrixMap<float>(energy_.data(), 1, energy_.size());
                    }});
  }
  return list;
}

void Learner::set_observer(std::function<void(Phase, long)> observer) {
  observer_ = std::move(observer);
  if (!observer_) observed_ = nullptr;  // the observed states are gone with it
}

void Learner::check_batch(const MatrixF& input, const MatrixF& target) const {
  const auto& a = network_.architecture();
  if (target.rows() != a.width(a.depth())) {
    fail("EP network: targets of ", target.rows(), " classes, but the output layer has ",
         a.width(a.depth()), " neurons");
  }
  if (target.cols() != input.cols()) {
    fail("EP network: ", input.cols(), " inputs but ", target.cols(), " targets");
  }
}

void Learner::relax(Vector<float>& state, Phase phase, float beta, const MatrixF* target) {
  StepObserver<float> step_observer;
  if (observer_) {
    step_observer = [this, phase, beta, target](const Vector<float>& s, long step) {
      observed_ = &s;
      observed_beta_ = beta;
      observed_target_ = target;
      observer_(phase, step);
    };
  }
  summaries_[static_cast<std::size_t>(phase)] =
      relaxation_->relax(network_, state, phase, beta, target, step_observer);
}

void Learner::run_phases(const MatrixF& input, const MatrixF& target, bool nudge) {
  check_batch(input, target);
  network_.set_input(input);
  free_.setZero(network_.state_size());
  relax(free_, Phase::free, 0, &target);
  prediction_ = &free_;
  if (!nudge) return;
  const auto beta = static_cast<float>(settings_.beta);
  plus_ = free_;
  relax(plus_, Phase::plus, beta, &target);
  if (settings_.symmetric) {
    minus_ = free_;
    relax(minus_, Phase::minus, -beta, &target);
  }
}

double Learner::evaluate(const MatrixF& input, const MatrixF& target) {
  run_phases(input, target, false);
  return core::loss_value<float>(core::Loss::mse, output(), target);
}

void Learner::relax_phases(const MatrixF& input, const MatrixF& target) {
  run_phases(input, target, true);
}

double Learner::learn(const MatrixF& input, const MatrixF& target) {
  if (settings_.algorithm == Algorithm::bptt) {
    check_batch(input, target);
    network_.set_input(input);
    return learn_bptt(target);
  }
  run_phases(input, target, true);
  const double loss = core::loss_value<float>(core::Loss::mse, output(), target);
  const auto beta = static_cast<float>(settings_.beta);
  const auto batch = static_cast<float>(input.cols());
  if (settings_.symmetric) {
    network_.set_energy_gradient_difference(minus_, plus_, 1 / (2 * beta * batch));
  } else {
    network_.set_energy_gradient_difference(free_, plus_, 1 / (beta * batch));
  }
  return loss;
}

double Learner::learn_bptt(const MatrixF& target) {
  free_window(network_, *bptt_relaxation_, settings_.scheme.free_steps,
              settings_.scheme.nudged_steps, window_);
  prediction_ = &window_.back();
  return truncated_bptt(network_, window_, target);
}

ConstMatrixMap<float> Learner::output() const {
  if (prediction_ == nullptr) fail("EP learner: output() before any batch");
  return network_.output(*prediction_);
}

const MatrixF& Learner::free_output_drive() {
  if (prediction_ == nullptr) fail("EP learner: free_output_drive() before any batch");
  network_.output_drive(*prediction_, output_drive_);
  return output_drive_;
}

}  // namespace prospect::ep

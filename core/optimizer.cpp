#include "core/optimizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/parallel.h"

namespace prospect::core {

void SeenEntries::add(const std::vector<Index>& support) {
  const auto known = static_cast<std::ptrdiff_t>(entries_.size());
  for (const Index i : support) {
    auto& seen = seen_[static_cast<std::size_t>(i)];
    if (!seen) {
      seen = 1;
      entries_.push_back(i);
    }
  }
  // Kept in ascending order: an update then walks memory forward.
  if (static_cast<std::ptrdiff_t>(entries_.size()) > known) {
    std::sort(entries_.begin() + known, entries_.end());
    std::inplace_merge(entries_.begin(), entries_.begin() + known, entries_.end());
  }
}

template <typename Scalar>
void SeenEntries::rebuild(const std::vector<const Vector<Scalar>*>& state) {
  std::fill(seen_.begin(), seen_.end(), 0);
  entries_.clear();
  for (Index i = 0; i < static_cast<Index>(seen_.size()); ++i) {
    for (const auto* buffer : state) {
      if ((*buffer)(i) != Scalar(0)) {
        seen_[static_cast<std::size_t>(i)] = 1;
        entries_.push_back(i);
        break;
      }
    }
  }
}

namespace {

// One SeenEntries per parameter when any parameter is sparse, else none.
template <typename Scalar>
std::vector<SeenEntries> seen_entries(const ParameterList<Scalar>& parameters) {
  std::vector<SeenEntries> seen;
  bool sparse = false;
  for (const auto& p : parameters) {
    sparse = sparse || p.gradient_support;
    seen.emplace_back(p.gradient_support ? p.size : 0);
  }
  if (!sparse) seen.clear();
  return seen;
}

}  // namespace

template <typename Scalar>
Sgd<Scalar>::Sgd(ParameterList<Scalar> parameters, double learning_rate, double momentum)
    : Optimizer<Scalar>(std::move(parameters), learning_rate), momentum_(momentum) {
  if (!(momentum >= 0 && momentum < 1)) fail("SGD momentum ", momentum, ": expected 0 <= momentum < 1");
  if (momentum_ > 0) {
    for (const auto& p : this->parameters_) velocity_.push_back(Vector<Scalar>::Zero(p.size));
    seen_ = seen_entries(this->parameters_);
  }
}

template <typename Scalar>
void Sgd<Scalar>::step() {
  const auto mu = static_cast<Scalar>(momentum_);
  for (std::size_t i = 0; i < this->parameters_.size(); ++i) {
    const auto& p = this->parameters_[i];
    const auto lr = static_cast<Scalar>(this->learning_rate_ * p.rate_scale);
    const Eigen::Map<const Vector<Scalar>> gradient(p.gradient, p.size);
    if (velocity_.empty()) {
      if (p.gradient_support) {
        for (const Index k : *p.gradient_support) p.value[k] -= lr * p.gradient[k];
      } else {
        Eigen::Map<Vector<Scalar>>(p.value, p.size) -= lr * gradient;
      }
      continue;
    }
    auto& v = velocity_[i];
    if (p.gradient_support) {
      // The dense update below, entry by entry, on the entries ever seen.
      seen_[i].add(*p.gradient_support);
      for (const Index k : seen_[i].entries()) {
        v(k) = steps_ == 0 ? p.gradient[k] : mu * v(k) + p.gradient[k];
        p.value[k] -= lr * v(k);
      }
      continue;
    }
    if (steps_ == 0) {
      v = gradient;
    } else {
      v = mu * v + gradient;
    }
    Eigen::Map<Vector<Scalar>>(p.value, p.size) -= lr * v;
  }
  ++steps_;
}

template <typename Scalar>
OptimizerState<Scalar> Sgd<Scalar>::state() const {
  if (velocity_.empty()) return {};
  return {steps_, velocity_};
}

template <typename Scalar>
void Sgd<Scalar>::restore(const OptimizerState<Scalar>& state) {
  if (velocity_.empty()) {
    Optimizer<Scalar>::restore(state);
    return;
  }
  if (state.buffers.size() != velocity_.size()) {
    fail("SGD state: ", state.buffers.size(), " velocity buffers for ", velocity_.size(),
         " parameters");
  }
  for (std::size_t i = 0; i < velocity_.size(); ++i) {
    if (state.buffers[i].size() != velocity_[i].size()) {
      fail("SGD state: velocity of '", this->parameters_[i].name, "' has ",
           state.buffers[i].size(), " values (expected ", velocity_[i].size(), ")");
    }
  }
  steps_ = state.steps;
  velocity_ = state.buffers;
  for (std::size_t i = 0; i < seen_.size(); ++i) {
    seen_[i].rebuild<Scalar>({&velocity_[i]});
  }
}

template <typename Scalar>
Adam<Scalar>::Adam(ParameterList<Scalar> parameters, double learning_rate,
                   AdamSettings settings)
    : Optimizer<Scalar>(std::move(parameters), learning_rate), settings_(settings) {
  for (const auto& p : this->parameters_) {
    first_moment_.push_back(Vector<Scalar>::Zero(p.size));
    second_moment_.push_back(Vector<Scalar>::Zero(p.size));
  }
  seen_ = seen_entries(this->parameters_);
}

template <typename Scalar>
void Adam<Scalar>::step() {
  ++steps_;
  // Bias corrections in double, as PyTorch computes them in Python floats.
  const double correction1 = 1.0 - std::pow(settings_.beta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(settings_.beta2, static_cast<double>(steps_));
  const auto correction2_sqrt = static_cast<Scalar>(std::sqrt(correction2));
  const auto beta1 = static_cast<Scalar>(settings_.beta1);
  const auto beta2 = static_cast<Scalar>(settings_.beta2);
  const auto one_minus_beta1 = static_cast<Scalar>(1.0 - settings_.beta1);
  const auto one_minus_beta2 = static_cast<Scalar>(1.0 - settings_.beta2);
  const auto epsilon = static_cast<Scalar>(settings_.epsilon);
  // Parameters update independently, entry by entry with a correctly rounded
  // square root: Eigen's vectorised float sqrt refines the CPU's approximate
  // reciprocal square root, which Intel and AMD round differently, so a
  // portable build would train differently on each (docs/builds.md). This
  // file is compiled with -fno-math-errno, so the dense loop still vectorises.
  core::parallel_for(static_cast<long>(this->parameters_.size()), [&](long i) {
    const auto& p = this->parameters_[static_cast<std::size_t>(i)];
    const auto step_size = static_cast<Scalar>(this->learning_rate_ * p.rate_scale / correction1);
    Scalar* m = first_moment_[static_cast<std::size_t>(i)].data();
    Scalar* v = second_moment_[static_cast<std::size_t>(i)].data();
    const Scalar* gradient = p.gradient;
    Scalar* value = p.value;
    const auto update = [=](Index k) {
      const Scalar g = gradient[k];
      m[k] = m[k] * beta1 + g * one_minus_beta1;
      v[k] = v[k] * beta2 + g * g * one_minus_beta2;
      value[k] -= step_size * m[k] / (std::sqrt(v[k]) / correction2_sqrt + epsilon);
    };
    if (p.gradient_support) {  // only the entries ever seen
      auto& seen = seen_[static_cast<std::size_t>(i)];
      seen.add(*p.gradient_support);
      for (const Index k : seen.entries()) update(k);
    } else {
      for (Index k = 0; k < p.size; ++k) update(k);
    }
  });
}

template <typename Scalar>
void Optimizer<Scalar>::restore(const OptimizerState<Scalar>& state) {
  if (state.steps != 0 || !state.buffers.empty()) {
    fail("optimizer state: this optimizer keeps no state, but the saved one has ",
         state.buffers.size(), " buffers");
  }
}

template <typename Scalar>
OptimizerState<Scalar> Adam<Scalar>::state() const {
  OptimizerState<Scalar> state{steps_, first_moment_};
  state.buffers.insert(state.buffers.end(), second_moment_.begin(), second_moment_.end());
  return state;
}

template <typename Scalar>
void Adam<Scalar>::restore(const OptimizerState<Scalar>& state) {
  const std::size_t count = this->parameters_.size();
  if (state.buffers.size() != 2 * count) {
    fail("Adam state: ", state.buffers.size(), " moment buffers for ", count,
         " parameters (expected ", 2 * count, ")");
  }
  for (std::size_t i = 0; i < count; ++i) {
    const auto& p = this->parameters_[i];
    for (const std::size_t b : {i, count + i}) {
      if (state.buffers[b].size() != p.size) {
        fail("Adam state: moment buffer of '", p.name, "' has ", state.buffers[b].size(),
             " values (expected ", p.size, ")");
      }
    }
  }
  steps_ = state.steps;
  first_moment_.assign(state.buffers.begin(), state.buffers.begin() + static_cast<long>(count));
  second_moment_.assign(state.buffers.begin() + static_cast<long>(count), state.buffers.end());
  for (std::size_t i = 0; i < seen_.size(); ++i) {
    seen_[i].rebuild<Scalar>({&first_moment_[i], &second_moment_[i]});
  }
}

void check_learning_rate(double learning_rate) {
  if (!(std::isfinite(learning_rate) && learning_rate > 0)) {
    fail("learning rate ", learning_rate, ": expected a finite number > 0");
  }
}

template <typename Scalar>
std::unique_ptr<Optimizer<Scalar>> make_optimizer(const OptimizerSettings& settings,
                                                  ParameterList<Scalar> parameters) {
  check_learning_rate(settings.learning_rate);
  const auto check_fraction = [](const char* name, double value) {
    if (!(value >= 0 && value < 1)) fail(name, " ", value, ": expected 0 <= ", name, " < 1");
  };
  check_fraction("momentum", settings.momentum);
  check_fraction("beta1", settings.adam.beta1);
  check_fraction("beta2", settings.adam.beta2);
  if (!(std::isfinite(settings.adam.epsilon) && settings.adam.epsilon > 0)) {
    fail("epsilon ", settings.adam.epsilon, ": expected a finite number > 0");
  }
  if (settings.kind == OptimizerKind::sgd) {
    return std::make_unique<Sgd<Scalar>>(std::move(parameters), settings.learning_rate,
                                         settings.momentum);
  }
  return std::make_unique<Adam<Scalar>>(std::move(parameters), settings.learning_rate,
                                        settings.adam);
}

PlateauScheduler::PlateauScheduler(double factor, int patience, double threshold,
                                   double min_lr)
    : factor_(factor),
      patience_(patience),
      threshold_(threshold),
      min_lr_(min_lr),
      best_(std::numeric_limits<double>::infinity()) {}

double PlateauScheduler::update(double metric, double learning_rate) {
  if (metric < best_ * (1.0 - threshold_)) {
    best_ = metric;
    bad_epochs_ = 0;
    return learning_rate;
  }
  if (++bad_epochs_ > patience_) {
    bad_epochs_ = 0;
    // PyTorch skips reductions smaller than its eps = 1e-8, which floors the
    // learning rate near 1e-8 rather than letting it vanish.
    const double reduced = std::max(learning_rate * factor_, min_lr_);
    return learning_rate - reduced > kMinimumReduction ? reduced : learning_rate;
  }
  return learning_rate;
}

template class Optimizer<float>;
template class Optimizer<double>;
template class Sgd<float>;
template class Sgd<double>;
template class Adam<float>;
template class Adam<double>;
template std::unique_ptr<Optimizer<float>> make_optimizer(const OptimizerSettings&,
                                                          ParameterList<float>);
template std::unique_ptr<Optimizer<double>> make_optimizer(const OptimizerSettings&,
                                                           ParameterList<double>);

}  // namespace prospect::core

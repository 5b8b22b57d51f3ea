#pragma once
// Optimizers applied between integration steps to the gradients a model
// leaves in its ParameterRefs. Adam follows PyTorch (bias correction, ε added
// after the bias-corrected square root) so that reference runs are reproduced.

#include <memory>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "core/parameter.h"

namespace prospect::core {

// What an optimizer carries from step to step besides the learning rate
// (Adam: the step count, then every first and every second moment), so a
// checkpoint can resume it exactly.
template <typename Scalar>
struct OptimizerState {
  long steps = 0;
  std::vector<Vector<Scalar>> buffers;
};

// The entries of a sparse parameter (ParameterRef::gradient_support) that
// have ever had a gradient: the only ones whose optimizer state can be
// non-zero, so the only ones a step needs to visit.
class SeenEntries {
 public:
  explicit SeenEntries(Index size) : seen_(static_cast<std::size_t>(size), 0) {}
  // Adds the entries of `support` not seen before.
  void add(const std::vector<Index>& support);
  // After a restore: exactly the entries where `state` is non-zero in any buffer.
  template <typename Scalar>
  void rebuild(const std::vector<const Vector<Scalar>*>& state);
  const std::vector<Index>& entries() const { return entries_; }

 private:
  std::vector<unsigned char> seen_;
  std::vector<Index> entries_;
};

template <typename Scalar>
class Optimizer {
 public:
  explicit Optimizer(ParameterList<Scalar> parameters, double learning_rate)
      : parameters_(std::move(parameters)), learning_rate_(learning_rate) {}
  virtual ~Optimizer() = default;

  virtual void step() = 0;
  virtual OptimizerState<Scalar> state() const { return {}; }
  // Errors if the state does not fit these parameters.
  virtual void restore(const OptimizerState<Scalar>& state);

  double learning_rate() const { return learning_rate_; }
  void set_learning_rate(double learning_rate) { learning_rate_ = learning_rate; }
  const ParameterList<Scalar>& parameters() const { return parameters_; }

 protected:
  ParameterList<Scalar> parameters_;
  double learning_rate_;
};

// value -= lr · gradient: forward Euler on the plasticity ODE dθ/dt = -η ∇θ.
// With momentum μ > 0, PyTorch's heavy ball: v ← μ v + gradient (v = gradient
// on the first step), value -= lr · v.
template <typename Scalar>
class Sgd final : public Optimizer<Scalar> {
 public:
  Sgd(ParameterList<Scalar> parameters, double learning_rate, double momentum = 0);
  void step() override;
  OptimizerState<Scalar> state() const override;
  void restore(const OptimizerState<Scalar>& state) override;

 private:
  double momentum_;
  long steps_ = 0;
  std::vector<Vector<Scalar>> velocity_;  // empty without momentum
  std::vector<SeenEntries> seen_;          // per parameter (empty unless sparse, with momentum)
};

struct AdamSettings {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

template <typename Scalar>
class Adam final : public Optimizer<Scalar> {
 public:
  Adam(ParameterList<Scalar> parameters, double learning_rate, AdamSettings settings = {});
  void step() override;
  long steps_taken() const { return steps_; }
  OptimizerState<Scalar> state() const override;
  void restore(const OptimizerState<Scalar>& state) override;

 private:
  AdamSettings settings_;
  long steps_ = 0;
  std::vector<Vector<Scalar>> first_moment_;
  std::vector<Vector<Scalar>> second_moment_;
  std::vector<SeenEntries> seen_;  // per parameter (empty unless sparse)
};

enum class OptimizerKind { sgd, adam };
inline constexpr core::NamedValue<OptimizerKind> kOptimizerNames[] = {
    {OptimizerKind::sgd, "sgd"}, {OptimizerKind::adam, "adam"}};

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::adam;
  double learning_rate = 1e-3;
  double momentum = 0;  // sgd only
  AdamSettings adam;    // adam only
};

// An Error unless the rate is finite and > 0.
void check_learning_rate(double learning_rate);
// Checks the settings (finite rate > 0, momentum and betas in [0, 1), epsilon
// finite and > 0): a bad value would make every parameter non-finite.
template <typename Scalar>
std::unique_ptr<Optimizer<Scalar>> make_optimizer(const OptimizerSettings& settings,
                                                  ParameterList<Scalar> parameters);
template <typename Scalar>
std::unique_ptr<Optimizer<Scalar>> make_optimizer(OptimizerKind kind,
                                                  ParameterList<Scalar> parameters,
                                                  double learning_rate) {
  OptimizerSettings settings;
  settings.kind = kind;
  settings.learning_rate = learning_rate;
  return make_optimizer<Scalar>(settings, std::move(parameters));
}

// ReduceLROnPlateau (PyTorch semantics, mode "min", relative threshold, no
// cooldown): multiplies the learning rate by `factor` once the metric has
// failed to improve for more than `patience` consecutive epochs, unless the
// reduction would be below 1e-8 (PyTorch's eps).
class PlateauScheduler {
 public:
  PlateauScheduler(double factor, int patience, double threshold = 1e-4, double min_lr = 0);
  // Returns the learning rate to use from now on.
  double update(double metric, double learning_rate);
  static constexpr double kMinimumReduction = 1e-8;

  struct State {
    double best;
    int bad_epochs;
  };
  State state() const { return {best_, bad_epochs_}; }
  void restore(const State& state) { best_ = state.best; bad_epochs_ = state.bad_epochs; }

 private:
  double factor_;
  int patience_;
  double threshold_;
  double min_lr_;
  double best_;
  int bad_epochs_ = 0;
};

}  // namespace prospect::core

#pragma once
// A way of advancing a GLE network in time. Two schemes implement it:
//   reference — the staggered Euler scheme of the published code (docs/gle.md §2.1)
//   ode       — the exact continuous-time right-hand side on the ODE layer
// Both fill the parameters' gradient buffers each step; an optimizer applies
// them between steps.

#include <cstddef>
#include <string>

#include "core/layout.h"
#include "core/model.h"
#include "core/named_values.h"
#include "integrators/scheme_kind.h"
#include "models/gle/gle_parameters.h"

namespace prospect::gle {

// A (neurons × batch) matrix a step reads, or none: an Eigen matrix or any
// column-major block of memory (a C-contiguous batch × neurons numpy array
// is one), read in place, never copied.
template <typename Scalar>
class DriveSignal {
 public:
  DriveSignal() = default;
  DriveSignal(std::nullptr_t) {}
  DriveSignal(const Matrix<Scalar>* matrix) {
    if (matrix != nullptr) *this = DriveSignal(matrix->data(), matrix->rows(), matrix->cols());
  }
  DriveSignal(const Scalar* data, Index rows, Index cols) : data_(data), rows_(rows), cols_(cols) {}

  explicit operator bool() const { return data_ != nullptr; }
  ConstMatrixMap<Scalar> operator*() const { return {data_, rows_, cols_}; }

 private:
  const Scalar* data_ = nullptr;
  Index rows_ = 0, cols_ = 0;
};

// What drives one step from t to t + dt.
template <typename Scalar>
struct StepDrive {
  DriveSignal<Scalar> input_begin{};   // x(t)
  DriveSignal<Scalar> input_end{};     // x(t + dt); none: hold x(t)
  DriveSignal<Scalar> target_begin{};  // none: no target, output error is zero
  DriveSignal<Scalar> target_end{};    // none: hold target(t)
};

// Per-layer quantities a scheme exposes for recording and diagnostics.
enum class Signal { u, v, e, r };
inline constexpr core::NamedValue<Signal> kSignalNames[] = {
    {Signal::u, "u"}, {Signal::v, "v"}, {Signal::e, "e"}, {Signal::r, "r"}};

using integrators::SchemeKind;

template <typename Scalar>
class Scheme : public core::Model<Scalar> {
 public:
  Scheme(Parameters<Scalar>& parameters, Index batch)
      : parameters_(parameters), batch_(batch) {}
  virtual ~Scheme() = default;
  Scheme(const Scheme&) = delete;
  Scheme& operator=(const Scheme&) = delete;

  // Advances the network from t to t + dt. Afterwards output() is the
  // network output at the start of the step and, if gradients are on, the
  // parameters' gradient buffers hold this step's plasticity gradients.
  virtual void step(const StepDrive<Scalar>& drive, double t, double dt) = 0;
  virtual ConstMatrixMap<Scalar> output() const = 0;
  // Layer 0-based; see each scheme for the time the values refer to.
  virtual ConstMatrixMap<Scalar> signal(Index layer, Signal signal) const = 0;
  virtual SchemeKind kind() const = 0;

  // The model face: zero state (the network at rest) after reset(); the
  // state vector is everything besides the parameters that must be saved to
  // resume bit-identically; probes are layer<ℓ>/{u, v, e, r} (ℓ 1-based).
  std::string family() const override { return "gle"; }
  core::ParameterList<Scalar> parameter_refs() override { return parameters_.all(); }
  std::vector<core::Probe<Scalar>> probes() const override;

  void set_gradients(bool on) { gradients_ = on; }
  bool gradients() const { return gradients_; }
  // Whether the gradients include τm and τr (on by default).
  void set_time_constant_gradients(bool on) { time_constant_gradients_ = on; }
  bool time_constant_gradients() const { return time_constant_gradients_; }
  Parameters<Scalar>& parameters() { return parameters_; }
  const Parameters<Scalar>& parameters() const { return parameters_; }
  Index batch() const { return batch_; }

 protected:
  const NetworkSpec& spec() const { return parameters_.spec(); }

  Parameters<Scalar>& parameters_;
  Index batch_;
  bool gradients_ = true;
  bool time_constant_gradients_ = true;
};

template <typename Scalar>
std::vector<core::Probe<Scalar>> Scheme<Scalar>::probes() const {
  std::vector<core::Probe<Scalar>> probes;
  for (Index l = 0; l < parameters_.depth(); ++l) {
    for (const auto& named : kSignalNames) {
      probes.push_back({"layer" + std::to_string(l + 1) + "/" + std::string(named.name), core::units::one,
                        [this, l, s = named.value] { return signal(l, s); }});
    }
  }
  return probes;
}

}  // namespace prospect::gle

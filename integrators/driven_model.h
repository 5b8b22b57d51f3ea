#pragma once
// A single neuron (or a chain of temporal operators) driven by one input
// current x(t) and integrated by the ODE layer. Besides dx/dt it exposes its
// observable signals by name (the input, membrane states, prospective
// read-outs); read-outs follow from the state and its derivative, they are
// not integrated. Model face: one probe per signal, reading its value at the
// last observe_state(); no parameters, and the integrated state belongs to
// the caller.

#include <functional>
#include <string>
#include <vector>

#include "core/model.h"
#include "integrators/ode_system.h"

namespace prospect::integrators {

// Input current at time t.
using Drive = std::function<double(double t)>;

class DrivenModel : public integrators::OdeSystem<double>, public core::Model<double> {
 public:
  virtual Index state_size() const = 0;
  // Names of the observable signals, in the order `observe` writes them.
  virtual const std::vector<std::string>& signal_names() const = 0;
  // dxdt = f(x, t) and every observable signal at (x, t).
  virtual void observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) = 0;
  // Time constant of the slowest transient from rest [time]: after a few of
  // them the response to a periodic drive is periodic.
  virtual double settling_time() const = 0;

  void derivative(const VectorD& x, VectorD& dxdt, double t) final {
    observe(x, t, dxdt, scratch_signals_);
  }
  // observe() into the signals the probes read.
  void observe_state(const VectorD& x, double t, VectorD& dxdt) {
    observe(x, t, dxdt, observed_);
  }
  const VectorD& observed() const { return observed_; }

  std::string family() const override { return "neurons"; }
  core::ParameterList<double> parameter_refs() override { return {}; }
  std::vector<core::Probe<double>> probes() const override;

  void set_drive(Drive drive) { drive_ = std::move(drive); }
  // Position of a signal in `observe`'s output; an error naming the known ones otherwise.
  Index signal_index(const std::string& name) const;

 protected:
  double input(double t) const { return drive_(t); }

 private:
  Drive drive_ = [](double) { return 0.0; };
  VectorD scratch_signals_;
  VectorD observed_;
};

}  // namespace prospect::integrators

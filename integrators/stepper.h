#pragma once
// Euler and classical RK4 steps on Boost.Odeint, over a model's contiguous
// Eigen state vector (vector_space_algebra: the updates are Eigen expressions
// evaluated into preallocated buffers, so a step allocates nothing).
//
// Odeint's time type must match the state's scalar for Eigen's arithmetic, so
// odeint runs on a local float clock 0..dt and the system sees the absolute
// time t0 + local in double: long float runs keep full time resolution.

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <string>
#include <string_view>

#include "core/named_values.h"
#include "integrators/ode_system.h"

namespace prospect::integrators {

enum class StepperKind { euler, rk4 };
inline constexpr core::NamedValue<StepperKind> kStepperNames[] = {
    {StepperKind::euler, "euler"}, {StepperKind::rk4, "rk4"}};
// Order of the global error: 1 for Euler, 4 for RK4.
int order(StepperKind kind);

template <typename Scalar>
class Stepper {
 public:
  explicit Stepper(StepperKind kind) : kind_(kind) {}

  StepperKind kind() const { return kind_; }

  // Advances x from t to t + dt. `dxdt` must hold f(x, t) on entry (callers
  // that need the start-of-step derivative for other purposes compute it
  // once); it is left unspecified on exit.
  void step(OdeSystem<Scalar>& system, Vector<Scalar>& x, const Vector<Scalar>& dxdt,
            double t, double dt) {
    // Odeint sizes its internal buffers on the first step only; a system
    // whose state changes size (a batch of another size) resizes them here.
    if (x.size() != size_) {
      euler_.adjust_size(x);
      rk4_.adjust_size(x);
      size_ = x.size();
    }
    const auto rhs = [&system, t](const Vector<Scalar>& state, Vector<Scalar>& derivative,
                                  Scalar local) {
      system.derivative(state, derivative, t + static_cast<double>(local));
    };
    if (kind_ == StepperKind::euler) {
      euler_.do_step(rhs, x, dxdt, Scalar(0), static_cast<Scalar>(dt));
    } else {
      rk4_.do_step(rhs, x, dxdt, Scalar(0), static_cast<Scalar>(dt));
    }
  }

  // Convenience for callers without a precomputed derivative.
  void step(OdeSystem<Scalar>& system, Vector<Scalar>& x, double t, double dt) {
    derivative_.resize(x.size());
    system.derivative(x, derivative_, t);
    step(system, x, derivative_, t, dt);
  }

 private:
  using Algebra = boost::numeric::odeint::vector_space_algebra;
  StepperKind kind_;
  boost::numeric::odeint::euler<Vector<Scalar>, Scalar, Vector<Scalar>, Scalar, Algebra> euler_;
  boost::numeric::odeint::runge_kutta4<Vector<Scalar>, Scalar, Vector<Scalar>, Scalar, Algebra>
      rk4_;
  Vector<Scalar> derivative_;
  Index size_ = -1;  // state size the internal buffers have
};

}  // namespace prospect::integrators

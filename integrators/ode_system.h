#pragma once
// What the ODE layer integrates: any model that can evaluate dx/dt for its
// whole state vector. The integrators never know what they integrate.

#include "core/types.h"

namespace prospect::integrators {

template <typename Scalar>
class OdeSystem {
 public:
  virtual ~OdeSystem() = default;
  // dxdt = f(x, t); dxdt is preallocated with x's size.
  virtual void derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) = 0;
};

}  // namespace prospect::integrators

#pragma once
// The GLE plasticity rules as gradients (docs/gle.md §2), batch means, shared by
// every scheme: grad W = -⟨e bottomᵀ⟩, grad b = -⟨e⟩, grad τm = ⟨e ∘ du/dt⟩,
// grad τr = -⟨e_inst ∘ du/dt⟩.

#include "models/gle/gle_parameters.h"

namespace prospect::gle {

// The time-constant gradients are skipped (left as they are) unless asked
// for: when only weights learn, they would cost a tenth of a step.
template <typename Scalar, typename Error, typename Bottom, typename Rate, typename InstantError>
void write_gradients(LayerParameters<Scalar>& p, const Error& e, const Bottom& bottom,
                     const Rate& u_dot, const InstantError& instant_error,
                     bool time_constants) {
  const Scalar inverse_batch = Scalar(1) / static_cast<Scalar>(e.cols());
  p.grad_weights.noalias() = -inverse_batch * e * bottom.transpose();
  p.grad_bias.noalias() = -inverse_batch * e.rowwise().sum();
  if (!time_constants) return;
  p.grad_tau_m.noalias() = inverse_batch * (e.array() * u_dot.array()).matrix().rowwise().sum();
  p.grad_tau_r.noalias() =
      -inverse_batch * (instant_error.array() * u_dot.array()).matrix().rowwise().sum();
}

}  // namespace prospect::gle

#pragma once
// Truncated backpropagation through time through the reference map
// (docs/ep_model.md §6): the free phase runs T1 steps from s = 0; the first T1 − T2
// are a constant initial condition, and the loss 𝓛 = mean over the batch of
// ½‖s_L(T1) − y‖² is differentiated through the last T2 steps only, in
// reverse mode over the stored states, into every parameter (σ' and ReLU'
// gates by PyTorch's conventions).

#include <functional>
#include <vector>

#include "models/ep/network.h"
#include "models/ep/relaxation.h"

namespace prospect::ep {

// The states s(T1 − window) … s(T1) of a free phase from s = 0 on the
// network's current input.
template <typename Scalar>
void free_window(Network<Scalar>& network, ReferenceRelaxation<Scalar>& relaxation,
                 long free_steps, long window, std::vector<Vector<Scalar>>& states);

// Sets the network's gradients to ∂𝓛/∂θ through the states' steps (masked)
// and returns 𝓛. After each step back, k = 1 … window, on_step(k) sees the
// gradients of the last k steps (masked).
template <typename Scalar>
double truncated_bptt(Network<Scalar>& network, const std::vector<Vector<Scalar>>& states,
                      const Matrix<Scalar>& target,
                      const std::function<void(long)>& on_step = {});

}  // namespace prospect::ep

#include "models/ep/bptt.h"

#include "core/error.h"

namespace prospect::ep {

template <typename Scalar>
void free_window(Network<Scalar>& network, ReferenceRelaxation<Scalar>& relaxation,
                 long free_steps, long window, std::vector<Vector<Scalar>>& states) {
  if (window < 1 || window > free_steps) {
    fail("truncated BPTT: window of ", window, " steps for a free phase of ", free_steps,
         " (expected 1 <= T2 <= T1)");
  }
  states.resize(static_cast<std::size_t>(window + 1));
  Vector<Scalar>& state = states.front();
  state.setZero(network.state_size());
  relaxation.run(network, state, free_steps - window, Scalar(0), nullptr, {},
                 "BPTT free phase");
  Vector<Scalar> last = state;
  relaxation.run(
      network, last, window, Scalar(0), nullptr,
      [&states](const Vector<Scalar>& s, long step) { states[static_cast<std::size_t>(step)] = s; },
      "BPTT free phase");
}

template <typename Scalar>
double truncated_bptt(Network<Scalar>& network, const std::vector<Vector<Scalar>>& states,
                      const Matrix<Scalar>& target, const std::function<void(long)>& on_step) {
  const auto window = static_cast<long>(states.size()) - 1;
  const Vector<Scalar>& last = states.back();
  const auto output = network.output(last);
  const auto batch = static_cast<Scalar>(network.batch());
  const double loss = 0.5 * (output - target).template cast<double>().squaredNorm() /
                      static_cast<double>(network.batch());
  Vector<Scalar> adjoint = Vector<Scalar>::Zero(network.state_size());
  Vector<Scalar> earlier(network.state_size());
  network.layer(adjoint, network.depth()) = (output - target) / batch;
  network.zero_gradients();
  for (long k = 1; k <= window; ++k) {
    network.backward_step(states[static_cast<std::size_t>(window - k)], adjoint, earlier);
    adjoint.swap(earlier);
    if (on_step) {
      network.add_input_weight_gradients();
      network.mask_gradients();
      on_step(k);
    }
  }
  network.add_input_weight_gradients();
  network.mask_gradients();
  return loss;
}

template void free_window(Network<float>&, ReferenceRelaxation<float>&, long, long,
                          std::vector<Vector<float>>&);
template void free_window(Network<double>&, ReferenceRelaxation<double>&, long, long,
                          std::vector<Vector<double>>&);
template double truncated_bptt(Network<float>&, const std::vector<Vector<float>>&,
                               const Matrix<float>&, const std::function<void(long)>&);
template double truncated_bptt(Network<double>&, const std::vector<Vector<double>>&,
                               const Matrix<double>&, const std::function<void(long)>&);

}  // namespace prospect::ep

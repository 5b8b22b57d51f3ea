#include "models/ep/gdu.h"

#include "core/error.h"
#include "models/ep/bptt.h"
#include "models/ep/relaxation.h"

namespace prospect::ep {

template <typename Scalar>
GduResult gdu_check(const Network<Scalar>& network, const Matrix<Scalar>& input,
                    const Matrix<Scalar>& target, const GduSettings& settings) {
  if (!(settings.beta > 0)) fail("GDU check: beta ", settings.beta, ": expected > 0");
  // One copy per gradient set; the parameters are the same.
  Network<Scalar> bptt = network, ep = network;
  bptt.set_input(input);
  ep.set_input(input);
  ReferenceRelaxation<Scalar> relaxation(settings.free_steps, settings.nudged_steps);
  std::vector<Vector<Scalar>> window;
  free_window(bptt, relaxation, settings.free_steps, settings.nudged_steps, window);
  const Vector<Scalar>& free = window.back();

  const auto beta = static_cast<Scalar>(settings.beta);
  const auto nudged = [&](Scalar b) {
    std::vector<Vector<Scalar>> states;
    Vector<Scalar> state = free;
    relaxation.run(ep, state, settings.nudged_steps, b, &target,
                   [&states](const Vector<Scalar>& s, long) { states.push_back(s); },
                   "GDU nudged phase");
    return states;
  };
  const auto plus = nudged(beta), minus = nudged(-beta);

  GduResult result;
  result.free_residual =
      static_cast<double>((free - window[window.size() - 2]).cwiseAbs().maxCoeff());
  const auto batch = static_cast<Scalar>(input.cols());
  const auto bptt_refs = bptt.parameter_refs();
  const auto ep_refs = ep.parameter_refs();
  result.loss = truncated_bptt(bptt, window, target, [&](long k) {
    const auto& s_plus = plus[static_cast<std::size_t>(k - 1)];
    const auto& s_minus = minus[static_cast<std::size_t>(k - 1)];
    ep.set_energy_gradient_difference(free, s_plus, 1 / (beta * batch));
    result.one_sided.push_back(core::gradient_fidelity(bptt_refs, ep_refs, "GDU one-sided"));
    ep.set_energy_gradient_difference(s_minus, s_plus, 1 / (2 * beta * batch));
    result.symmetric.push_back(core::gradient_fidelity(bptt_refs, ep_refs, "GDU symmetric"));
  });
  return result;
}

template GduResult gdu_check(const Network<float>&, const MatrixF&, const MatrixF&,
                             const GduSettings&);
template GduResult gdu_check(const Network<double>&, const MatrixD&, const MatrixD&,
                             const GduSettings&);

}  // namespace prospect::ep

#pragma once
// Neurons made prospective by a negatively coupled slow adaptation current w
// (docs/gle.md §3, Methods 5.4; R = 1):
//
//   τm du/dt = -u + I - w
//   τw dw/dt = -w + γ s,   s = u (u-adaptation) or s = I (I-adaptation)
//
// Their transfer functions I → u are core::u_adaptation and core::i_adaptation.
//
// | parameter | meaning                               | unit |
// |-----------|---------------------------------------|------|
// | tau_m     | membrane time constant                | time |
// | tau_w     | adaptation time constant              | time |
// | gamma     | coupling γu (of u) or γI (of I) into w | 1    |
//
// Signals: "input" (I), "u", "w".

#include <string>
#include <vector>

#include "core/named_values.h"
#include "core/transfer_function.h"
#include "integrators/driven_model.h"

namespace prospect::neurons {

enum class AdaptationKind { membrane, input };  // w follows u, or the input current I
inline constexpr core::NamedValue<AdaptationKind> kAdaptationKindNames[] = {
    {AdaptationKind::membrane, "u"}, {AdaptationKind::input, "I"}};

class AdaptationCurrentNeuron final : public integrators::DrivenModel {
 public:
  AdaptationCurrentNeuron(AdaptationKind kind, const core::AdaptationNeuron& parameters);

  Index state_size() const override { return 2; }
  const std::vector<std::string>& signal_names() const override { return names_; }
  void observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) override;
  // From the eigenvalues of the linear system; an error if it has no stable rest state.
  double settling_time() const override;

 private:
  AdaptationKind kind_;
  core::AdaptationNeuron p_;
  std::vector<std::string> names_{"input", "u", "w"};
};

}  // namespace prospect::neurons

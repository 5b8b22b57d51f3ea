// Driven single neurons and chains of temporal operators: bad parameters are
// errors naming the unit and value. Their responses against the analytic
// transfer functions are measured in tests/tasks/test_frequency_response.cpp.

#include <catch2/catch.hpp>

#include "core/transfer_function.h"
#include "models/neurons/adaptation_neuron.h"
#include "models/neurons/prospective_chain.h"

using namespace prospect;
using Catch::Matchers::Contains;
using neurons::ProspectiveChain;

TEST_CASE("driven models reject bad parameters by name", "[unit]") {
  CHECK_THROWS_WITH(ProspectiveChain({{-1, 0.1, "v", "e"}}),
                    Contains("unit 'v': membrane time constant -1 must be finite and > 0"));
  CHECK_THROWS_WITH(ProspectiveChain({{1, 0.1, "y", "z"}, {1, 0.1, "y", "w"}}),
                    Contains("signal name 'y' is used twice"));
  const core::AdaptationNeuron unstable{1, 1, -2};
  CHECK_THROWS_WITH(
      neurons::AdaptationCurrentNeuron(neurons::AdaptationKind::membrane, unstable).settling_time(),
      Contains("u-adaptation neuron (tau_m 1, tau_w 1, gamma -2) has no stable rest state"));
}

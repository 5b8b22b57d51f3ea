#pragma once
// The shunting family's options: one table that the shunting task and
// prospect.shunting.Network both take (the task's keys; Python's keywords are
// their last parts), and the one translation from resolved options to the
// network's shape, settings and initialisation.

#include <array>

#include "core/options.h"
#include "integrators/integration.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"
#include "models/shunting/network_spec.h"

namespace prospect::shunting {

// Key, default, unit, range and help of every network option.
core::OptionTable options();

// The trees' shape (inputs and classes are the caller's, from its data).
NetworkSpec network_spec(const core::Options& o);

// The network's settings; `rate_scales` (relative learning rates of the
// parameter groups) comes from the caller's optimizer.
NetworkSettings network_settings(const core::Options& o, const std::array<double, 4>& rate_scales);

// What a run file says of the integration: the scheme, and with scheme
// continuous its stepper and step.
integrators::Integration integration(const NetworkSettings& settings);

InitPolicy init_policy(const core::Options& o);

}  // namespace prospect::shunting

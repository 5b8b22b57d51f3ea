// Each family's option table against the settings structs' own defaults
// (one set of numbers, whichever way a model is built) and the keys its
// errors name.

#include <catch2/catch.hpp>

#include "models/ep/options.h"
#include "models/shunting/options.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

core::Options defaults(const core::OptionTable& table) { return core::Options::resolve(table, "", {}); }

}  // namespace

TEST_CASE("the ep table's defaults are the settings' defaults", "[unit]") {
  const auto o = defaults(ep::options());
  const ep::Architecture a = ep::architecture(o), plain;
  CHECK(a.variant == plain.variant);
  CHECK(a.widths == plain.widths);
  CHECK(a.basal_branches == plain.basal_branches);
  CHECK(a.apical_branches == plain.apical_branches);
  CHECK(a.sparsity == plain.sparsity);
  CHECK(a.apical_scale == plain.apical_scale);
  CHECK(a.apical_dense == plain.apical_dense);
  const ep::LearnerSettings s = ep::learner_settings(o, a, {}), base;
  CHECK(s.algorithm == base.algorithm);
  CHECK(s.scheme.kind == base.scheme.kind);
  CHECK(s.scheme.free_steps == base.scheme.free_steps);
  CHECK(s.scheme.nudged_steps == base.scheme.nudged_steps);
  CHECK(s.scheme.ode.stepper == base.scheme.ode.stepper);
  CHECK(s.scheme.ode.tau == base.scheme.ode.tau);
  CHECK(s.scheme.ode.dt == base.scheme.ode.dt);
  CHECK(s.scheme.ode.tolerance == base.scheme.ode.tolerance);
  CHECK(s.scheme.ode.max_steps == base.scheme.ode.max_steps);
  CHECK(s.beta == base.beta);
  CHECK(s.symmetric == base.symmetric);
}

TEST_CASE("the shunting table's defaults are the settings' defaults", "[unit]") {
  const auto o = defaults(shunting::options());
  const auto spec = shunting::network_spec(o);
  CHECK(spec.layers.size() == 1);
  CHECK(spec.layers[0].somata == 128);
  CHECK(spec.layers[0].branch_factors == std::vector<Index>{3, 3});
  const shunting::NetworkSettings s = shunting::network_settings(o, {1, 1, 1, 1}), base;
  CHECK(s.learning == base.learning);
  CHECK(s.rule.factors == base.rule.factors);
  CHECK(s.rule.broadcast == base.rule.broadcast);
  CHECK(s.rule.rho == base.rule.rho);
  CHECK(s.rule.phi == base.rule.phi);
  CHECK(s.rule.slope == base.rule.slope);
  CHECK(s.rule.form == base.rule.form);
  CHECK(s.rule.decoder == base.rule.decoder);
  CHECK(s.rule.average_rate == base.rule.average_rate);
  CHECK(s.rule.rho_min == base.rule.rho_min);
  CHECK(s.rule.rho_max == base.rule.rho_max);
  CHECK(s.rule.phi_min == base.rule.phi_min);
  CHECK(s.rule.phi_max == base.rule.phi_max);
  CHECK(s.rule.ridge == base.rule.ridge);
  CHECK(s.clip == base.clip);
  CHECK(s.scheme == base.scheme);
  CHECK(s.continuous.tau == base.continuous.tau);
  CHECK(s.continuous.stepper == base.continuous.stepper);
  CHECK(s.continuous.settling.dt == base.continuous.settling.dt);
  CHECK(s.continuous.settling.tolerance == base.continuous.settling.tolerance);
  CHECK(s.continuous.settling.max_steps == base.continuous.settling.max_steps);
}

TEST_CASE("settings built in C++ name the option key of a bad value", "[unit]") {
  const ep::Architecture a;
  ep::LearnerSettings s;
  s.scheme.free_steps = 0;
  CHECK_THROWS_WITH(s.validate(a), Contains("key 'relaxation.free_steps' = '0'"));
  s.scheme.free_steps = 10;
  s.scheme.nudged_steps = 0;
  CHECK_THROWS_WITH(s.validate(a), Contains("key 'relaxation.nudged_steps' = '0'"));
  const auto o = core::Options::resolve(shunting::options(), "", {"rule.rho_max=0.05"});
  CHECK_THROWS_WITH(shunting::network_settings(o, {1, 1, 1, 1}),
                    Contains("key 'rule.rho_max' = '0.05': expected >= rule.rho_min = 0.1"));
  CHECK_THROWS_WITH(ep::architecture(core::Options::resolve(ep::options(), "", {"network.widths=784,25.5,10"})),
                    Contains("key 'network.widths' = '784,25.5,10': item 2 ('25.5'): expected a whole number >= 1"));
}

#include <catch2/catch.hpp>

#include "core/options.h"
#include "core/suggestion.h"

using namespace prospect;
using Catch::Matchers::Contains;

TEST_CASE("an unknown key suggests the nearest known keys", "[unit]") {
  const std::vector<std::string> known{"integrator.dt", "integrator.scheme", "network.gamma",
                                       "network.beta", "optimizer.lr", "bptt.lr", "epochs"};
  // A typo in the name under a wrong section still finds it.
  CHECK(core::nearest_keys("ode.dtt", known) == std::vector<std::string>{"integrator.dt"});
  CHECK(core::nearest_keys("network.gama", known) == std::vector<std::string>{"network.gamma"});
  CHECK(core::nearest_keys("epohcs", known) == std::vector<std::string>{"epochs"});  // a swap
  CHECK(core::nearest_keys("lr", known) == std::vector<std::string>{"optimizer.lr", "bptt.lr"});
  CHECK(core::nearest_keys("colour", known).empty());
  CHECK(core::did_you_mean("colour", known).empty());
  CHECK(core::did_you_mean("ode.dtt", known) == " (did you mean 'integrator.dt'?)");
  CHECK(core::did_you_mean("lr", known) == " (did you mean 'optimizer.lr' or 'bptt.lr'?)");
}

TEST_CASE("options on the command line and in files suggest the nearest keys", "[unit]") {
  core::OptionTable t;
  t.add({"integrator.dt", "0.01", "step", "time", "> 0"})
      .add({"network.gamma", "1", "coupling", "1", ">= 0"});
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"ode.dtt=0.1"}),
                    Contains("--set: unknown key 'ode.dtt' (did you mean 'integrator.dt'?)"));
  CHECK_THROWS_WITH(core::Options::resolve_text(t, "[network]\ngama = 1\n", "run.ini", {}),
                    Contains("run.ini: unknown key 'network.gama' (did you mean 'network.gamma'?)"));
}

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/options.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

core::OptionTable table() {
  core::OptionTable t;
  t.add("dt", "0.01", "step").add("network.gamma", "1", "coupling").add("names", "a, b", "list");
  return t;
}

std::string write_ini(const std::string& text) {
  const auto path = temporary_path("options.ini");
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("options resolve defaults, then the INI file, then --set overrides", "[unit]") {
  const auto ini = write_ini("dt = 0.02\n[network]\ngamma = 0.5\n");
  const auto options = core::Options::resolve(table(), ini, {"dt=0.05"});
  CHECK(options.real("dt") == 0.05);
  CHECK(options.real("network.gamma") == 0.5);
  CHECK(options.words("names") == std::vector<std::string>{"a", "b"});
  CHECK(options.to_ini() == "dt = 0.05\nnames = a, b\n\n[network]\ngamma = 0.5\n");
}

TEST_CASE("unknown keys and malformed values name the key", "[unit]") {
  CHECK_THROWS_WITH(core::Options::resolve(table(), "", {"gama=1"}), Contains("unknown key 'gama'"));
  CHECK_THROWS_WITH(core::Options::resolve(table(), "", {"dt"}), Contains("expected key=value"));
  const auto ini = write_ini("[network]\ngama = 1\n");
  CHECK_THROWS_WITH(core::Options::resolve(table(), ini, {}),
                    Contains("unknown key 'network.gama'") && Contains(ini));
  CHECK_THROWS_WITH(core::Options::resolve(table(), "/no/such/file.ini", {}),
                    Contains("/no/such/file.ini"));
  const auto options = core::Options::resolve(table(), "", {"dt=1e-2x", "network.gamma=-1"});
  CHECK_THROWS_WITH(options.real("dt"), Contains("key 'dt' = '1e-2x'"));
  CHECK_THROWS_WITH(options.non_negative("network.gamma"), Contains("expected a number >= 0"));
  CHECK_THROWS_WITH(options.integer("network.gamma") + options.positive_integer("network.gamma"),
                    Contains("network.gamma"));
  CHECK_THROWS_WITH(options.flag("dt"), Contains("expected true or false"));
  CHECK_THROWS_WITH(options.choice("dt", {"a", "b"}), Contains("expected one of: a b"));
}

TEST_CASE("non-finite numbers are rejected", "[unit]") {
  const auto options = core::Options::resolve(table(), "", {"dt=nan", "network.gamma=inf"});
  CHECK_THROWS(options.real("dt"));
  CHECK_THROWS(options.real("network.gamma"));
}

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
  t.add({"dt", "0.01", "step", "time", "text"})
      .add({"network.gamma", "1", "coupling", "1", "text"})
      .add({"names", "a, b", "list", "none", "text"});
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

TEST_CASE("a directory given as the configuration file is an error, not the defaults", "[unit]") {
  const auto directory = std::filesystem::temp_directory_path().string();
  CHECK_THROWS_WITH(core::Options::resolve(table(), directory, {}),
                    Contains(directory) && Contains("is a directory"));
}

TEST_CASE("durations in steps: at least the minimum, and countable", "[unit]") {
  const auto options = core::Options::resolve(table(), "", {"dt=0.004", "network.gamma=1e300"});
  CHECK(options.steps("dt", 0.001) == 4);
  CHECK(options.steps("dt", 0.003) == 1);  // rounded to the nearest step
  CHECK_THROWS_WITH(options.steps("dt", 0.01),
                    Contains("key 'dt' = '0.004'") && Contains("shorter than one step of dt = 0.01"));
  CHECK(options.steps("dt", 0.01, 0) == 0);
  CHECK_THROWS_WITH(options.steps("dt", 0.001, 5), Contains("expected at least 5 steps"));
  CHECK_THROWS_WITH(options.steps("network.gamma", 0.01),
                    Contains("key 'network.gamma' = '1e300'") && Contains("too long: 1e+302 steps"));
}

TEST_CASE("the largest whole numbers set and read are named when memory runs out", "[unit]") {
  core::OptionTable t;
  t.add({"batch", "100000000", "default, not set", "1", "text"}).add({"steps", "1", "set", "1", "text"}).add({"small", "1", "set", "1", "text"})
      .add({"widths", "1", "a list", "1", "text"}).add({"unread", "1", "set, never read", "1", "text"});
  const auto options = core::Options::resolve(
      t, "", {"steps=100000000000", "small=7", "widths=10, 5000000, 3", "unread=9000000"});
  CHECK(options.largest_integers(1000).empty());
  options.integer("batch");
  options.integer("steps");
  options.integer("small");
  options.whole_numbers("widths", 1);
  const auto large = options.largest_integers(1000);
  // The default batch is left out however large: the user did not choose it.
  using Named = std::pair<std::string, long>;
  CHECK(large == std::vector<Named>{{"steps", 100000000000}, {"widths", 5000000}});
}

TEST_CASE("a --set value that would not read back from the stored INI text is an error", "[unit]") {
  for (const char* value : {"gle#x", "a\nb=1", "a\rb"}) {
    CHECK_THROWS_WITH(core::Options::resolve(table(), "", {std::string("names=") + value}),
                      Contains("--set 'names': the value may not contain '#', a line break"));
  }
  const auto options = core::Options::resolve(table(), "", {"names=a,\tb"});
  CHECK(core::Options::resolve_text(table(), options.to_ini(), "stored", {}).to_ini() ==
        options.to_ini());
}

TEST_CASE("a table's ranges are checked whenever options are resolved, naming the key", "[unit]") {
  core::OptionTable t;
  t.add({"rate", "0.1", "a rate", "", "(0, 1]"})
      .add({"steps", "3", "a count", "", "whole >= 1"})
      .add({"tau", "1", "a time constant", "time", "> 0"})
      .add({"stepper", "rk4", "stepper", "", "euler | rk4"});
  CHECK_NOTHROW(core::Options::resolve(t, "", {"rate=1", "steps=1", "tau=1e-9", "stepper=euler"}));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"rate=1.5"}),
                    Contains("key 'rate' = '1.5': expected a number in (0, 1]"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"steps=0"}),
                    Contains("key 'steps' = '0': expected a whole number >= 1"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"steps=2.5"}),
                    Contains("key 'steps' = '2.5': expected a whole number"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"tau=0"}), Contains("key 'tau' = '0'"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"stepper=rk45"}),
                    Contains("key 'stepper' = 'rk45': expected euler or rk4"));
  const auto ini = write_ini("rate = 0\n");
  CHECK_THROWS_WITH(core::Options::resolve(t, ini, {}), Contains("key 'rate' = '0'"));
  // A default outside its own range is a mistake in the table.
  CHECK_THROWS_WITH(core::OptionTable().add({"n", "0", "count", "", "whole >= 1"}),
                    Contains("key 'n' = '0'"));
  CHECK_THAT(t.describe(), Contains("tau = 1") && Contains("[time] (> 0)") &&
                               Contains("(euler | rk4)") && Contains("(in (0, 1])"));
}

TEST_CASE("ranges with alternatives, lists and bounds", "[unit]") {
  core::OptionTable t;
  t.add({"std", "auto", "a spread", "1", "auto | > 0"})
      .add({"taus", "1, 2", "time constants", "time", "list of > 0"})
      .add({"sizes", "", "sizes", "neurons", "'' | list of whole >= 1"})
      .add({"fraction", "0.2", "held out", "1", "[0, 1)"})
      .add({"offset", "-3", "any", "1", "number"})
      .add({"path", "", "a file", "none", "'' | text"});
  CHECK_NOTHROW(core::Options::resolve(
      t, "", {"std=0.5", "taus=0.1,3", "sizes=3, 4", "fraction=0", "offset=-1e3", "path=a b"}));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"std=0"}),
                    Contains("key 'std' = '0': expected auto or > 0"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"taus=1, -2"}),
                    Contains("key 'taus' = '1, -2': item 2 ('-2'): expected a number > 0"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"sizes=3, 0"}),
                    Contains("key 'sizes' = '3, 0': expected '' or list of whole >= 1"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"fraction=1"}),
                    Contains("key 'fraction' = '1': expected a number in [0, 1)"));
  CHECK_THROWS_WITH(core::Options::resolve(t, "", {"offset=nan"}),
                    Contains("key 'offset' = 'nan': expected a number"));
  // One formatter: unit in brackets (none for names and paths), then the range.
  const std::string help = t.describe();
  CHECK_THAT(help, Contains("time constants [time] (list of > 0)") &&
                       Contains("a file ('' | text)") && Contains("held out [1] (in [0, 1))"));
}

TEST_CASE("tables append, and a renamed key names its successor", "[unit]") {
  core::OptionTable family;
  family.add({"integrator.dt", "0.1", "step", "1", "text"}).renamed("dt", "integrator.dt");
  core::OptionTable t = table();
  CHECK_THROWS_WITH(core::OptionTable(t).append(t), Contains("'dt' declared twice"));
  core::OptionTable task;
  task.add({"epochs", "1", "passes", "1", "text"}).append(family);
  CHECK(task.entries().size() == 2);
  CHECK(core::Options::resolve(task, "", {"integrator.dt=0.2"}).real("integrator.dt") == 0.2);
  CHECK_THROWS_WITH(core::Options::resolve(task, "", {"dt=0.2"}),
                    Contains("key 'dt' is now 'integrator.dt'"));
  const auto ini = write_ini("dt = 0.2\n");
  CHECK_THROWS_WITH(core::Options::resolve(task, ini, {}),
                    Contains(ini) && Contains("key 'dt' is now 'integrator.dt'"));
}

#include <catch2/catch.hpp>

#include "tasks/registry.h"

using namespace prospect;

// --help gives every option's unit and the values it takes: a table entry
// without them is a gap in the documentation of that task.
TEST_CASE("every option of every task says its unit and its range", "[unit]") {
  for (const auto& task : tasks::all_tasks()) {
    const auto table = task->options();
    REQUIRE_FALSE(table.entries().empty());
    for (const auto& entry : table.entries()) {
      INFO(task->name() << ": " << entry.key);
      CHECK_FALSE(entry.help.empty());
      CHECK_FALSE(entry.unit.empty());  // "none" for names, flags and paths
      CHECK_FALSE(entry.range.empty());
      // --help shows them after the help text, in one format.
      const std::string line = entry.key + " = " + entry.default_value;
      const std::string help = table.describe();
      const auto at = help.find("  " + line + " ");
      REQUIRE(at != std::string::npos);
      const std::string shown = help.substr(at, help.find('\n', at) - at);
      if (entry.unit != "none") CHECK(shown.find("[" + entry.unit + "]") != std::string::npos);
      CHECK(shown.find(entry.range + ")") != std::string::npos);
    }
  }
}

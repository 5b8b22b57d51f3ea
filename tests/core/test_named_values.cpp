#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/named_values.h"
#include "core/options.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

enum class Colour { red, green, blue };
constexpr core::NamedValue<Colour> kColourNames[] = {
    {Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}, {Colour::red, "crimson"}};

}  // namespace

TEST_CASE("a name table reads every name, aliases too, and writes a value's first name", "[unit]") {
  CHECK(core::parse(kColourNames, "colour", "green") == Colour::green);
  CHECK(core::parse(kColourNames, "colour", "crimson") == Colour::red);
  CHECK(core::name_of(kColourNames, Colour::blue) == "blue");
  CHECK(core::name_of(kColourNames, Colour::red) == "red");
  CHECK_THROWS_WITH(core::name_of(kColourNames, static_cast<Colour>(7)), Contains("no name for value 7"));
}

TEST_CASE("an unknown name is an error naming the key, the text and every allowed name", "[unit]") {
  CHECK_THROWS_AS(core::parse(kColourNames, "style.colour", "Red"), Error);
  CHECK_THROWS_WITH(core::parse(kColourNames, "style.colour", "Red"),
                    Contains("key 'style.colour' = 'Red': expected red, green, blue or crimson"));
  CHECK_THROWS_WITH(core::parse(kColourNames, "colour", ""), Contains("key 'colour' = '': expected"));
}

TEST_CASE("a name table gives an option its range, checked when options are resolved", "[unit]") {
  CHECK(core::choices(kColourNames) == "red | green | blue | crimson");
  core::OptionTable t;
  t.add({"colour", "red", "a colour", "", core::choices(kColourNames)});
  CHECK(core::Options::resolve_text(t, "", "test", {"colour=crimson"}).text("colour") == "crimson");
  CHECK_THROWS_WITH(core::Options::resolve_text(t, "", "test", {"colour=pink"}),
                    Contains("key 'colour' = 'pink'") && Contains("red") && Contains("crimson"));
  CHECK_THAT(t.describe(), Contains("red | green | blue | crimson"));
}

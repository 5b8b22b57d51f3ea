#include <catch2/catch.hpp>
#include <climits>

#include "core/options.h"
#include "core/whole_number.h"

using namespace prospect;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

core::Options with(const std::string& value) {
  core::OptionTable t;
  t.add({"sizes", "1", "a list of sizes", "1", "text"}).add({"count", "1", "one count", "1", "text"});
  return core::Options::resolve_text(t, "", "test", {"sizes=" + value, "count=" + value});
}

}  // namespace

TEST_CASE("whole numbers are digits with an optional minus, within a long", "[unit]") {
  CHECK(core::whole_number("0") == 0);
  CHECK(core::whole_number("-12") == -12);
  CHECK(core::whole_number("9223372036854775807") == LONG_MAX);
  for (const char* text : {"", "1e3", "4.0", "+4", "0x10", " 4", "4 ", "abc", "1,2",
                           "9223372036854775808", "-9223372036854775809"}) {
    CHECK_FALSE(core::whole_number(text).has_value());
  }
}

TEST_CASE("what is wrong with a whole number names the range and how to write it", "[unit]") {
  CHECK(core::whole_number_problem("7", 1, LONG_MAX).empty());
  CHECK_THAT(core::whole_number_problem("2.5", 1, LONG_MAX), Equals("expected a whole number >= 1"));
  CHECK_THAT(core::whole_number_problem("-1", 0, LONG_MAX), Equals("expected a whole number >= 0"));
  CHECK_THAT(core::whole_number_problem("1e3", 1, LONG_MAX),
             Equals("expected a whole number >= 1, written in digits (1000)"));
  CHECK_THAT(core::whole_number_problem("1e30", 1, LONG_MAX),
             Equals("expected a whole number from 1 to 9223372036854775807"));
  CHECK_THAT(core::whole_number_problem("99999999999999999999", 1, LONG_MAX),
             Equals("expected a whole number from 1 to 9223372036854775807"));
  CHECK_THAT(core::whole_number_problem("3000000000", 1, INT_MAX),
             Equals("expected a whole number from 1 to 2147483647"));
  CHECK_THAT(core::whole_number_problem("nan", LONG_MIN, LONG_MAX), Equals("expected a whole number"));
}

TEST_CASE("one integer option: the key, the user's text and the range in every error", "[unit]") {
  CHECK(with("42").integer("count") == 42);
  CHECK(with(" 42 ").positive_integer("count") == 42);
  CHECK_THROWS_WITH(with("0.5").positive_integer("count"),
                    Equals("key 'count' = '0.5': expected a whole number >= 1"));
  CHECK_THROWS_WITH(with("1e30").positive_integer("count"),
                    Equals("key 'count' = '1e30': expected a whole number from 1 to 9223372036854775807"));
  CHECK_THROWS_WITH(with("-1").non_negative_integer("count"),
                    Equals("key 'count' = '-1': expected a whole number >= 0"));
  CHECK_THROWS_WITH(with("3000000000").integer("count", 1, INT_MAX),
                    Equals("key 'count' = '3000000000': expected a whole number from 1 to 2147483647"));
  CHECK_THROWS_WITH(with("").integer("count"), Equals("key 'count' = '': expected a whole number"));
}

TEST_CASE("a list of whole numbers: every item parsed as one integer option is", "[unit]") {
  CHECK(with("784, 256 ,10").whole_numbers("sizes", 1) == std::vector<long>{784, 256, 10});
  CHECK(with("").whole_numbers("sizes", 1).empty());
  CHECK_THROWS_WITH(with("784, 1e30, 10").whole_numbers("sizes", 1),
                    Equals("key 'sizes' = '784, 1e30, 10': item 2 ('1e30'): expected a whole number "
                           "from 1 to 9223372036854775807"));
  CHECK_THROWS_WITH(with("784, 25.5").whole_numbers("sizes", 1),
                    Equals("key 'sizes' = '784, 25.5': item 2 ('25.5'): expected a whole number >= 1"));
  CHECK_THROWS_WITH(with("4,-1").whole_numbers("sizes", 1), Contains("item 2 ('-1'): expected a whole number >= 1"));
  CHECK_THROWS_WITH(with("4,0").whole_numbers("sizes", 0, 3),
                    Contains("item 1 ('4'): expected a whole number from 0 to 3"));
  CHECK_THROWS_WITH(with("3,,4").whole_numbers("sizes", 1),
                    Equals("key 'sizes' = '3,,4': empty item in comma-separated list"));
  CHECK_THROWS_WITH(with("3,").whole_numbers("sizes", 1), Contains("empty item"));
  CHECK_THROWS_WITH(with("3 4").whole_numbers("sizes", 1),
                    Equals("key 'sizes' = '3 4': expected a whole number >= 1"));
  CHECK_THROWS_WITH(with("1, 99999999999999999999").whole_numbers("sizes", 1),
                    Contains("item 2 ('99999999999999999999'): expected a whole number from 1 to "
                             "9223372036854775807"));
  CHECK_THROWS_WITH(with("2e3").whole_numbers("sizes", 1),
                    Equals("key 'sizes' = '2e3': expected a whole number >= 1, written in digits (2000)"));
}

TEST_CASE("a table's whole-number ranges use the same parser", "[unit]") {
  core::OptionTable t;
  t.add({"n", "3", "a count", "", "whole >= 1"});
  CHECK_THROWS_WITH(core::Options::resolve_text(t, "", "test", {"n=1e3"}),
                    Equals("key 'n' = '1e3': expected a whole number >= 1, written in digits (1000)"));
  CHECK_THROWS_WITH(core::Options::resolve_text(t, "", "test", {"n=99999999999999999999"}),
                    Contains("from 1 to 9223372036854775807"));
}

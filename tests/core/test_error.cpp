// Error messages quote what users wrote, damaged files included: they must
// stay readable text whatever the bytes.

#include <catch2/catch.hpp>

#include "core/error.h"

using namespace prospect;

TEST_CASE("error messages escape control bytes and invalid UTF-8, and keep the rest", "[unit]") {
  CHECK(printable("key 'a' = 'b'\n\tline") == "key 'a' = 'b'\n\tline");
  CHECK(printable("τ = 1 ± 0.1 µs") == "τ = 1 ± 0.1 µs");  // valid UTF-8 stays
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("\x1b[31mred") == "\\x1b[31mred");       // no terminal escapes
  CHECK(printable("\xff\xfe") == "\\xff\\xfe");             // never UTF-8
  CHECK(printable("\xc3") == "\\xc3");                      // a sequence cut short
  CHECK(printable("\xe2\x82x") == "\\xe2\\x82x");           // a broken continuation
  CHECK(printable("\x7f") == "\\x7f");
}

TEST_CASE("every prospect::Error carries a printable message", "[unit]") {
  try {
    fail("file.ini: line '", std::string("\x01\xff", 2), "'");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "file.ini: line '\\x01\\xff'");
  }
}

#include "models/gle/make_scheme.h"

#include "core/error.h"

namespace prospect::gle {

const char* to_string(Signal signal) {
  switch (signal) {
    case Signal::u: return "u";
    case Signal::v: return "v";
    case Signal::e: return "e";
    case Signal::r: return "r";
  }
  return "?";
}

SchemeKind parse_scheme(std::string_view value, std::string_view key) {
  if (value == "reference") return SchemeKind::reference;
  if (value == "ode") return SchemeKind::ode;
  fail("key '", key, "' = '", value, "': expected reference or ode");
}

std::string to_string(SchemeKind kind) {
  return kind == SchemeKind::reference ? "reference" : "ode";
}

}  // namespace prospect::gle

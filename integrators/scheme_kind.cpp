#include "integrators/scheme_kind.h"

#include "core/error.h"

namespace prospect::integrators {

SchemeKind parse_scheme(std::string_view value, std::string_view key) {
  if (value == "reference") return SchemeKind::reference;
  if (value == "ode") return SchemeKind::ode;
  fail("key '", key, "' = '", value, "': expected reference or ode");
}

std::string to_string(SchemeKind kind) {
  return kind == SchemeKind::reference ? "reference" : "ode";
}

}  // namespace prospect::integrators

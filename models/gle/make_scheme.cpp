#include "models/gle/make_scheme.h"

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

}  // namespace prospect::gle

#pragma once
// One exception type for every user-facing failure. Messages name the file,
// key or value at fault and what was expected; the CLI prints them as
// "error: <message>" and exits non-zero.

#include <sstream>
#include <stdexcept>
#include <string>

namespace prospect {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Builds a message from streamable pieces: fail("key '", key, "' must be > 0").
template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream message;
  (message << ... << parts);
  throw Error(message.str());
}

}  // namespace prospect

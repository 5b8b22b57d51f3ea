#pragma once
// One exception type for every user-facing failure. Messages name the file,
// key or value at fault and what was expected; the CLI prints them as
// "error: <message>" and exits non-zero. A message may quote a damaged
// file's bytes: they are escaped, so it stays one readable line of UTF-8 (a
// terminal is not driven by them, and Python can decode it).

#include <sstream>
#include <stdexcept>
#include <string>

namespace prospect {

// `text` with control characters (but newline and tab) and bytes that are
// not valid UTF-8 written as \xNN.
std::string printable(const std::string& text);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
};

// Builds a message from streamable pieces: fail("key '", key, "' must be > 0").
template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream message;
  (message << ... << parts);
  throw Error(message.str());
}

}  // namespace prospect

#include "core/error.h"

namespace prospect {
namespace {

// Length of the valid UTF-8 sequence starting at text[i] (2 to 4 bytes), or 0.
std::size_t utf8_sequence(const std::string& text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead >= 0xf0 && lead <= 0xf4   ? 4
                             : lead >= 0xe0                 ? 3
                             : lead >= 0xc2 && lead <= 0xdf ? 2
                                                            : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::string printable(const std::string& text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte >= 0x20 && byte < 0x7f) || byte == '\n' || byte == '\t') {
      out += text[i++];
      continue;
    }
    if (const std::size_t length = byte >= 0x80 ? utf8_sequence(text, i) : 0) {
      out.append(text, i, length);
      i += length;
      continue;
    }
    out += "\\x";
    out += hex[byte >> 4];
    out += hex[byte & 0xf];
    ++i;
  }
  return out;
}

Error::Error(const std::string& message) : std::runtime_error(printable(message)) {}

}  // namespace prospect

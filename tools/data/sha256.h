#pragma once
// SHA-256 digests (OpenSSL's libcrypto), as lower-case hex like sha256sum prints them.

#include <string>

namespace prospect::data {

// Of the file at `path`; errors name the file.
std::string sha256_of_file(const std::string& path);

// Of `text`.
std::string sha256_of_text(const std::string& text);

}  // namespace prospect::data

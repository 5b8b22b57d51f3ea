#pragma once
// HTTP(S) downloads with libcurl that survive interruptions: bytes arrive in
// TARGET.part, a later call resumes it with a Range request, and only a
// complete transfer is renamed to TARGET.

#include <string>

namespace prospect::data {

// Downloads `url` to `target`. A cut transfer, an HTTP error or SIGINT is an
// error naming the URL that keeps TARGET.part for the next call to resume;
// a server that does not resume restarts the file from its first byte.
// `progress`: a progress line on stderr.
void download(const std::string& url, const std::string& target, bool progress);

}  // namespace prospect::data

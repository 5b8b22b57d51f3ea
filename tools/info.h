#pragma once
// `prospect info`: what a run file holds, for a quick look without Python.

#include <ostream>
#include <string>

namespace prospect::tools {

void print_info(const std::string& path, std::ostream& out);

}  // namespace prospect::tools

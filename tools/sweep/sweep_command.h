#pragma once
// `prospect sweep FILE [...]` and `prospect summarize DIR`.

#include <string>
#include <vector>

namespace prospect::sweep {

int sweep_command(const std::vector<std::string>& arguments);
int summarize_command(const std::vector<std::string>& arguments);

}  // namespace prospect::sweep

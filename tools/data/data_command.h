#pragma once
// `prospect data list | fetch NAME [--mirror URL] [--quiet] | import NAME PATH`.

#include <string>
#include <vector>

namespace prospect::data {

// Runs the subcommand in `arguments` (after "data"); returns the exit status.
int data_command(const std::vector<std::string>& arguments);

}  // namespace prospect::data

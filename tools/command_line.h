#pragma once
// Parsing of a command's arguments with Boost.Program_options.

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace prospect::tools {

// `flags` plus one positional argument stored under `positional` (e.g. the
// task, or the run file); unknown flags are errors.
inline boost::program_options::variables_map parse_arguments(
    const std::vector<std::string>& arguments,
    const boost::program_options::options_description& flags, const char* positional) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()(positional, po::value<std::string>(), positional);
  po::options_description all;
  all.add(flags).add(hidden);
  po::positional_options_description positions;
  positions.add(positional, 1);
  po::variables_map map;
  po::store(po::command_line_parser(arguments).options(all).positional(positions).run(), map);
  po::notify(map);
  return map;
}

}  // namespace prospect::tools

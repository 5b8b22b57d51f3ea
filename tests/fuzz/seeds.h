#pragma once
// The seed inputs of the fuzz targets: small valid files of each kind a
// reader meets (and a few near misses), written into <root>/<target>/. Both
// libFuzzer (tools/fuzz.sh, through make_seeds) and the seeded mutation tests
// (tests/fuzz/mutations.cpp) start from them.

#include <filesystem>

namespace prospect::fuzz {

void write_seeds(const std::filesystem::path& root);

}  // namespace prospect::fuzz

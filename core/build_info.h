#pragma once
// What a binary was built from and for: written into every run file and
// printed by `prospect --version`.

#include <string>

namespace prospect::core {

struct BuildInfo {
  std::string version;          // the project version set in CMakeLists.txt, e.g. "1.0.0"
  std::string git_revision;     // `git describe --always --dirty` at build time, or "unknown"
  std::string instruction_set;  // PROSPECT_ARCH and its widest vector extension,
                                // e.g. "x86-64-v3 (AVX2, FMA)"
  std::string compiler;         // e.g. "GNU 12.2.0"
};

const BuildInfo& build_info();

// One line: "prospect 1.0.0 (git 3fa7ff4, x86-64-v3 (AVX2, FMA), GNU 12.2.0)".
std::string version_line();

}  // namespace prospect::core

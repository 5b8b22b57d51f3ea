#include "core/build_info.h"

#include "git_revision.h"  // generated at every build by cmake/git_revision.cmake

namespace prospect::core {
namespace {

// The vector extensions the compiler was allowed to use, from its predefined
// macros: what the code was really compiled for, whatever the option said.
std::string vector_extensions() {
  std::string widest = "SSE2";
#if defined(__AVX512F__)
  widest = "AVX-512";
#elif defined(__AVX2__)
  widest = "AVX2";
#elif defined(__AVX__)
  widest = "AVX";
#elif defined(__SSE4_2__)
  widest = "SSE4.2";
#endif
#if defined(__FMA__)
  widest += ", FMA";
#endif
  return widest;
}

}  // namespace

const BuildInfo& build_info() {
  static const BuildInfo info{PROSPECT_VERSION, PROSPECT_GIT_REVISION,
                              std::string(PROSPECT_ARCH) + " (" + vector_extensions() + ")",
                              PROSPECT_COMPILER};
  return info;
}

std::string version_line() {
  const BuildInfo& info = build_info();
  return "prospect " + info.version + " (git " + info.git_revision + ", " + info.instruction_set +
         ", " + info.compiler + ")";
}

}  // namespace prospect::core

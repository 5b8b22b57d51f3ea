// Writes the seed inputs of the fuzz targets into DIR/<target>/ (tests/fuzz/seeds.h).
// Usage: make_seeds DIR

#include <cstdio>

#include "core/error.h"
#include "tests/fuzz/seeds.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds DIR\n");
    return 2;
  }
  try {
    prospect::fuzz::write_seeds(argv[1]);
  } catch (const prospect::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}

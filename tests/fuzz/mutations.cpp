// Seeded random corruptions of a fuzz target's seeds (tests/fuzz/seeds.h),
// each run through the target linked beside this file (its
// LLVMFuzzerTestOneInput, which catches prospect's Error): flipped bits,
// overwritten bytes, cuts, insertions, deleted and repeated chunks. Any other
// exception fails the test; a crash or an abort ends it. The seed is fixed,
// so every run tries the same inputs; tools/fuzz.sh explores beyond them.
// Every input libFuzzer ever failed on is kept in
// tests/fuzz/regressions/<target>/ and run here too.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/random.h"
#include "tests/fuzz/seeds.h"
#include "tests/temporary_path.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

using namespace prospect;
namespace fs = std::filesystem;

namespace {

constexpr int kMutantsPerSeed = 400;

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// Interesting values for a byte: the extremes, and those near size fields' limits.
constexpr std::uint8_t kSpecial[] = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};

void mutate_once(std::vector<std::uint8_t>& bytes, core::Rng& rng) {
  const auto at = [&](std::size_t n) { return static_cast<std::size_t>(rng.below(n)); };
  const std::size_t size = bytes.size();
  switch (rng.below(size == 0 ? 1 : 6)) {
    case 0: {  // insert random bytes
      std::vector<std::uint8_t> extra(1 + at(16));
      for (auto& byte : extra) byte = static_cast<std::uint8_t>(rng.below(256));
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at(size + 1)), extra.begin(), extra.end());
      break;
    }
    case 1:  // flip one bit
      bytes[at(size)] ^= static_cast<std::uint8_t>(1u << rng.below(8));
      break;
    case 2:  // a special value
      bytes[at(size)] = kSpecial[rng.below(std::size(kSpecial))];
      break;
    case 3:  // cut the end off
      bytes.resize(at(size));
      break;
    case 4: {  // delete a chunk
      const std::size_t start = at(size), length = 1 + at(std::min<std::size_t>(64, size - start));
      bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(start),
                  bytes.begin() + static_cast<std::ptrdiff_t>(std::min(size, start + length)));
      break;
    }
    default: {  // repeat a chunk in place of another
      const std::size_t from = at(size), to = at(size);
      const std::size_t length = 1 + at(std::min<std::size_t>(32, size - std::max(from, to)));
      for (std::size_t i = 0; i < length && to + i < size && from + i < size; ++i) {
        bytes[to + i] = bytes[from + i];
      }
    }
  }
}

}  // namespace

TEST_CASE("mutated seeds of " PROSPECT_FUZZ_TARGET " end in a result or prospect's error",
          "[unit]") {
  const ScratchDirectory directory("fuzz_seeds");
  fuzz::write_seeds(directory.path);
  std::vector<fs::path> seeds;
  for (const auto& entry : fs::directory_iterator(fs::path(directory.path) / PROSPECT_FUZZ_TARGET)) {
    seeds.push_back(entry.path());
  }
  std::sort(seeds.begin(), seeds.end());  // the same order, so the same mutants, every run
  REQUIRE(!seeds.empty());
  core::Rng rng(core::derive_seed(20261127, seeds.size()));
  for (const auto& seed : seeds) {
    const auto original = read_bytes(seed);
    INFO("seed " << seed.filename().string());
    CHECK_NOTHROW(LLVMFuzzerTestOneInput(original.data(), original.size()));
    for (int mutant = 0; mutant < kMutantsPerSeed; ++mutant) {
      auto bytes = original;
      const auto mutations = 1 + rng.below(4);
      for (std::uint64_t m = 0; m < mutations; ++m) mutate_once(bytes, rng);
      INFO("mutant " << mutant << " (" << bytes.size() << " bytes)");
      CHECK_NOTHROW(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()));
    }
  }
}

TEST_CASE("inputs " PROSPECT_FUZZ_TARGET " once failed on end in a result or prospect's error",
          "[unit]") {
  const fs::path directory(PROSPECT_FUZZ_REGRESSIONS);
  if (!fs::exists(directory)) return;  // this target never failed
  for (const auto& entry : fs::directory_iterator(directory)) {
    const auto bytes = read_bytes(entry.path());
    INFO("regression input " << entry.path().filename().string());
    CHECK_NOTHROW(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()));
  }
}

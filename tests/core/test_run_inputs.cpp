// What a run reads: files compared by identity, not by name, and data
// fingerprints.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/run_inputs.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("run inputs: an output is refused whatever name reaches the input", "[unit]") {
  const auto data = temporary_path("inputs_data.h5");
  std::ofstream(data) << "data";
  const auto hard = temporary_path("inputs_hard.h5");
  const auto soft = temporary_path("inputs_soft.h5");
  fs::create_hard_link(data, hard);
  fs::create_symlink(data, soft);
  const auto dotted = (fs::path(data).parent_path() / "." / fs::path(data).filename()).string();
  {
    core::RunInputs inputs;
    core::note_input_file(soft, "the data file");
    for (const auto& name : {data, hard, soft, dotted}) {
      CHECK_THROWS_WITH(core::require_not_input(name, "the output file"),
                        Contains("the output file " + name + " is the data file of this run"));
    }
    core::require_not_input(temporary_path("inputs_other.h5"), "the output file");
    // A cache that does not exist yet is compared by its canonical path.
    const auto cache = temporary_path("inputs_cache.h5");
    core::note_input_file(cache, "the feature cache");
    CHECK_THROWS_WITH(core::require_not_input(cache, "the output file"),
                      Contains("the feature cache"));
  }
  // Without a RunInputs nothing is noted or checked.
  core::note_input_file(data, "the data file");
  core::require_not_input(data, "the output file");
  for (const auto& name : {data, hard, soft}) fs::remove(name);
}

TEST_CASE("run inputs: the innermost list is the current one", "[unit]") {
  core::RunInputs outer;
  {
    core::RunInputs inner;
    CHECK(core::RunInputs::current() == &inner);
    core::note_data_input({"a", "x", 1, "00"});
    core::note_data_input({"a", "x", 2, "11"});  // replaces the first
    REQUIRE(inner.data().size() == 1);
    CHECK(inner.data()[0].bytes == 2);
  }
  CHECK(core::RunInputs::current() == &outer);
  CHECK(outer.data().empty());
}

TEST_CASE("fingerprints: equal bytes give equal digests, one byte off another", "[unit]") {
  const std::string text = "0123456789";
  core::Fingerprinter whole, parts;
  whole.add(text.data(), text.size());
  parts.add(text.data(), 4).add(text.data() + 4, 6);
  const auto a = whole.finish("data", "here");
  const auto b = parts.finish("data", "here");
  CHECK(a.digest == b.digest);
  CHECK(a.digest.size() == 32);
  CHECK(a.bytes == 10);
  std::string changed = text;
  changed[9] = 'X';
  core::Fingerprinter other;
  CHECK(other.add(changed.data(), changed.size()).finish("data", "here").digest != a.digest);

  const auto path = temporary_path("fingerprint.bin");
  std::ofstream(path) << text;
  const auto file = core::fingerprint_file("data", path);
  CHECK(file.digest == a.digest);
  CHECK(file.bytes == 10);
  CHECK_THROWS_WITH(core::fingerprint_file("data", "/no/such/file"), Contains("/no/such/file"));
  fs::remove(path);
}

// A sweep's output directory is held by the sweep running in it: a second
// whole sweep is refused naming the holder; a Slurm array's --index runs
// share the directory with each other but not with a whole sweep.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "tests/temporary_path.h"
#include "tools/sweep/file_lock.h"

using namespace prospect;
using namespace prospect::sweep;
using Catch::Matchers::Contains;
using Kind = SweepLock::Kind;

TEST_CASE("a sweep directory is held by one whole sweep or by --index runs", "[unit]") {
  const ScratchDirectory directory("sweep_lock");
  const std::string dir = directory.file("out");  // made by the lock
  std::optional<SweepLock> whole;
  whole.emplace(dir, Kind::whole_sweep, "prospect sweep first.ini");
  const std::string holder = "process " + std::to_string(::getpid());
  CHECK_THROWS_WITH(SweepLock(dir, Kind::whole_sweep, "prospect sweep second.ini"),
                    Contains(dir + ": another sweep is running in this directory: " + holder) &&
                        Contains("(prospect sweep first.ini), since") && Contains("another --output"));
  CHECK_THROWS_WITH(SweepLock(dir, Kind::one_run, "prospect sweep first.ini --index 1"),
                    Contains("prospect sweep first.ini)") && Contains("--index runs wait"));
  whole.reset();
  {
    const SweepLock run1(dir, Kind::one_run, "prospect sweep first.ini --index 1");
    const SweepLock run2(dir, Kind::one_run, "prospect sweep first.ini --index 2");
    CHECK_THROWS_WITH(SweepLock(dir, Kind::whole_sweep, "prospect sweep first.ini"),
                      Contains("(prospect sweep first.ini --index 2)"));
  }
  CHECK_NOTHROW(SweepLock(dir, Kind::whole_sweep, "prospect sweep first.ini"));
}

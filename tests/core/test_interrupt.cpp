// Stop requests: a loop's StopCheck throws at the step after a request, asks
// an embedding program's poll only every 50 ms whatever the step's length,
// and a cleared request lets the next loop run.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "core/interrupt.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

int polls = 0;
bool stop_at_poll = false;
bool counting_poll() {
  ++polls;
  return stop_at_poll;
}

// Steps of about `step` each for `seconds`, with a check at each step;
// whether the check threw.
bool run_loop(std::chrono::microseconds step, double seconds) {
  core::StopCheck stop_if_requested;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  try {
    long k = 0;
    while (std::chrono::steady_clock::now() < end) {
      stop_if_requested([&] { return "at test step " + std::to_string(++k); });
      if (step.count() > 0) std::this_thread::sleep_for(step);
    }
  } catch (const core::Interrupted&) {
    return true;
  }
  return false;
}

}  // namespace

TEST_CASE("A stop request stops a loop at its next check", "[unit]") {
  core::StopCheck stop_if_requested;
  CHECK_NOTHROW(stop_if_requested([] { return std::string("at step 1"); }));
  core::request_stop(core::kStopByCaller);
  CHECK_THROWS_WITH(stop_if_requested([] { return std::string("at step 2"); }),
                    Contains("stopped by request at step 2"));
  core::clear_stop_request();
  CHECK_NOTHROW(stop_if_requested([] { return std::string("at step 3"); }));
}

TEST_CASE("The poll is asked about every 50 ms, for short and long steps", "[unit]") {
  core::set_stop_poll(counting_poll);
  for (const auto step : {std::chrono::microseconds(0), std::chrono::microseconds(2000)}) {
    polls = 0;
    stop_at_poll = false;
    CHECK_FALSE(run_loop(step, 0.5));
    CHECK(polls >= 5);   // 10 at 50 ms; fewer only on a loaded machine
    CHECK(polls <= 11);  // never more often than every 50 ms
  }
  polls = 0;
  stop_at_poll = true;
  const auto start = std::chrono::steady_clock::now();
  CHECK(run_loop(std::chrono::microseconds(0), 5));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  CHECK(core::stop_signal() == core::kStopByCaller);  // other loops see it too
  core::clear_stop_request();
  core::set_stop_poll(nullptr);
}

TEST_CASE("Only the polling thread's loops ask the poll", "[unit]") {
  core::set_stop_poll(counting_poll);
  polls = 0;
  stop_at_poll = true;
  bool stopped = true;
  std::thread other([&] { stopped = run_loop(std::chrono::microseconds(0), 0.2); });
  other.join();
  CHECK_FALSE(stopped);
  CHECK(polls == 0);
  core::set_stop_poll(nullptr);
}

#pragma once
// SIGINT and SIGTERM ask a run to stop: the loops (through core::Progress,
// which every step reports to, and StopCheck in loops that report to none)
// then throw Interrupted at the next step, so the run ends as after any
// error: the output file keeps its last checkpoint and the command line says
// where the run stopped. A second signal ends the process at once. A signal
// the process was started ignoring (a background job of a shell without job
// control) stays ignored.
//
// A program that embeds the library and keeps its own signal handling (the
// Python module: Python's handler raises KeyboardInterrupt) installs no
// handlers; it sets a stop poll instead, which the loops' checks call a few
// times a second, and asks for a stop with request_stop().

#include <chrono>
#include <string>
#include <thread>

#include "core/error.h"

namespace prospect::core {

class Interrupted : public Error {
 public:
  Interrupted(int signal, const std::string& message) : Error(message), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Not a signal: the embedding program asked to stop (request_stop).
constexpr int kStopByCaller = -1;

void install_stop_handlers();

// The signal that asked to stop, kStopByCaller, or 0.
int stop_signal();
void request_stop(int signal);
// Forgets a request, for a process that goes on after the stopped run.
void clear_stop_request();

// Whether to stop, asked by the StopChecks of loops on `thread` (others see
// the request it makes) at most every 50 ms; nullptr: none (the default).
using StopPoll = bool (*)();
void set_stop_poll(StopPoll poll, std::thread::id thread = std::this_thread::get_id());

[[noreturn]] void throw_interrupted(const std::string& where);

// A loop's check for a stop request at each step: the flag at every call (one
// load), the poll (if any) only when 50 ms have passed. The clock is read
// every stride-th call, the stride adapting to the step's length so that is
// every few milliseconds: a microsecond step does not pay for the clock.
class StopCheck {
 public:
  // Throws Interrupted "stopped by SIGINT <where()>" once a stop was asked
  // for; `where` (a callable giving the text) is called only then.
  template <typename Where>
  void operator()(Where&& where) {
    if (stop_signal() != 0 || (--countdown_ <= 0 && polled_stop())) throw_interrupted(where());
  }

 private:
  bool polled_stop();

  long countdown_ = 1;
  long stride_ = 1;
  std::chrono::steady_clock::time_point last_clock_{};
};

}  // namespace prospect::core

#include "core/interrupt.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>

namespace prospect::core {
namespace {

volatile std::sig_atomic_t requested = 0;
std::atomic<StopPoll> stop_poll{nullptr};
std::atomic<std::thread::id> polling_thread{};
std::chrono::steady_clock::time_point last_poll{};  // only the polling thread's

extern "C" void request_stop_by_signal(int signal) {
  requested = signal;
  const char note[] = "\nprospect: stopping at the next step (again to stop at once)\n";
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, note, sizeof note - 1);
}

}  // namespace

void install_stop_handlers() {
  for (const int signal : {SIGINT, SIGTERM}) {
    struct sigaction current {};
    ::sigaction(signal, nullptr, &current);
    // Ignored by whoever started the process (a shell's background job): stays so.
    if (current.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = request_stop_by_signal;
    sigemptyset(&action.sa_mask);
    // Calls in progress carry on; a second signal ends the process at once.
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    ::sigaction(signal, &action, nullptr);
  }
}

int stop_signal() { return requested; }
void request_stop(int signal) { requested = signal; }
void clear_stop_request() { requested = 0; }
void set_stop_poll(StopPoll poll, std::thread::id thread) {
  polling_thread = thread;
  stop_poll = poll;
}

void throw_interrupted(const std::string& where) {
  const int signal = stop_signal();
  const std::string name = signal == SIGINT          ? "SIGINT"
                           : signal == SIGTERM       ? "SIGTERM"
                           : signal == kStopByCaller ? "request"
                                                     : "signal " + std::to_string(signal);
  throw Interrupted(signal, "stopped by " + name + " " + where);
}

bool StopCheck::polled_stop() {
  const StopPoll poll = stop_poll;
  if (poll == nullptr) {
    countdown_ = 1L << 20;  // nothing to poll: only the flag matters
    return false;
  }
  using namespace std::chrono_literals;
  const auto now = std::chrono::steady_clock::now();
  const auto since = now - last_clock_;
  if (since < 1ms) stride_ = std::min(stride_ * 2, 1L << 20);
  if (since > 10ms) stride_ = std::max(stride_ / 2, 1L);
  countdown_ = stride_;
  last_clock_ = now;
  // 50 ms between polls for all loops together: a loop that starts afresh
  // (a relaxation per batch) does not poll at its start.
  if (std::this_thread::get_id() != polling_thread.load() || now - last_poll < 50ms) return false;
  last_poll = now;
  if (!poll()) return false;
  if (stop_signal() == 0) request_stop(kStopByCaller);  // the other loops stop too
  return true;
}

}  // namespace prospect::core

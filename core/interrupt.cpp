#include "core/interrupt.h"

#include <unistd.h>

#include <csignal>

namespace prospect::core {
namespace {

volatile std::sig_atomic_t requested = 0;

extern "C" void request_stop(int signal) {
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
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    // Calls in progress carry on; a second signal ends the process at once.
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    ::sigaction(signal, &action, nullptr);
  }
}

int stop_signal() { return requested; }

void throw_interrupted(const std::string& where) {
  const int signal = stop_signal();
  const std::string name = signal == SIGINT    ? "SIGINT"
                           : signal == SIGTERM ? "SIGTERM"
                                               : "signal " + std::to_string(signal);
  throw Interrupted(signal, "stopped by " + name + " " + where);
}

}  // namespace prospect::core

#include "core/interrupt.h"

#include <unistd.h>

#include <csignal>

namespace prospect::core {
namespace {

volatile std::sig_atomic_t requested = 0;

extern "C" void request_stop(int signal) {
  requested = signal;
  std::signal(signal, SIG_DFL);  // a second signal ends the process at once
  const char note[] = "\nprospect: stopping at the next step (again to stop at once)\n";
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, note, sizeof note - 1);
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
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

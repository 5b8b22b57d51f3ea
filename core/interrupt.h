#pragma once
// SIGINT and SIGTERM ask a run to stop: the loops (through core::Progress,
// which every step reports to) then throw Interrupted at the next step, so
// the run ends as after any error: the output file keeps its last checkpoint
// and the command line says where the run stopped. A second signal ends the
// process at once. A signal the process was started ignoring (a background
// job of a shell without job control) stays ignored.

#include <string>

#include "core/error.h"

namespace prospect::core {

class Interrupted : public Error {
 public:
  Interrupted(int signal, const std::string& message) : Error(message), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

void install_stop_handlers();

// The signal that asked to stop, or 0.
int stop_signal();

[[noreturn]] void throw_interrupted(const std::string& where);

// Throws Interrupted "stopped by SIGINT <where()>" once a stop was asked for;
// `where` (a callable giving the text) is called only then.
template <typename Where>
void stop_if_requested(Where&& where) {
  if (stop_signal() != 0) throw_interrupted(where());
}

}  // namespace prospect::core

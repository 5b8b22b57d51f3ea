#pragma once
// Progress of a long run on stderr (core/output.h): steps done, step rate,
// ETA and a free-text status (loss, accuracy). A redrawn bar on a terminal,
// a plain line every few seconds otherwise (logs stay readable); or numbers
// to the output sink's progress report, as often as a terminal's bar.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/interrupt.h"

namespace prospect::core {

class Progress {
 public:
  Progress(std::string label, std::int64_t total_steps, bool enabled = true);
  // Cheap when called every step: only the clock is read, and rarely.
  // Throws core::Interrupted once a stop was asked for (core/interrupt.h).
  void update(std::int64_t steps_done, const std::string& status = "");
  void finish(const std::string& status = "");
  double seconds_elapsed() const;

 private:
  void draw(std::int64_t steps_done, const std::string& status, bool final_line);

  std::string label_;
  std::int64_t total_;
  bool enabled_;
  bool terminal_;
  StopCheck stop_if_requested_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::int64_t countdown_ = 0;
};

}  // namespace prospect::core

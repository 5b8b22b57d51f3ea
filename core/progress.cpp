#include "core/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/output.h"

namespace prospect::core {
namespace {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  char text[32];
  const auto total = static_cast<long>(seconds + 0.5);
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
  } else if (total >= 60) {
    std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%.1fs", seconds);
  }
  return text;
}

}  // namespace

Progress::Progress(std::string label, std::int64_t total_steps, bool enabled)
    : label_(std::move(label)),
      total_(std::max<std::int64_t>(1, total_steps)),
      enabled_(enabled),
      terminal_(is_terminal(Channel::err)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::seconds_elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::int64_t steps_done, const std::string& status) {
  stop_if_requested_([&] {
    return "at " + label_ + " step " + std::to_string(steps_done) + " of " + std::to_string(total_);
  });
  if (!enabled_ || --countdown_ > 0) return;
  countdown_ = 1000;  // look at the clock only every 1000 calls
  const auto now = std::chrono::steady_clock::now();
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  if (since_draw < (terminal_ ? 0.2 : 5.0)) return;
  last_draw_ = now;
  draw(steps_done, status, false);
}

void Progress::finish(const std::string& status) {
  if (enabled_) draw(total_, status, true);
}

void Progress::draw(std::int64_t steps_done, const std::string& status, bool final_line) {
  if (report_progress({label_, steps_done, total_, status, final_line})) return;
  const double elapsed = seconds_elapsed();
  const double fraction = static_cast<double>(steps_done) / static_cast<double>(total_);
  const double rate = elapsed > 0 ? static_cast<double>(steps_done) / elapsed : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - steps_done) / rate : NAN;
  std::string bar;
  if (terminal_) {
    const int width = 24;
    const int filled = static_cast<int>(fraction * width);
    bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
  }
  err("%s%s %s%5.1f%% %.3g steps/s %s %s %s%s", terminal_ ? "\r\033[K" : "", label_.c_str(),
      bar.c_str(), 100 * fraction, rate, final_line ? "took" : "eta",
      format_duration(final_line ? elapsed : eta).c_str(), status.c_str(),
      terminal_ && !final_line ? "" : "\n");
}

}  // namespace prospect::core

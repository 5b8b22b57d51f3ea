#pragma once
// Where the library's text goes: summaries and tables (out), progress lines
// (err) and warnings. The command line leaves them on stdout and stderr; a
// program that embeds the library sets a sink (the Python module's writes
// to sys.stdout, sys.stderr and warnings.warn, or nowhere), and may take the
// progress reports as numbers instead of a drawn line.

#include <cstdint>
#include <string>
#include <string_view>

namespace prospect::core {

enum class Channel { out, err };

struct ProgressReport {
  std::string_view label;  // the task: names the line
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string_view status;  // loss, accuracy, ...
  bool finished = false;
};

// Any of the functions may be nullptr: that part as on the command line.
// They are called from whichever thread prints, and must not throw.
struct OutputSink {
  void (*write)(Channel channel, std::string_view text) = nullptr;
  void (*warn)(std::string_view text) = nullptr;  // no "warning: ", no newline
  bool (*terminal)(Channel channel) = nullptr;    // a redrawn progress bar suits it
  // Instead of the drawn line; returns false to draw it after all.
  bool (*progress)(const ProgressReport& report) = nullptr;
};

// The sink lives as long as it is set; nullptr: stdout and stderr.
void set_output_sink(const OutputSink* sink);

void write(Channel channel, std::string_view text);
// printf-style text on stdout (out) or stderr (err).
void out(const char* format, ...) __attribute__((format(printf, 1, 2)));
void err(const char* format, ...) __attribute__((format(printf, 1, 2)));
// "warning: <text>" on stderr.
void warn(const char* format, ...) __attribute__((format(printf, 1, 2)));
bool is_terminal(Channel channel);
// Whether the sink took the report (else the caller draws its line).
bool report_progress(const ProgressReport& report);

}  // namespace prospect::core

#include "core/output.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>

namespace prospect::core {
namespace {

std::atomic<const OutputSink*> current_sink{nullptr};

std::FILE* file_of(Channel channel) { return channel == Channel::out ? stdout : stderr; }

std::string formatted(const char* format, std::va_list arguments) {
  std::va_list again;
  va_copy(again, arguments);
  const int length = std::vsnprintf(nullptr, 0, format, arguments);
  std::string text(static_cast<std::size_t>(std::max(length, 0)), '\0');
  std::vsnprintf(text.data(), text.size() + 1, format, again);
  va_end(again);
  return text;
}

}  // namespace

void set_output_sink(const OutputSink* sink) { current_sink = sink; }

void write(Channel channel, std::string_view text) {
  const OutputSink* sink = current_sink;
  if (sink != nullptr && sink->write != nullptr) return sink->write(channel, text);
  std::FILE* file = file_of(channel);
  std::fwrite(text.data(), 1, text.size(), file);
  std::fflush(file);  // tables and progress show as they come, also into a pipe
}

void out(const char* format, ...) {
  std::va_list arguments;
  va_start(arguments, format);
  write(Channel::out, formatted(format, arguments));
  va_end(arguments);
}

void err(const char* format, ...) {
  std::va_list arguments;
  va_start(arguments, format);
  write(Channel::err, formatted(format, arguments));
  va_end(arguments);
}

void warn(const char* format, ...) {
  std::va_list arguments;
  va_start(arguments, format);
  const std::string text = formatted(format, arguments);
  va_end(arguments);
  const OutputSink* sink = current_sink;
  if (sink != nullptr && sink->warn != nullptr) return sink->warn(text);
  write(Channel::err, "warning: " + text + "\n");
}

bool is_terminal(Channel channel) {
  const OutputSink* sink = current_sink;
  if (sink != nullptr && sink->terminal != nullptr) return sink->terminal(channel);
  return isatty(fileno(file_of(channel))) != 0;
}

bool report_progress(const ProgressReport& report) {
  const OutputSink* sink = current_sink;
  return sink != nullptr && sink->progress != nullptr && sink->progress(report);
}

}  // namespace prospect::core

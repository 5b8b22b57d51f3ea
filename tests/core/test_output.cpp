// The output sink: text, warnings and progress reports go where an embedding
// program points them, and to stdout/stderr otherwise.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/output.h"
#include "core/progress.h"

using namespace prospect;

namespace {

std::string out_text, err_text, warnings;
std::vector<std::int64_t> reported;

const core::OutputSink kSink{
    .write = [](core::Channel channel,
                std::string_view text) { (channel == core::Channel::out ? out_text : err_text) += text; },
    .warn = [](std::string_view text) { warnings += std::string(text) + "|"; },
    .terminal = [](core::Channel) { return false; },
    .progress = [](const core::ProgressReport& report) {
      reported.push_back(report.done);
      return true;
    }};

}  // namespace

TEST_CASE("Text, warnings and progress go to the sink", "[unit]") {
  out_text.clear(), err_text.clear(), warnings.clear(), reported.clear();
  core::set_output_sink(&kSink);
  core::out("%s %d\n", "table", 3);
  core::err("line\n");
  core::warn("key '%s' has no effect", "x");
  core::Progress progress("test", 10);
  progress.finish("done");
  core::set_output_sink(nullptr);
  CHECK(out_text == "table 3\n");
  CHECK(err_text == "line\n");  // the progress went to its report, not drawn
  CHECK(warnings == "key 'x' has no effect|");
  CHECK(reported == std::vector<std::int64_t>{10});
}

#include "tasks/run_request.h"

#include <omp.h>

#include "core/error.h"
#include "core/h5_file.h"

namespace prospect::tasks {

RunContext resolve_run(const Task& task, const RunRequest& request) {
  const auto table = task.options();
  RunContext context;
  context.output_path = request.output.value_or(task.name() + ".h5");
  context.seed = request.seed.value_or(1);
  context.resume = request.resume;
  if (context.resume) {
    // The run file holds its configuration and seed; overrides may only extend it.
    if (!task.resumable()) {
      fail("--resume: task '", task.name(), "' writes no checkpoints and cannot resume");
    }
    if (!request.config_file.empty()) {
      fail("--resume: the configuration comes from ", context.output_path, "; drop --config");
    }
    const core::H5Reader saved(context.output_path);
    context.options =
        core::Options::resolve_text(table, saved.string_attribute("/", "configuration"),
                                    context.output_path, request.overrides);
    if (!request.seed) {
      context.seed = static_cast<std::uint64_t>(saved.double_attribute("/", "seed"));
    }
  } else {
    context.options = core::Options::resolve(table, request.config_file, request.overrides);
  }
  context.threads = request.threads;
  if (context.threads < 1) fail("--threads ", context.threads, ": expected >= 1");
  context.progress = request.progress;
  return context;
}

void run_task(const Task& task, const RunContext& context) {
  omp_set_num_threads(context.threads);
  task.run(context);
}

}  // namespace prospect::tasks

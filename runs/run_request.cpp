#include "runs/run_request.h"

#include <omp.h>

#include <algorithm>

#include "core/error.h"
#include "core/h5_file.h"
#include "core/parallel.h"
#include "integrators/replaced_keys.h"
#include "runs/run_file.h"

namespace prospect::runs {

RunContext resolve_run(const Task& task, const RunRequest& request) {
  auto table = task.options();
  integrators::name_replaced_keys(table);
  RunContext context;
  context.output_path = request.output.value_or(task.name() + ".h5");
  context.seed = request.seed.value_or(1);
  context.resume = request.resume;
  context.resumable = task.resumable();
  context.overwrite = request.overwrite;
  context.allow_changed_data = request.allow_changed_data;
  if (context.allow_changed_data && !context.resume) fail("--allow-changed-data goes with --resume");
  if (context.resume) {
    // The run file holds its configuration and seed; overrides may only extend it.
    if (!task.resumable()) {
      fail("--resume: task '", task.name(), "' writes no checkpoints and cannot resume");
    }
    if (context.overwrite) fail("--resume continues the output file; drop --overwrite");
    if (!request.config_file.empty()) {
      fail("--resume: the configuration comes from ", context.output_path, "; drop --config");
    }
    check_output(context);
    const core::H5Reader saved(context.output_path);
    check_resumable(saved, task.name());
    context.options =
        core::Options::resolve_text(table, saved.string_attribute("/", "configuration"),
                                    context.output_path, request.overrides);
    if (!request.seed) {
      context.seed = static_cast<std::uint64_t>(saved.double_attribute("/", "seed"));
    }
  } else {
    context.options = core::Options::resolve(table, request.config_file, request.overrides);
    check_output(context);  // after the configuration file is known as an input
  }
  context.threads = request.threads;
  core::check_thread_count(context.threads, "--threads");
  context.progress = request.progress;
  return context;
}

void run_task(const Task& task, const RunContext& context) {
  omp_set_num_threads(context.threads);
  task.run(context);
}

std::string output_note(const RunContext& context, const Task& task,
                        const std::optional<core::FileIdentity>& before) {
  const std::string& path = context.output_path;
  const auto now = core::identify(path);
  if (!now) return path + ": not written";
  if (before && now->unchanged(*before)) return path + ": left as it was";
  std::string note = path + ": holds the run up to its last checkpoint";
  try {
    const core::H5Reader file(path);
    if (file.has_attribute("/", "diverged")) {
      return path + ": holds what the run wrote until it diverged, and where (root attribute "
                    "'diverged')";
    }
    if (file.exists("checkpoint/epochs_done")) {
      note += ", after epoch " + std::to_string(file.read_int("checkpoint/epochs_done").data.at(0));
    }
  } catch (const Error& e) {
    return path + ": cannot be read (" + e.what() + ")";
  }
  if (task.resumable()) {
    note += "; continue with: prospect run " + task.name() + " --resume --output " + path;
  }
  return note;
}

std::string largest_sizes(const core::Options& options) {
  std::string sizes;
  for (const auto& [key, value] : options.largest_integers(100000)) {
    sizes += (sizes.empty() ? "the largest sizes set: " : ", ") + key + " = " + std::to_string(value);
  }
  return sizes;
}

}  // namespace prospect::runs

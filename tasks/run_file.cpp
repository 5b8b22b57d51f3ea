#include "tasks/run_file.h"

#include <chrono>
#include <ctime>

namespace prospect::tasks {

core::H5Writer open_run_file(const RunContext& context, const std::string& task_name) {
  core::H5Writer file(context.output_path);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char start[32];
  std::strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  file.set_attribute("/", "version", std::string(PROSPECT_VERSION));
  file.set_attribute("/", "git_revision", std::string(PROSPECT_GIT_REVISION));
  file.set_attribute("/", "task", task_name);
  file.set_attribute("/", "seed", static_cast<std::int64_t>(context.seed));
  file.set_attribute("/", "threads", static_cast<std::int64_t>(context.threads));
  file.set_attribute("/", "start_time", std::string(start));
  file.set_attribute("/", "configuration", context.options.to_ini());
  return file;
}

void describe_run(core::H5Writer& file, const RunDescription& description) {
  for (const auto& [name, value] : {std::pair{"model", &description.model},
                                    std::pair{"scheme", &description.scheme},
                                    std::pair{"stepper", &description.stepper}}) {
    if (!value->empty()) file.set_attribute("/", name, *value);
  }
  if (description.dt > 0) file.set_attribute("/", "dt", description.dt);
}

}  // namespace prospect::tasks

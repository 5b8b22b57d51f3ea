#include "runs/run_file.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <utility>

#include "core/build_info.h"
#include "core/error.h"
#include "core/output.h"
#include "core/run_inputs.h"

namespace prospect::runs {
namespace {

const std::string kInputs = "inputs/";

std::string now_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void write_fingerprints(core::H5Writer& file) {
  for (const auto& data : core::RunInputs::current() ? core::RunInputs::current()->data()
                                                      : std::vector<core::DataFingerprint>{}) {
    const std::string dataset = kInputs + data.name;
    const std::int64_t bytes = static_cast<std::int64_t>(data.bytes);
    file.write(dataset, {1}, &bytes, core::units::bytes);
    file.set_attribute(dataset, "source", data.source);
    file.set_attribute(dataset, "xxh3_128", data.digest);
  }
}

// The data of this run against the fingerprints in the run file: a list of
// what differs, empty when nothing does.
std::string changed_data(const core::H5Reader& saved) {
  std::string changes;
  if (core::RunInputs::current() == nullptr) return changes;
  for (const auto& data : core::RunInputs::current()->data()) {
    const std::string dataset = kInputs + data.name;
    std::string then = "no fingerprint recorded";
    if (saved.exists(dataset)) {
      const auto bytes = saved.read_int(dataset).data.at(0);
      const auto digest = saved.string_attribute(dataset, "xxh3_128");
      if (bytes == static_cast<std::int64_t>(data.bytes) && digest == data.digest) continue;
      then = std::to_string(bytes) + " bytes, xxh3 " + digest;
    }
    changes += "\n  " + data.name + " (" + data.source + "): " + then + " when the run began, " +
               std::to_string(data.bytes) + " bytes, xxh3 " + data.digest + " now";
  }
  return changes;
}

// The build attributes a run file starts with; the build that resumes it
// names itself when it differs, since its numbers may differ from those the
// first build would have computed (docs/builds.md).
const std::pair<const char*, std::string core::BuildInfo::*> kBuildAttributes[] = {
    {"version", &core::BuildInfo::version},
    {"git_revision", &core::BuildInfo::git_revision},
    {"instruction_set", &core::BuildInfo::instruction_set},
    {"compiler", &core::BuildInfo::compiler}};

void write_build(core::H5Writer& file) {
  for (const auto& [name, field] : kBuildAttributes) {
    file.set_attribute("/", name, core::build_info().*field);
  }
}

// The build attributes of a saved run that differ from this build's, as text
// ("" when none does).
std::string other_build(const core::H5Reader& saved) {
  std::string differences;
  for (const auto& [name, field] : kBuildAttributes) {
    const std::string then =
        saved.has_attribute("/", name) ? saved.string_attribute("/", name) : "not recorded";
    const std::string& now = core::build_info().*field;
    if (then != now) {
      differences += std::string("\n  ") + name + ": " + then + " then, " + now + " now";
    }
  }
  return differences;
}

}  // namespace

void check_output(const RunContext& context) {
  const std::string& path = context.output_path;
  const bool exists = std::filesystem::exists(path);
  if (context.resume && !exists) fail(path, ": no run file to resume");
  if (!context.resume && exists && !context.overwrite) {
    fail(path, ": exists; pass --overwrite to replace it (it stays as it is until the new run ",
         context.resumable ? "writes its first checkpoint or ends), --resume to continue the run in it, "
                   : "ends), ",
         "or another --output");
  }
  if (!context.resume) core::require_not_input(path, "the output file");
}

void check_resumable(const core::H5Reader& file, const std::string& task_name) {
  if (!file.has_attribute("/", "task")) {
    fail(file.path(), ": not a prospect run file (no 'task' attribute); cannot resume it");
  }
  const std::string made_by = file.string_attribute("/", "task");
  if (made_by != task_name) {
    fail(file.path(), ": made by task '", made_by, "', not '", task_name, "'; resume it with "
         "prospect run ", made_by, " --resume");
  }
  if (file.has_attribute("/", "diverged")) {
    fail(file.path(), ": the run diverged (", file.string_attribute("/", "diverged"),
         "); resuming would repeat it: start a new run with other settings");
  }
}

void mark_diverged(core::H5Writer& file, const core::Diverged& divergence) {
  // Before its first checkpoint a run given --overwrite has nothing of its own
  // worth putting over the earlier file: that stays, and the error says where
  // the run diverged.
  if (file.would_replace_earlier_file()) return;  // discarded as the divergence unwinds
  file.set_attribute("/", "diverged", divergence.where());
  file.close();
}

core::H5Writer open_run_file(const RunContext& context, const std::string& task_name) {
  check_output(context);
  if (context.resume) {
    std::string changes, builds;
    {
      const core::H5Reader saved(context.output_path);
      check_resumable(saved, task_name);
      changes = changed_data(saved);
      builds = other_build(saved);
    }
    if (!changes.empty() && !context.allow_changed_data) {
      fail(context.output_path, ": cannot resume: the data differ from the run's:", changes,
           "\n(pass --allow-changed-data to resume with the data as they are now)");
    }
    core::H5Writer file(context.output_path, core::H5Writer::Mode::update);
    if (!changes.empty()) {
      core::warn("resuming with changed data (--allow-changed-data):%s", changes.c_str());
      file.set_attribute("/", "data_changed_on_resume", now_utc());
      write_fingerprints(file);
    }
    if (!builds.empty()) {
      core::warn("resuming a run another build started (its numbers may differ "
                 "from an uninterrupted run's):%s", builds.c_str());
      file.set_attribute("/", "resumed_by", core::version_line());
    }
    return file;
  }
  core::H5Writer file(context.output_path);
  write_build(file);
  file.set_attribute("/", "task", task_name);
  file.set_attribute("/", "seed", static_cast<std::int64_t>(context.seed));
  file.set_attribute("/", "threads", static_cast<std::int64_t>(context.threads));
  file.set_attribute("/", "start_time", now_utc());
  file.set_attribute("/", "configuration", context.options.to_ini());
  write_fingerprints(file);
  return file;
}

void describe_run(core::H5Writer& file, const std::string& family,
                  const integrators::Integration& integration) {
  file.set_attribute("/", "model", family);
  if (!integration.scheme.empty()) file.set_attribute("/", "scheme", integration.scheme);
  if (integration.stepper) {
    file.set_attribute("/", "stepper", core::name_of(integrators::kStepperNames, *integration.stepper));
  }
  if (integration.dt > 0) file.set_attribute("/", "dt", integration.dt);
}

}  // namespace prospect::runs

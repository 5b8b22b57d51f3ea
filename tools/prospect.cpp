// The prospect command line: wires tasks, options and files together.
//
//   prospect run <task> [--config FILE.ini] [--set key=value ...] [--output run.h5]
//                       [--overwrite] [--seed N] [--threads N] [--quiet]
//                       [--resume [--allow-changed-data]]
//   prospect run <task> --help
//   prospect list
//   prospect info run.h5
//   prospect phase run.h5 --signal PATH --reference PATH [...]

#include <omp.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>

#include "core/divergence.h"
#include "core/error.h"
#include "core/file_system.h"
#include "core/h5_file.h"
#include "core/interrupt.h"
#include "core/memory.h"
#include "core/run_inputs.h"
#include "tasks/run_file.h"
#include "tasks/task.h"
#include "tools/command_line.h"
#include "tools/info.h"
#include "tools/phase.h"

namespace po = boost::program_options;
using namespace prospect;

namespace {

const char* usage =
    "usage: prospect <command> [arguments]\n"
    "commands:\n"
    "  run <task> [options]   run a task; 'prospect run <task> --help' lists its options\n"
    "  list                   tasks and their options with defaults\n"
    "  info <run.h5>          attributes and datasets of a run file\n"
    "  phase <run.h5> ...     gain and phase of one recorded signal against another;\n"
    "                         'prospect phase --help' lists its options\n";

// How the output file stands after a run that did not finish: the user's
// next step depends on it.
std::string output_note(const tasks::RunContext& context, const tasks::Task& task,
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

// "error: ..." (and a note) for any exception, and the exit status for it.
int report_failure(const std::exception_ptr& failure, const std::string& note = "",
                   const std::string& memory_hint = "") {
  int status = 1;
  try {
    std::rethrow_exception(failure);
  } catch (const core::Interrupted& e) {
    std::cerr << "prospect: " << e.what() << "\n";
    status = 128 + e.signal();
  } catch (const core::Diverged& e) {
    std::cerr << "error: " << e.what() << "\n(a learning rate or time step too large?)\n";
    status = 3;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const po::error& e) {
    std::cerr << "error: " << e.what() << "\n";
    status = 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory (" << core::format_bytes(double(core::usable_memory()))
              << " here): " << (memory_hint.empty() ? "a size in the configuration is too large"
                                                     : memory_hint)
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: unexpected failure (an exception of unknown type)\n";
  }
  if (!note.empty()) std::cerr << note << "\n";
  return status;
}

// Boost reads "-1" as the largest unsigned number; a seed is a plain whole number.
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    fail("--seed '", text, "': expected a whole number from 0 to 18446744073709551615");
  }
  return seed;
}

int run_command(const std::vector<std::string>& arguments) {
  po::options_description flags("options");
  flags.add_options()("help,h", "this help and the task's options")(
      "config,c", po::value<std::string>()->default_value(""), "INI file of task options")(
      "set,s", po::value<std::vector<std::string>>()->composing(), "override: key=value (repeatable)")(
      "output,o", po::value<std::string>(), "output HDF5 file (default: <task>.h5)")(
      "overwrite", "replace the output file if it exists (it stays as it is until the new run "
                   "writes its first checkpoint or ends)")(
      "seed", po::value<std::string>()->default_value("1"), "random seed")(
      "threads", po::value<int>()->default_value(1), "threads (layers of a network step, or mackey_glass windows, run in parallel)")(
      "quiet,q", "no progress line on stderr")(
      "resume", "continue the run in --output from its last checkpoint, with its options and "
                "seed (--set epochs=N extends it)")(
      "allow-changed-data", "with --resume: continue even if the data differ from the run's");
  const po::variables_map map = tools::parse_arguments(arguments, flags, "task");

  if (!map.count("task")) {
    std::cout << "usage: prospect run <task> [options]\n" << flags;
    return map.count("help") ? 0 : 2;
  }
  const auto task = tasks::find_task(map["task"].as<std::string>());
  const auto table = task->options();
  if (map.count("help")) {
    std::cout << "prospect run " << task->name() << ": " << task->summary() << "\n\n"
              << flags << "\ntask options (key = default; INI sections are the part before the "
                          "last dot):\n"
              << table.describe();
    return 0;
  }
  core::RunInputs inputs;
  tasks::RunContext context;
  const auto overrides =
      map.count("set") ? map["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  context.output_path =
      map.count("output") ? map["output"].as<std::string>() : task->name() + ".h5";
  context.seed = parse_seed(map["seed"].as<std::string>());
  context.resume = map.count("resume") > 0;
  context.overwrite = map.count("overwrite") > 0;
  context.allow_changed_data = map.count("allow-changed-data") > 0;
  if (context.allow_changed_data && !context.resume) fail("--allow-changed-data goes with --resume");
  if (context.resume) {
    // The run file holds its configuration and seed; --set may only extend it.
    if (!task->resumable()) {
      fail("--resume: task '", task->name(), "' writes no checkpoints and cannot resume");
    }
    if (context.overwrite) fail("--resume continues the output file; drop --overwrite");
    if (!map["config"].as<std::string>().empty()) {
      fail("--resume: the configuration comes from ", context.output_path, "; drop --config");
    }
    tasks::check_output(context);
    const core::H5Reader saved(context.output_path);
    tasks::check_resumable(saved, task->name());
    context.options = core::Options::resolve_text(
        table, saved.string_attribute("/", "configuration"), context.output_path, overrides);
    if (map["seed"].defaulted()) {
      context.seed = static_cast<std::uint64_t>(saved.double_attribute("/", "seed"));
    }
  } else {
    context.options = core::Options::resolve(table, map["config"].as<std::string>(), overrides);
    tasks::check_output(context);  // after the configuration file is known as an input
  }
  context.threads = map["threads"].as<int>();
  const int most_threads = 16 * std::max(1, omp_get_num_procs());
  if (context.threads < 1 || context.threads > most_threads) {
    fail("--threads ", context.threads, ": expected 1 to ", most_threads, " (", omp_get_num_procs(),
         " cores here)");
  }
  context.progress = !map.count("quiet");
  omp_set_num_threads(context.threads);
  const auto before = core::identify(context.output_path);
  try {
    task->run(context);
  } catch (...) {
    std::string sizes;
    for (const auto& [key, value] : context.options.largest_integers(100000)) {
      sizes += (sizes.empty() ? "the largest sizes set: " : ", ") + key + " = " + std::to_string(value);
    }
    return report_failure(std::current_exception(), output_note(context, *task, before), sizes);
  }
  return 0;
}

int list_command() {
  for (const auto& task : tasks::all_tasks()) {
    std::cout << task->name() << ": " << task->summary() << "\n" << task->options().describe() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  core::install_stop_handlers();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a log shows each line as the run prints it
  try {
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
      std::cout << usage;
      return arguments.empty() ? 2 : 0;
    }
    const std::string& command = arguments[0];
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (command == "run") return run_command(rest);
    if (command == "list") return list_command();
    if (command == "phase") {
      core::RunInputs inputs;
      return tools::phase_command(rest);
    }
    if (command == "info") {
      if (rest.size() != 1) fail("usage: prospect info <run.h5>");
      tools::print_info(rest[0], std::cout);
      return 0;
    }
    fail("unknown command '", command, "'\n", usage);
  } catch (...) {
    return report_failure(std::current_exception());
  }
}

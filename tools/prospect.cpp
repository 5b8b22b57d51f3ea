// The prospect command line: wires tasks, options and files together.
//
//   prospect run <task> [--config FILE.ini] [--set key=value ...] [--output run.h5]
//                       [--overwrite] [--seed N] [--threads N] [--quiet]
//                       [--resume [--allow-changed-data]]
//   prospect run <task> --help
//   prospect list
//   prospect info run.h5
//   prospect phase run.h5 --signal PATH --reference PATH [...]
//   [mpirun -np N] prospect sweep FILE.ini [--jobs N] [--index K] [--slurm] [--summary] [...]
//   prospect summarize DIR
//   prospect data list | fetch NAME | import NAME PATH
//   prospect --version

#include <boost/program_options.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <iostream>

#include "core/build_info.h"
#include "core/divergence.h"
#include "core/error.h"
#include "core/file_system.h"
#include "core/heap.h"
#include "core/interrupt.h"
#include "core/memory.h"
#include "core/run_inputs.h"
#include "runs/run_request.h"
#include "tasks/registry.h"
#include "tools/command_line.h"
#include "tools/data/data_command.h"
#include "tools/info.h"
#include "tools/phase.h"
#include "tools/sweep/sweep_command.h"

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
    "                         'prospect phase --help' lists its options\n"
    "  sweep <file.ini> ...   run a sweep of runs (locally, under mpirun, or as a Slurm\n"
    "                         job array); 'prospect sweep --help' lists its options\n"
    "  summarize <dir>        mean ± sd per setting of a sweep's finished runs\n"
    "  data list|fetch|import the data sets: where they come from, download, import;\n"
    "                         'prospect data --help' says more\n"
    "  --version              version, git revision, instruction set and compiler\n";

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
    std::cerr << "error: " << printable(e.what()) << "\n";
    status = 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory (" << core::format_bytes(double(core::usable_memory()))
              << " here): " << (memory_hint.empty() ? "a size in the configuration is too large"
                                                     : memory_hint)
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << printable(e.what()) << "\n";
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
  runs::RunRequest request;
  request.config_file = map["config"].as<std::string>();
  if (map.count("set")) request.overrides = map["set"].as<std::vector<std::string>>();
  if (map.count("output")) request.output = map["output"].as<std::string>();
  if (!map["seed"].defaulted()) request.seed = parse_seed(map["seed"].as<std::string>());
  request.threads = map["threads"].as<int>();
  request.progress = !map.count("quiet");
  request.resume = map.count("resume") > 0;
  request.overwrite = map.count("overwrite") > 0;
  request.allow_changed_data = map.count("allow-changed-data") > 0;
  const auto context = runs::resolve_run(*task, request);
  const auto before = core::identify(context.output_path);
  try {
    runs::run_task(*task, context);
  } catch (...) {
    return report_failure(std::current_exception(), runs::output_note(context, *task, before),
                          runs::largest_sizes(context.options));
  }
  return 0;
}

bool wants_help(const std::vector<std::string>& arguments) {
  return arguments.size() == 1 && (arguments[0] == "--help" || arguments[0] == "-h");
}

int list_command() {
  for (const auto& task : tasks::all_tasks()) {
    std::cout << task->name() << ": " << task->summary() << "\n" << task->options().describe() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  core::keep_freed_memory();
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  core::install_stop_handlers();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a log shows each line as the run prints it
  try {
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
      std::cout << usage;
      return arguments.empty() ? 2 : 0;
    }
    if (arguments[0] == "--version") {
      std::cout << core::version_line() << "\n";
      return 0;
    }
    const std::string& command = arguments[0];
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (command == "run") return run_command(rest);
    if (command == "list") {
      if (!rest.empty() && !wants_help(rest)) fail("usage: prospect list (it takes no arguments)");
      if (wants_help(rest)) {
        std::cout << "usage: prospect list\nEvery task with a line on what it runs and its options "
                     "(key = default, help, range).\n";
        return 0;
      }
      return list_command();
    }
    if (command == "phase") {
      core::RunInputs inputs;
      return tools::phase_command(rest);
    }
    if (command == "sweep") return sweep::sweep_command(rest);
    if (command == "summarize") return sweep::summarize_command(rest);
    if (command == "data") return data::data_command(rest);
    if (command == "info") {
      if (wants_help(rest)) {
        std::cout << "usage: prospect info RUN.h5\nThe attributes of a run file (task, options, "
                     "seed, version, ...) and each dataset with its shape and type.\n";
        return 0;
      }
      if (rest.size() != 1) fail("usage: prospect info <run.h5>");
      tools::print_info(rest[0], std::cout);
      return 0;
    }
    fail("unknown command '", command, "'\n", usage);
  } catch (...) {
    return report_failure(std::current_exception());
  }
}

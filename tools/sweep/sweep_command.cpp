#include "tools/sweep/sweep_command.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/error.h"
#include "tasks/registry.h"
#include "tools/command_line.h"
#include "tools/sweep/executors.h"
#include "tools/sweep/slurm.h"
#include "tools/sweep/summary.h"

namespace prospect::sweep {
namespace po = boost::program_options;
namespace {

std::unique_ptr<runs::Task> task_of(const SweepFile& file) {
  try {
    return tasks::find_task(file.task.value);
  } catch (const Error& e) {
    fail(file.path, ":", file.task.line, ": ", e.what());
  }
}

void list_runs(const Sweep& sweep, const std::string& task) {
  for (const auto& run : sweep.runs) {
    std::cout << run.index << "  " << run.name << "  prospect";
    for (const auto& argument : run_arguments(sweep, run, Start::fresh)) std::cout << " " << argument;
    std::cout << "\n";
  }
  std::cout << sweep.runs.size() << " runs of " << task << " into " << sweep.output_dir << "\n";
}

void summarize_and_print(const std::string& dir, bool table) {
  const auto summary = summarize(dir);
  write_summary(summary);
  if (table) {
    print_summary(summary, std::cout);
  } else {
    std::cout << "summary: " << (std::filesystem::path(dir) / "summary.csv").string()
              << " (prospect summarize " << dir << " prints it)" << std::endl;
  }
}

std::string this_binary() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) fail("cannot find this program's path: ", error.message());
  return path.string();
}

}  // namespace

int sweep_command(const std::vector<std::string>& arguments) {
  po::options_description flags("options");
  flags.add_options()("help,h", "this help")(
      "jobs,j", po::value<int>(), "runs at a time on this machine (default 1; not under mpirun)")(
      "output,o", po::value<std::string>(), "output directory (default: [sweep] output)")(
      "retry-failed", "run failed runs again (from their checkpoint when they have one)")(
      "list", "print the runs and their command lines, run nothing")(
      "summary", "print and write the table per setting (summary.csv, summary.h5), run nothing")(
      "slurm", "write <output>/sweep.slurm, a Slurm job array of the runs, run nothing")(
      "runs-per-task", po::value<int>()->default_value(1), "--slurm: runs per array task")(
      "index", po::value<long>(), "run only run K (0-based; what a Slurm array task runs)");
  const po::variables_map map = tools::parse_arguments(arguments, flags, "file");
  if (map.count("help") || !map.count("file")) {
    std::cout << "usage: prospect sweep FILE [options]\n"
                 "       mpirun -np N prospect sweep FILE [options]\n"
                 "Expands the sweep file into runs, runs those not finished yet (interrupted "
                 "ones resume from their checkpoints) and writes <output>/index.csv and the "
                 "summary; docs/sweeps.md describes the file.\n"
              << flags;
    return map.count("help") ? 0 : 2;
  }
  const SweepFile file = read_sweep_file(map["file"].as<std::string>());
  const auto task = task_of(file);
  const Sweep sweep =
      expand(file, task->options(), map.count("output") ? map["output"].as<std::string>() : "");

  if (map.count("list")) {
    list_runs(sweep, task->name());
    return 0;
  }
  if (map.count("summary")) {
    summarize_and_print(sweep.output_dir, true);
    return 0;
  }
  CoordinatorSettings settings;
  settings.resumable = task->resumable();
  settings.retry_failed = map.count("retry-failed") > 0;
  if (map.count("slurm")) {
    SlurmSettings slurm{this_binary(), std::filesystem::absolute(file.path).string(),
                        std::filesystem::current_path().string(), map["runs-per-task"].as<int>(),
                        settings.retry_failed};
    const std::string script = slurm_script(sweep, slurm);
    std::filesystem::create_directories(sweep.output_dir);
    const std::string path = (std::filesystem::path(sweep.output_dir) / "sweep.slurm").string();
    std::ofstream(path) << script;
    std::cout << "wrote " << path << ": submit with 'sbatch " << path << "'" << std::endl;
    return 0;
  }
  if (map.count("index")) {
    const long k = map["index"].as<long>();
    if (k < 0) fail("--index ", k, ": expected >= 0");
    settings.only = static_cast<std::size_t>(k);
    Coordinator coordinator(sweep, settings, std::cout);
    if (const auto assignment = coordinator.next()) {
      const auto start = std::chrono::steady_clock::now();
      const Outcome outcome =
          run_process(sweep, sweep.runs[assignment->run], assignment->start, assignment->attempt);
      coordinator.done(*assignment, outcome,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return coordinator.report();
  }
  if (launched_by_mpi()) {
    if (map.count("jobs")) fail("--jobs: under mpirun the ranks are the workers (mpirun -np N)");
    return run_mpi(sweep, settings, [&] { summarize_and_print(sweep.output_dir, false); });
  }
  const int status = run_local(sweep, settings, map.count("jobs") ? map["jobs"].as<int>() : 1);
  summarize_and_print(sweep.output_dir, false);
  return status;
}

int summarize_command(const std::vector<std::string>& arguments) {
  if (arguments.size() != 1 || arguments[0] == "--help" || arguments[0] == "-h") {
    std::cout << "usage: prospect summarize DIR   (a sweep's output directory)\n";
    return arguments.size() == 1 ? 0 : 2;
  }
  summarize_and_print(arguments[0], true);
  return 0;
}

}  // namespace prospect::sweep

// Tasks from Python: the command line's `prospect run` and `prospect list`,
// through the same resolution and checks (runs/run_request.h); and the
// thread count that model steps use, one by default as on the command line.

#include <omp.h>
#include <pybind11/stl.h>

#include "arguments.h"
#include "bindings.h"
#include "core/error.h"
#include "core/file_system.h"
#include "core/parallel.h"
#include "core/run_inputs.h"
#include "python_call.h"
#include "runs/run_request.h"
#include "tasks/registry.h"

namespace prospect::python {

namespace py = pybind11;

namespace {

// The models' thread count, back as it was when leaving the scope.
struct KeepThreads {
  int threads = omp_get_max_threads();
  ~KeepThreads() { omp_set_num_threads(threads); }
};

}  // namespace

void bind_tasks(py::module_& m) {
  // A network step spreads its layers over the OpenMP threads; more threads
  // than the work can use cost far more than they give (a small network's
  // step is a microsecond), so one unless asked, as `prospect run`.
  omp_set_num_threads(1);
  m.def(
      "set_threads",
      [](const py::handle& given) {
        const auto threads = whole(given, "threads", -kMostInt - 1, kMostInt);
        core::check_thread_count(threads, "threads");
        omp_set_num_threads(static_cast<int>(threads));
      },
      py::arg("threads"),
      "Threads a model step spreads its layers over (default 1), from the calling thread.");
  m.def("threads", [] { return omp_get_max_threads(); });
  m.def(
      "run_task",
      [](const std::string& name, const std::vector<std::string>& overrides,
         const std::string& config, std::optional<std::string> output, const py::handle& seed,
         const py::handle& threads, const py::handle& progress, const py::handle& resume,
         const py::handle& overwrite, const py::handle& allow_changed_data) {
        const auto task = tasks::find_task(name);
        const ProgressChoice choice = progress_choice(progress);
        PythonCall call(choice);  // from here: the warnings of resolving the options too
        core::RunInputs inputs;  // the configuration and data: never written onto, fingerprinted
        const runs::RunRequest request{
            .config_file = config,
            .overrides = overrides,
            .output = std::move(output),
            .seed = seed.is_none() ? std::nullopt
                                   : std::optional<std::uint64_t>(python::seed(seed, "seed")),
            .threads = static_cast<int>(whole(threads, "threads", -kMostInt - 1, kMostInt)),
            .progress = choice.line,
            .resume = flag(resume, "resume"),
            .overwrite = flag(overwrite, "overwrite"),
            .allow_changed_data = flag(allow_changed_data, "allow_changed_data")};
        const auto context = runs::resolve_run(*task, request);
        const KeepThreads models;  // run_task sets --threads for the run
        const auto before = core::identify(context.output_path);
        try {
          py::gil_scoped_release release;
          runs::run_task(*task, context);
          PythonCall::stop_if_raised();
        } catch (const Error& e) {
          // As the command line: the error (KeyboardInterrupt for Ctrl-C),
          // then how the output file stands.
          const std::string note = runs::output_note(context, *task, before);
          call.raise_pending(std::string(e.what()) + "\n" + note);
          throw Error(std::string(e.what()) + "\n" + note);
        }
        return context.output_path;
      },
      py::arg("task"), py::arg("overrides"), py::arg("config"), py::arg("output"), py::arg("seed"),
      py::arg("threads"), py::arg("progress"), py::arg("resume"), py::arg("overwrite"),
      py::arg("allow_changed_data"),
      "prospect run <task> --set key=value ... (see prospect.run); returns the run file's path.");

  m.def(
      "tasks",
      [] {
        py::list out;
        for (const auto& task : tasks::all_tasks()) {
          py::list options;
          const auto table = task->options();
          for (const auto& o : table.entries()) {
            options.append(py::dict(py::arg("key") = o.key, py::arg("default") = o.default_value,
                                    py::arg("help") = o.help));
          }
          out.append(py::dict(py::arg("name") = task->name(), py::arg("summary") = task->summary(),
                              py::arg("resumable") = task->resumable(),
                              py::arg("options") = options));
        }
        return out;
      },
      "Every task as {name, summary, resumable, options: [{key, default, help}]}, in the order "
      "of `prospect list`.");
}

}  // namespace prospect::python

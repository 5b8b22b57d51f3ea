#include "tasks/ep_saved_network.h"

#include "core/error.h"
#include "core/h5_file.h"
#include "models/ep/options.h"
#include "tasks/ep.h"

namespace prospect::tasks {

SavedEpNetwork load_ep_network(const std::string& path, SavedParameters which) {
  const core::H5Reader file(path);
  const std::string task =
      file.has_attribute("/", "task") ? file.string_attribute("/", "task") : "(none)";
  if (task != "ep") fail(path, ": a run of task '", task, "', expected a run of task ep");
  const bool kept = which == SavedParameters::kept;
  const std::string group = kept ? "best/parameters" : "checkpoint/parameters";
  if (!file.is_group(group)) {
    if (kept) {
      fail(path, ": no kept parameters (/best/parameters/): the run selected on ",
           file.has_attribute("/", "selection") ? file.string_attribute("/", "selection") : "test",
           " images or ended before its first epoch; take its last epoch's with parameters = final");
    }
    fail(path, ": no /checkpoint/parameters/: the run stopped before its first epoch ended");
  }
  core::Options options = core::Options::resolve_text(
      EpTask().options(), file.string_attribute("/", "configuration"), path + " (its configuration)", {});
  ep::Network<double> network(ep::architecture(options));
  for (auto& p : network.pathways()) {
    const auto read = [&](const std::string& name, auto& into) {
      const std::string dataset = group + "/" + p.name() + "/" + name;
      if (!file.is_dataset(dataset)) fail(path, ": no dataset '", dataset, "'");
      const auto values = file.read_float(dataset);
      if (static_cast<Index>(values.elements()) != into.size()) {
        fail(path, ": '", dataset, "' has ", values.elements(), " values, the network of the run's "
             "configuration needs ", into.size());
      }
      // Stored as the parameter's memory: column-major.
      for (Index i = 0; i < into.size(); ++i) into.data()[i] = values.data[static_cast<std::size_t>(i)];
    };
    read("W", p.weight);
    if (p.bias.size() > 0) read("b", p.bias);
  }
  const long epoch = kept ? static_cast<long>(file.double_attribute("best", "epoch"))
                          : static_cast<long>(file.read_int("checkpoint/epochs_done").data.at(0));
  return {std::move(network), std::move(options), epoch};
}

}  // namespace prospect::tasks

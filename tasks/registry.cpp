#include "tasks/registry.h"

#include "core/error.h"
#include "tasks/chain.h"
#include "tasks/ep.h"
#include "tasks/ep_phase.h"
#include "tasks/mackey_glass.h"
#include "tasks/mnist1d.h"
#include "tasks/shunting.h"
#include "tasks/small_network.h"
#include "tasks/speech.h"
#include "tasks/transfer.h"

namespace prospect::tasks {

std::vector<std::unique_ptr<runs::Task>> all_tasks() {
  std::vector<std::unique_ptr<runs::Task>> tasks;
  tasks.push_back(std::make_unique<ChainTask>());
  tasks.push_back(std::make_unique<Mnist1dTask>());
  tasks.push_back(std::make_unique<TransferTask>());
  tasks.push_back(std::make_unique<SmallNetworkTask>());
  tasks.push_back(std::make_unique<MackeyGlassTask>());
  tasks.push_back(std::make_unique<SpeechTask>());
  tasks.push_back(std::make_unique<EpTask>());
  tasks.push_back(std::make_unique<EpPhaseTask>());
  tasks.push_back(std::make_unique<ShuntingTask>());
  return tasks;
}

std::unique_ptr<runs::Task> find_task(const std::string& name) {
  std::string known;
  for (auto& task : all_tasks()) {
    if (task->name() == name) return std::move(task);
    known += (known.empty() ? "" : ", ") + task->name();
  }
  fail("unknown task '", name, "' (known tasks: ", known, ")");
}

}  // namespace prospect::tasks

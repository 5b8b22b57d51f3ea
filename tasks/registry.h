#pragma once
// The experiments the command line and Python can run, by name.

#include <memory>
#include <string>
#include <vector>

#include "runs/task.h"

namespace prospect::tasks {

// Every task, in the order `prospect list` shows them (explicit registration:
// no self-registering globals that a static library could drop).
std::vector<std::unique_ptr<runs::Task>> all_tasks();
// The task of that name, or an error listing the known ones.
std::unique_ptr<runs::Task> find_task(const std::string& name);

}  // namespace prospect::tasks

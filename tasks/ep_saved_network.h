#pragma once
// The network an ep run file holds: its architecture from the run's
// configuration (the root attribute `configuration`) and its parameters,
// either those the run kept (/best/parameters/, the best validation epoch)
// or the last epoch's (/checkpoint/parameters/), in double precision for
// analysis. Errors name the file and what it lacks or what does not fit.

#include <string>

#include "core/named_values.h"
#include "core/options.h"
#include "models/ep/network.h"

namespace prospect::tasks {

enum class SavedParameters { kept, final };
inline constexpr core::NamedValue<SavedParameters> kSavedParametersNames[] = {
    {SavedParameters::kept, "kept"}, {SavedParameters::final, "final"}};

struct SavedEpNetwork {
  ep::Network<double> network;
  core::Options options;  // the run's resolved ep options
  long epoch = 0;         // the epoch after which the parameters were saved
};

SavedEpNetwork load_ep_network(const std::string& path, SavedParameters which);

}  // namespace prospect::tasks

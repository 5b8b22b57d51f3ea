#pragma once
// Notes the labelled sets a run learns from as one data input of the run
// (core/run_inputs.h): their samples and labels, in order, under `name`
// ("MNIST-1D data") with `source` (a path, or how they were made), so that
// --resume can tell whether they changed.

#include <initializer_list>
#include <string>

#include "datasets/labelled_set.h"

namespace prospect::datasets {

void note_data(const std::string& name, const std::string& source,
               std::initializer_list<const LabelledSet*> sets);

}  // namespace prospect::datasets

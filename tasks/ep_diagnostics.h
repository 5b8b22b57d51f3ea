#pragma once
// What the ep task records besides the training loop's metrics: relaxation
// trajectories of chosen samples through the learner's probes, and the GDU
// check through the shared gradient-fidelity log (layout in tasks/ep.h).

#include <string>

#include "core/h5_file.h"
#include "models/ep/gdu.h"
#include "models/ep/learner.h"

namespace prospect::tasks {

// Relaxes `input` (features × samples) through the free and nudged phases of
// `learner` and writes every step of every phase under trajectories/<prefix>/.
void record_relaxations(ep::Learner& learner, const MatrixF& input, const MatrixF& target,
                        const std::string& prefix, core::H5Writer& file);

// Runs the GDU check on the learner's current parameters and writes it under
// metrics/fidelity/gdu_<nudging>_<label>/ and metrics/gdu/<label>/.
void write_gdu(ep::Learner& learner, const MatrixF& input, const MatrixF& target,
               const ep::GduSettings& settings, const std::string& label, core::H5Writer& file);

}  // namespace prospect::tasks

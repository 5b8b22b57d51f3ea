#pragma once
// `prospect phase RUN.h5 --signal PATH --reference PATH [...]`: gain and phase
// of one recorded signal relative to another (core/recorded_spectrum.h),
// written under /spectra/<name>/ of the run file or of another file.

#include <string>
#include <vector>

namespace prospect::tools {

// Arguments after "phase"; returns the exit status.
int phase_command(const std::vector<std::string>& arguments);

}  // namespace prospect::tools

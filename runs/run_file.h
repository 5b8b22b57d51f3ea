#pragma once
// The output file of a run: created with the attributes every run carries
// (version, git revision, task, seed, threads, start time and the full
// resolved configuration as INI text) and the fingerprints of its data
// (/inputs/<name>: bytes, with attributes source and xxh3_128), in the layout of docs/run_files.md.
//
// Overwrite policy: a new run refuses an existing output unless
// context.overwrite, and never writes onto a file the run reads (compared
// by device and inode). The file appears at its path at the first commit
// (a checkpoint) or at close(); until then the path keeps what it held.

#include <string>

#include "core/divergence.h"
#include "core/h5_file.h"
#include "integrators/integration.h"
#include "runs/task.h"

namespace prospect::runs {

// Fails when this run may not write context.output_path: it exists and the
// run neither resumes nor overwrites it, or it is a file the run reads, or
// (on resume) it does not exist. The advice names --resume only for a task
// that can resume.
void check_output(const RunContext& context);

// A new run's file, or with context.resume the run file to continue, after
// checking that it was made by `task_name`, did not diverge, and was made
// from the same data (unless context.allow_changed_data).
core::H5Writer open_run_file(const RunContext& context, const std::string& task_name);

// Checks a run file to be resumed by `task_name` before anything is read
// from it: made by that task, not stopped by divergence.
void check_resumable(const core::H5Reader& file, const std::string& task_name);

// Records where the run diverged (root attribute `diverged`, see
// core/divergence.h) and closes the file, which then holds what was written
// up to there (trajectories, the last checkpoint), readable; --resume
// refuses it. A file that would replace an earlier one before this run's
// first checkpoint is discarded instead, leaving the earlier one.
void mark_diverged(core::H5Writer& file, const core::Diverged& divergence);

// What was simulated, stamped on the run file's root as attributes `model`
// (the family, as core::Model::family() names it) and, of `integration`,
// `scheme`, `stepper` and `dt`; what it leaves out (no scheme, no stepper,
// dt 0) is left out of the file. Every task's run file is stamped here.
void describe_run(core::H5Writer& file, const std::string& family,
                  const integrators::Integration& integration);

}  // namespace prospect::runs

#include "tools/sweep/run_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/text.h"

namespace prospect::sweep {

std::string run_file(const Sweep& sweep, const Run& run) {
  return (std::filesystem::path(sweep.output_dir) / (run.name + ".h5")).string();
}

std::string log_file(const Sweep& sweep, const Run& run) {
  return (std::filesystem::path(sweep.output_dir) / (run.name + ".log")).string();
}

std::vector<std::string> run_arguments(const Sweep& sweep, const Run& run, Start start) {
  std::vector<std::string> arguments{"run", sweep.file.task.value, "--quiet", "--output",
                                     run_file(sweep, run), "--seed", std::to_string(run.seed),
                                     "--threads", std::to_string(sweep.file.threads)};
  if (start == Start::resume) arguments.push_back("--resume");
  if (start == Start::again) arguments.push_back("--overwrite");
  for (const auto& assignment : run.overrides) {
    arguments.push_back("--set");
    arguments.push_back(assignment);
  }
  return arguments;
}

pid_t start_run_process(const Sweep& sweep, const Run& run, Start start, int attempt) {
  const auto arguments = run_arguments(sweep, run, start);
  const std::string log = log_file(sweep, run);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) fail(log, ": cannot open run log: ", std::strerror(errno));
  // The sweep process that started it (an MPI rank, a Slurm task), for the record.
  char host[256] = "unknown";
  ::gethostname(host, sizeof host - 1);
  std::string header = "== attempt " + std::to_string(attempt) + " on " + host + ":" +
                       std::to_string(::getpid()) + ": prospect";
  for (const auto& argument : arguments) header += " " + argument;
  header += "\n";
  if (::write(fd, header.data(), header.size()) < 0) {
    ::close(fd);
    fail(log, ": cannot write: ", std::strerror(errno));
  }

  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls (this process may be an MPI rank with threads).
  std::vector<char*> argv{const_cast<char*>("prospect")};
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    fail("cannot start run '", run.name, "': fork: ", std::strerror(errno));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the run ends with the sweep that started it
    if (::getppid() != parent) ::_exit(126);
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execv("/proc/self/exe", argv.data());
    const char message[] = "error: cannot execute /proc/self/exe\n";
    [[maybe_unused]] auto ignored = ::write(2, message, sizeof message - 1);
    ::_exit(127);
  }
  ::close(fd);
  return pid;
}

Outcome outcome_of(int wait_status, const std::string& log_path) {
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return {true, ""};
  Outcome outcome;
  if (WIFSIGNALED(wait_status)) {
    outcome.message = "killed by signal " + std::to_string(WTERMSIG(wait_status)) + " (" +
                      strsignal(WTERMSIG(wait_status)) + ")";
  } else {
    outcome.message = "exit status " + std::to_string(WEXITSTATUS(wait_status));
  }
  // The run's own explanation: the last "error: ..." line of this attempt.
  std::ifstream log(log_path);
  std::string line, error;
  while (std::getline(log, line)) {
    if (line.rfind("== attempt ", 0) == 0) error.clear();
    if (line.rfind("error: ", 0) == 0) error = core::trim(line.substr(7));
  }
  if (!error.empty()) outcome.message = error + " (" + outcome.message + ")";
  return outcome;
}

Outcome run_process(const Sweep& sweep, const Run& run, Start start, int attempt) {
  const pid_t pid = start_run_process(sweep, run, start, attempt);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail("waiting for run '", run.name, "': ", std::strerror(errno));
  }
  return outcome_of(status, log_file(sweep, run));
}

}  // namespace prospect::sweep

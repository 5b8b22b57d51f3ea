#pragma once
// Runs f(0) … f(n-1), spread over the OpenMP threads when there is more than
// one thread and more than one item. Single-threaded, no OpenMP construct is
// entered at all: even a parallel region switched off by its if-clause costs
// about a microsecond, which is most of a step of a small network.
// Items are handed out one at a time (callers put the largest first).

#include <omp.h>

#include <algorithm>
#include <string_view>

#include "core/error.h"

namespace prospect::core {

// A thread count the machine can take: 1 to 16 per core (more only thrash,
// and OpenMP crashes long before absurd counts). `what` names the setting.
inline void check_thread_count(long threads, std::string_view what) {
  const long most = 16L * std::max(1, omp_get_num_procs());
  if (threads < 1 || threads > most) {
    fail(what, " ", threads, ": expected 1 to ", most, " (", omp_get_num_procs(), " cores here)");
  }
}

template <typename Function>
void parallel_for(long n, Function&& f) {
  if (n > 1 && omp_get_max_threads() > 1) {
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < n; ++i) f(i);
  } else {
    for (long i = 0; i < n; ++i) f(i);
  }
}

}  // namespace prospect::core

#include "core/memory.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "core/error.h"

namespace prospect::core {

std::uint64_t usable_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  std::uint64_t memory = pages > 0 && page_size > 0
                             ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size)
                             : UINT64_MAX;
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    memory = std::min<std::uint64_t>(memory, limit.rlim_cur);
  }
  return memory;
}

void require_memory(double bytes, const std::string& what) {
  const auto usable = static_cast<double>(usable_memory());
  if (!(bytes <= usable)) {
    fail(what, " needs ", format_bytes(bytes), ", more than the ", format_bytes(usable),
         " of memory here");
  }
}

std::string format_bytes(double bytes) {
  char text[48];
  if (bytes >= 1e9) {
    std::snprintf(text, sizeof text, "%.3g GB", bytes / 1e9);
  } else if (bytes >= 1e6) {
    std::snprintf(text, sizeof text, "%.3g MB", bytes / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.0f bytes", bytes);
  }
  return text;
}

}  // namespace prospect::core

#pragma once
// A check before a large allocation, so that a size too large for the
// machine is an error naming what asked for it instead of std::bad_alloc.

#include <cstdint>
#include <string>

namespace prospect::core {

// Physical memory, or the address-space limit (ulimit -v) when lower [bytes].
std::uint64_t usable_memory();

// Fails "<what> needs <bytes>, more than the <usable> of memory here" when
// `bytes` (a double, so that products of sizes cannot overflow) exceeds
// usable_memory().
void require_memory(double bytes, const std::string& what);

// "1.5 GB", "12 MB", "800 bytes".
std::string format_bytes(double bytes);

}  // namespace prospect::core

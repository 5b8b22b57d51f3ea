#pragma once
// Eigen's matrix products allocate their packing buffers (up to a few MB)
// for every large product. glibc returns such blocks to the system when they
// are freed, and the next product takes a page fault per 4 kB to get them
// back: for EP's per-batch products (the input drive, the first layer's
// update) that costs as much as the arithmetic. Programs call this once at
// start to keep freed memory in the process; peak memory is unchanged.

namespace prospect::core {

void keep_freed_memory();

}  // namespace prospect::core

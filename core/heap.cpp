#include "core/heap.h"

#include <malloc.h>

namespace prospect::core {

void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // blocks below 32 MB come from the heap
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // and the heap is not trimmed back
}

}  // namespace prospect::core

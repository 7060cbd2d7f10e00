#include "attn/allocator_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace attn {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // Setting any of these also turns off glibc's dynamic threshold adjustment,
  // so all three are set: serve blocks up to 256 MiB from the heap, keep up to
  // 512 MiB free at its top, and grow it 64 MiB at a time.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

void release_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(/*pad=*/0);
#endif
}

}  // namespace attn

// How the process's heap gives memory back to the kernel.
#pragma once

namespace denen {

// Keeps up to 64 MiB of freed heap mapped in the process, and serves blocks
// under 32 MiB from the heap, instead of returning memory to the kernel after
// each large free (glibc's default). On virtual machines every return (a brk
// shrink or munmap) flushes the TLB of every core through the hypervisor, and
// that cost more than the work itself: bench/care_bench ran the checker 3.7×
// and MeCab 15× faster with it. Call once, first thing in main(); returns false
// if the C library refused a setting (then the defaults stay).
bool KeepFreedHeap();

}  // namespace denen

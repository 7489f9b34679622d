#ifndef CVRINGBENCH_H
#define CVRINGBENCH_H
#include <stdint.h>

/// Runs `cycles` add→publish→kick→pop→read→push→interrupt→reclaim cycles on a split ring laid out with
/// Linux's <linux/virtio_ring.h> (vring_init, vring_need_event), with the same validation the Swift engine does.
/// Returns the number of chains completed (== cycles unless something went wrong), or -1 on error.
int64_t cvring_run(int queue_size, int buffers_per_chain, int event_idx, int64_t cycles);

/// The same cycle on a packed ring over <linux/virtio_ring.h>'s struct vring_packed_desc (vring_packed_bench.c).
int64_t cvring_packed_run(int queue_size, int buffers_per_chain, int event_idx, int64_t cycles);

#endif

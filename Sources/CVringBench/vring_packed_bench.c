/* Reference implementation of one packed-virtqueue cycle in C, over Linux's <linux/virtio_ring.h>
 * (struct vring_packed_desc, struct vring_packed_desc_event, vring_need_event). Same work per chain as the Swift
 * engine's packed benchmark: the driver fills each readable 64-byte buffer, writes the chain from next_avail
 * (Buffer ID from a LIFO free list, AVAIL/USED from the wrap counter, flipped at the ring end), then the head's
 * flags after a release fence, and decides the kick from the device event structure; the device tests the head's
 * flags against its wrap counter, checks each descriptor (len, address range, order, loop bound), reads the
 * readable bytes, writes 64 bytes into the writable buffer, writes the used descriptor (id, len, fence, flags),
 * decides the interrupt from the driver event structure; the driver tests the used flags, checks the id and frees
 * the chain.
 * Brought to the Swift engine's work, never slowed otherwise (as the split cycle in vring_bench.c): publishing is
 * its own step (the engine's `publish` writes the held-back head flags after the release fence; `add` only writes
 * the chain and remembers the head), every operation checks the device status as the engine's bus does
 * (FEATURES_OK for the driver's ring work, DRIVER_OK for notifications and the device), and the bus's counters
 * are kept. */
#include "CVringBench.h"
#include <linux/virtio_ring.h>
#include <stdlib.h>
#include <string.h>

#define BUF 64
#define F_AVAIL (1 << VRING_PACKED_DESC_F_AVAIL)
#define F_USED (1 << VRING_PACKED_DESC_F_USED)

struct pbench {
  struct vring_packed_desc *desc;
  struct vring_packed_desc_event *driver_ev, *device_ev;
  unsigned char *mem; size_t mem_size;
  int num, event_idx;
  /* driver */
  uint16_t next_avail, avail_used_flags, free_head, num_free, num_added, last_used;
  int avail_wrap, used_wrap;
  uint16_t *links, *state_num, *state_last;
  uint64_t *slot_free; int slots, slot_top;
  /* device */
  uint16_t last_avail, used_idx, signalled; int dev_avail_wrap, dev_used_wrap, signalled_valid, in_flight;
  uint16_t pop_id, pop_ndescs, pop_first;
  /* the head added but not yet published: its slot, flags, and the next_avail it publishes */
  int pending; uint16_t pending_slot, pending_flags, pending_end, pending_count, published;
  /* the bus: device status and counters, as the Swift engine's PackedVirtqueue keeps them */
  uint8_t status; int64_t added, kicks, kicks_suppressed, popped, pushed, irqs, irqs_suppressed, reclaimed;
};

#define STATUS_FEATURES_OK 8
#define STATUS_DRIVER_OK 4

static int in_mem(struct pbench *b, uint64_t addr, uint64_t len) { return addr + len >= addr && addr + len <= b->mem_size; }

static int avail_desc(uint16_t flags, int wrap) {
  int a = !!(flags & F_AVAIL), u = !!(flags & F_USED);
  return a != u && a == wrap;
}

static int used_desc(uint16_t flags, int wrap) {
  int a = !!(flags & F_AVAIL), u = !!(flags & F_USED);
  return a == u && u == wrap;
}

static int packed_need_event(uint16_t off_wrap, int wrap, uint16_t new, uint16_t old, int num) {
  uint16_t off = off_wrap & 0x7fff;
  if ((off_wrap >> 15) != wrap) off -= (uint16_t)num;
  return vring_need_event(off, new, old);
}

static int driver_add(struct pbench *b, int nbufs, const unsigned char *payload) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  if (b->num_free < nbufs) return -1;
  uint16_t head = b->next_avail, i = head, id = b->free_head, curr = id, prev = id, head_flags = 0;
  for (int n = 0; n < nbufs; n++) {
    uint64_t a = b->slot_free[--b->slot_top];
    int writable = (n == nbufs - 1) && nbufs > 1;
    if (!writable) memcpy(b->mem + a, payload, BUF);
    uint16_t flags = b->avail_used_flags | (n < nbufs - 1 ? VRING_DESC_F_NEXT : 0) | (writable ? VRING_DESC_F_WRITE : 0);
    if (i == head) head_flags = flags; else b->desc[i].flags = flags;
    b->desc[i].addr = a; b->desc[i].len = BUF; b->desc[i].id = id;
    prev = curr; curr = b->links[curr];
    if (++i >= b->num) { i = 0; b->avail_used_flags ^= F_AVAIL | F_USED; }
  }
  if (i <= head) b->avail_wrap ^= 1;
  b->num_free -= nbufs; b->next_avail = i; b->free_head = curr;
  b->state_num[id] = nbufs; b->state_last[id] = prev;
  b->pending = 1; b->pending_slot = head; b->pending_flags = head_flags; b->pending_end = i; b->pending_count = (uint16_t)nbufs;
  b->added++;
  return id;
}

/* The held-back head's flags, after a release fence: the chain becomes available (the engine's `publish`). */
static int driver_publish(struct pbench *b) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  if (b->pending) {
    __atomic_thread_fence(__ATOMIC_RELEASE);
    b->desc[b->pending_slot].flags = b->pending_flags;
    b->pending = 0; b->published = b->pending_end;
    b->num_added += b->pending_count;
  }
  return 0;
}

static int driver_kick(struct pbench *b) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint16_t new = b->published, old = new - b->num_added;
  b->num_added = 0;
  struct vring_packed_desc_event e = *b->device_ev;
  int kick = e.flags == VRING_PACKED_EVENT_FLAG_DESC ? packed_need_event(e.off_wrap, b->avail_wrap, new, old, b->num)
                                                     : e.flags != VRING_PACKED_EVENT_FLAG_DISABLE;
  if (kick) b->kicks++; else b->kicks_suppressed++;
  return kick;
}

static int device_pop(struct pbench *b, unsigned char *out) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  uint16_t i = b->last_avail;
  uint16_t flags = b->desc[i].flags;
  if (!avail_desc(flags, b->dev_avail_wrap)) return -2;
  if (b->in_flight >= b->num) return -1;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  struct vring_packed_desc d = b->desc[i];
  uint16_t id = d.id; int entries = 0, seen_write = 0, off = 0;
  for (;;) {
    if (++entries > b->num) return -1;
    if (d.flags & VRING_DESC_F_INDIRECT) return -1;
    if (d.len == 0 || !in_mem(b, d.addr, d.len)) return -1;
    if (d.flags & VRING_DESC_F_WRITE) seen_write = 1;
    else { if (seen_write) return -1; memcpy(out + off, b->mem + d.addr, d.len); off += d.len; }
    if (!(d.flags & VRING_DESC_F_NEXT)) break;
    if (++i >= b->num) i = 0;
    d = b->desc[i];
  }
  b->pop_first = b->last_avail; b->pop_id = id; b->pop_ndescs = (uint16_t)entries;
  b->last_avail += entries;
  if (b->last_avail >= b->num) { b->last_avail -= b->num; b->dev_avail_wrap ^= 1; }
  b->in_flight++;
  b->popped++;
  return id;
}

static int device_push(struct pbench *b, const unsigned char *reply) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  uint16_t i = b->pop_first; uint32_t written = 0;
  for (int n = 0; n < b->pop_ndescs; n++) {
    struct vring_packed_desc *d = &b->desc[i];
    if (d->flags & VRING_DESC_F_WRITE) { memcpy(b->mem + d->addr, reply, d->len); written += d->len; }
    if (++i >= b->num) i = 0;
  }
  struct vring_packed_desc *u = &b->desc[b->used_idx];
  u->id = b->pop_id; u->len = written;
  __atomic_thread_fence(__ATOMIC_RELEASE);
  u->flags = (b->dev_used_wrap ? F_AVAIL | F_USED : 0) | (written ? VRING_DESC_F_WRITE : 0);
  b->used_idx += b->pop_ndescs;
  if (b->used_idx >= b->num) { b->used_idx -= b->num; b->dev_used_wrap ^= 1; b->signalled_valid = 0; }
  b->in_flight--;
  b->pushed++;
  return 0;
}

static int device_interrupt(struct pbench *b) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint16_t flags = b->driver_ev->flags;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  uint16_t off_wrap = b->driver_ev->off_wrap;
  uint16_t old = b->signalled, new = b->used_idx; int v = b->signalled_valid;
  b->signalled = new; b->signalled_valid = 1;
  int irq = flags == VRING_PACKED_EVENT_FLAG_DISABLE ? 0
          : flags == VRING_PACKED_EVENT_FLAG_ENABLE  ? 1
          : !v || packed_need_event(off_wrap, b->dev_used_wrap, new, old, b->num);
  if (irq) b->irqs++; else b->irqs_suppressed++;
  return irq;
}

static int driver_reclaim(struct pbench *b, unsigned char *in) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  int n = 0;
  while (used_desc(b->desc[b->last_used].flags, b->used_wrap)) {
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint16_t id = b->desc[b->last_used].id; uint32_t len = b->desc[b->last_used].len;
    if (id >= b->num || b->state_num[id] == 0) return -1;
    /* the driver's own record of the chain: its buffers are the slots it took, in order */
    uint16_t count = b->state_num[id], s = b->last_used;
    for (int k = 0; k < count; k++) {
      struct vring_packed_desc *d = &b->desc[s];
      if (k == count - 1 && count > 1) memcpy(in, b->mem + d->addr, len < BUF ? len : BUF);
      b->slot_free[b->slot_top++] = d->addr;
      if (++s >= b->num) s = 0;
    }
    b->links[b->state_last[id]] = b->free_head; b->free_head = id; b->num_free += count;
    b->state_num[id] = 0;
    b->last_used += count;
    if (b->last_used >= b->num) { b->last_used -= b->num; b->used_wrap ^= 1; }
    if (b->event_idx) {
      b->driver_ev->off_wrap = b->last_used | (uint16_t)(b->used_wrap << 15);
      __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    n++;
    b->reclaimed++;
  }
  return n;
}

int64_t cvring_packed_run(int num, int nbufs, int event_idx, int64_t cycles) {
  struct pbench b; memset(&b, 0, sizeof b);
  b.num = num; b.event_idx = event_idx;
  b.status = 1 | 2 | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
  b.slots = num * 4;
  size_t ring = 16 * (size_t)num + 8;
  b.mem_size = 0x1000 + ring + 4096 + (size_t)b.slots * BUF;
  b.mem = calloc(1, b.mem_size);
  b.desc = (struct vring_packed_desc *)(b.mem + 0x1000);
  b.driver_ev = (struct vring_packed_desc_event *)(b.mem + 0x1000 + 16 * (size_t)num);
  b.device_ev = b.driver_ev + 1;
  b.links = malloc(sizeof(uint16_t) * num); b.state_num = calloc(num, sizeof(uint16_t)); b.state_last = calloc(num, sizeof(uint16_t));
  for (int i = 0; i < num; i++) b.links[i] = (uint16_t)(i + 1);
  b.num_free = (uint16_t)num; b.avail_wrap = b.used_wrap = b.dev_avail_wrap = b.dev_used_wrap = 1;
  b.avail_used_flags = F_AVAIL;
  if (event_idx) {  /* both sides ask for DESC, as the Swift benchmark sets them up */
    b.device_ev->off_wrap = 1 << 15; b.device_ev->flags = VRING_PACKED_EVENT_FLAG_DESC;
    b.driver_ev->off_wrap = 1 << 15; b.driver_ev->flags = VRING_PACKED_EVENT_FLAG_DESC;
  }
  b.slot_free = malloc(sizeof(uint64_t) * b.slots);
  uint64_t data = (0x1000 + ring + 4095) & ~(uint64_t)4095;
  for (int i = 0; i < b.slots; i++) b.slot_free[i] = data + (uint64_t)(b.slots - 1 - i) * BUF;
  b.slot_top = b.slots;
  unsigned char payload[BUF], reply[BUF], scratch[BUF * 4], back[BUF];
  for (int i = 0; i < BUF; i++) { payload[i] = (unsigned char)i; reply[i] = (unsigned char)(255 - i); }
  int64_t done = 0; volatile int sink = 0;
  for (int64_t c = 0; c < cycles; c++) {
    if (driver_add(&b, nbufs, payload) < 0) { done = -1; break; }
    if (driver_publish(&b) < 0) { done = -1; break; }
    sink += driver_kick(&b);
    if (device_pop(&b, scratch) < 0) { done = -1; break; }
    if (device_push(&b, reply) < 0) { done = -1; break; }
    sink += device_interrupt(&b);
    if (driver_reclaim(&b, back) != 1) { done = -1; break; }
    done++;
  }
  sink += (int)(b.added + b.kicks + b.kicks_suppressed + b.popped + b.pushed + b.irqs + b.irqs_suppressed + b.reclaimed);
  (void)sink;
  free(b.mem); free(b.links); free(b.state_num); free(b.state_last); free(b.slot_free);
  return done;
}

/* Reference implementation of one split-virtqueue cycle in C, against Linux's <linux/virtio_ring.h>.
 * Same work per chain as the Swift engine's benchmark: the driver fills each readable 64-byte buffer, builds the
 * chain (free list), writes the avail ring, publishes avail.idx, decides the kick (NO_NOTIFY or vring_need_event);
 * the device checks the avail index jump, the head, each descriptor (len, address range, next, order, loop
 * bound), reads the readable bytes, writes 64 bytes into the writable buffer, pushes the used element, decides
 * the interrupt; the driver checks the used id and frees the chain.
 * Brought to the Swift engine's work, never slowed otherwise: publishing avail.idx is its own step (as the
 * engine's `publish`), every operation checks the device status as the engine's bus does (FEATURES_OK for the
 * driver's ring work, DRIVER_OK for notifications and the device), and the bus's counters are kept. */
#include "CVringBench.h"
#include <linux/virtio_ring.h>
#include <stdlib.h>
#include <string.h>

#define BUF 64

struct bench {
  struct vring vr;
  unsigned char *mem; size_t mem_size;
  int num;
  /* driver */
  uint16_t free_head, num_free, avail_shadow, kicked, last_used;
  uint16_t *links; int *chain_len;
  uint64_t *slot_free; int slots, slot_top;          /* buffer allocator: a stack of 64-byte slots */
  /* device */
  uint16_t last_avail, used_idx, signalled; int signalled_valid; int in_flight_head, in_flight;
  int event_idx;
  /* the bus: device status and counters, as the Swift engine's Virtqueue keeps them */
  uint8_t status; int64_t added, kicks, kicks_suppressed, popped, pushed, irqs, irqs_suppressed, reclaimed;
};

#define STATUS_FEATURES_OK 8
#define STATUS_DRIVER_OK 4

static uint64_t slot_alloc(struct bench *b) { return b->slot_free[--b->slot_top]; }
static void slot_release(struct bench *b, uint64_t a) { b->slot_free[b->slot_top++] = a; }

static int in_mem(struct bench *b, uint64_t addr, uint64_t len) {
  return addr + len >= addr && addr + len <= b->mem_size;
}

static int driver_add(struct bench *b, int nbufs, const unsigned char *payload) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  if (b->num_free < nbufs) return -1;
  uint16_t head = b->free_head, i = head, prev = head;
  for (int n = 0; n < nbufs; n++) {
    uint64_t a = slot_alloc(b);
    int writable = (n == nbufs - 1) && nbufs > 1;
    if (!writable) memcpy(b->mem + a, payload, BUF);
    struct vring_desc *d = &b->vr.desc[i];
    d->addr = a; d->len = BUF;
    d->flags = (writable ? VRING_DESC_F_WRITE : 0) | (n < nbufs - 1 ? VRING_DESC_F_NEXT : 0);
    prev = i;
    i = b->links[i];
    d->next = (n < nbufs - 1) ? i : 0;
  }
  (void)prev;
  b->free_head = i; b->num_free -= nbufs; b->chain_len[head] = nbufs;
  b->vr.avail->ring[b->avail_shadow & (b->num - 1)] = head;
  b->avail_shadow++;
  b->added++;
  return head;
}

static int driver_publish(struct bench *b) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  __atomic_thread_fence(__ATOMIC_RELEASE);
  b->vr.avail->idx = b->avail_shadow;
  return 0;
}

static int driver_kick(struct bench *b) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  uint16_t old = b->kicked, new = b->vr.avail->idx;
  b->kicked = new;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  int kick = b->event_idx ? vring_need_event(vring_avail_event(&b->vr), new, old)
                          : !(b->vr.used->flags & VRING_USED_F_NO_NOTIFY);
  if (kick) b->kicks++; else b->kicks_suppressed++;
  return kick;
}

static int device_pop(struct bench *b, unsigned char *out) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  uint16_t avail = b->vr.avail->idx;
  if ((uint16_t)(avail - b->last_avail) > b->num) return -1;
  if (avail == b->last_avail) return -2;
  if (b->in_flight >= b->num) return -1;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  uint16_t head = b->vr.avail->ring[b->last_avail & (b->num - 1)];
  if (head >= b->num) return -1;
  b->last_avail++;
  if (b->event_idx) vring_avail_event(&b->vr) = b->last_avail;
  uint16_t i = head; int visited = 0, seen_write = 0, off = 0;
  for (;;) {
    if (++visited > b->num) return -1;
    struct vring_desc d = b->vr.desc[i];
    if (d.flags & VRING_DESC_F_INDIRECT) return -1;
    if (d.len == 0 || !in_mem(b, d.addr, d.len)) return -1;
    if (d.flags & VRING_DESC_F_WRITE) { seen_write = 1; }
    else { if (seen_write) return -1; memcpy(out + off, b->mem + d.addr, d.len); off += d.len; }
    if (!(d.flags & VRING_DESC_F_NEXT)) break;
    if (d.next >= b->num) return -1;
    i = d.next;
  }
  b->in_flight_head = head; b->in_flight++;
  b->popped++;
  return head;
}

static void device_push(struct bench *b, int head, const unsigned char *reply) {
  /* write the reply into the chain's writable buffer */
  uint16_t i = head;
  for (;;) {
    struct vring_desc *d = &b->vr.desc[i];
    if (d->flags & VRING_DESC_F_WRITE) memcpy(b->mem + d->addr, reply, d->len);
    if (!(d->flags & VRING_DESC_F_NEXT)) break;
    i = d->next;
  }
  struct vring_used_elem *e = &b->vr.used->ring[b->used_idx & (b->num - 1)];
  e->id = head; e->len = BUF;
  __atomic_thread_fence(__ATOMIC_RELEASE);
  b->used_idx++;
  b->vr.used->idx = b->used_idx;
  b->in_flight--;
  b->pushed++;
}

static int device_interrupt(struct bench *b) {
  if (!(b->status & STATUS_DRIVER_OK)) return -1;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  int irq;
  if (b->event_idx) {
    int v = b->signalled_valid; uint16_t old = b->signalled, new = b->used_idx;
    b->signalled_valid = 1; b->signalled = new;
    irq = !v || vring_need_event(vring_used_event(&b->vr), new, old);
  } else {
    irq = !(b->vr.avail->flags & VRING_AVAIL_F_NO_INTERRUPT);
  }
  if (irq) b->irqs++; else b->irqs_suppressed++;
  return irq;
}

static int driver_reclaim(struct bench *b, unsigned char *in) {
  if (!(b->status & STATUS_FEATURES_OK)) return -1;
  int n = 0;
  while (b->last_used != b->vr.used->idx) {
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    struct vring_used_elem e = b->vr.used->ring[b->last_used & (b->num - 1)];
    if (e.id >= (uint32_t)b->num || b->chain_len[e.id] == 0) return -1;
    uint16_t i = e.id, last = i; int len = b->chain_len[e.id];
    for (int k = 0; k < len; k++) {
      struct vring_desc *d = &b->vr.desc[i];
      if (d->flags & VRING_DESC_F_WRITE) memcpy(in, b->mem + d->addr, e.len < d->len ? e.len : d->len);
      slot_release(b, d->addr);
      last = i;
      if (k < len - 1) { b->links[i] = d->next; i = d->next; }
    }
    b->links[last] = b->free_head; b->free_head = (uint16_t)e.id; b->num_free += len;
    b->chain_len[e.id] = 0;
    b->last_used++;
    if (b->event_idx) vring_used_event(&b->vr) = b->last_used;
    n++;
    b->reclaimed++;
  }
  return n;
}

int64_t cvring_run(int num, int nbufs, int event_idx, int64_t cycles) {
  struct bench b; memset(&b, 0, sizeof b);
  b.num = num; b.event_idx = event_idx;
  b.status = 1 | 2 | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
  size_t ring = vring_size(num, 4096);
  b.slots = num * 4;
  b.mem_size = 0x1000 + ring + 4096 + (size_t)b.slots * BUF;
  b.mem = calloc(1, b.mem_size);
  vring_init(&b.vr, num, b.mem + 0x1000, 4096);
  b.links = malloc(sizeof(uint16_t) * num); b.chain_len = calloc(num, sizeof(int));
  for (int i = 0; i < num; i++) b.links[i] = (uint16_t)(i + 1);
  b.num_free = (uint16_t)num;
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
    int head = device_pop(&b, scratch);
    if (head < 0) { done = -1; break; }
    device_push(&b, head, reply);
    sink += device_interrupt(&b);
    int r = driver_reclaim(&b, back);
    if (r != 1) { done = -1; break; }
    done++;
  }
  sink += (int)(b.added + b.kicks + b.kicks_suppressed + b.popped + b.pushed + b.irqs + b.irqs_suppressed + b.reclaimed);
  (void)sink;
  free(b.mem); free(b.links); free(b.chain_len); free(b.slot_free);
  return done;
}

#!/bin/busybox sh
# virtio-tutor guest /init (busybox). Loads the virtio modules, then does what the kernel command line asks:
#   tutor=shell (default)            an interactive shell on the serial console (ttyS0)
#   tutor=read tutor_reads=N tutor_bs=B   on each line typed on the console, N reads of B bytes from /dev/hwrng
#                                    (hexdump -C) between READ-START and READ-DONE lines that report how often
#                                    the hwrng kthread ran since the line before
#   tutor=bench tutor_kib=K          reads K KiB from /dev/hwrng and prints the guest's start/end uptime
#   tutor=demo                       one request on each virtio device (rng, blk, net), for inspect --boot
# Every marker line starts with "TUTOR: " so the host can follow the boot on the serial console.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/bin
up() { cut -d' ' -f1 /proc/uptime; }
echo "TUTOR: init uptime=$(up)"
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio-rng \
         virtio_blk failover net_failover virtio_net; do
  insmod /lib/modules/$m.ko 2>/dev/null || echo "TUTOR: insmod $m failed"
done
mode=shell; reads=1; bs=16; kib=256
for w in $(cat /proc/cmdline); do
  case $w in
    tutor=*) mode=${w#tutor=} ;;
    tutor_reads=*) reads=${w#tutor_reads=} ;;
    tutor_bs=*) bs=${w#tutor_bs=} ;;
    tutor_kib=*) kib=${w#tutor_kib=} ;;
  esac
done
# The hwrng core's own kthread ([hwrng]) also reads the device to feed the entropy pool: in Linux 6.1 it is
# started whenever an rng registers and sleeps between reads (max(1 s, uptime/2) early, then 60 s). tutor=read
# sets rng_quality to 0, after which the kthread exits at its next wake-up (hwrng_fillfn: `if (!quality) break`),
# and reports its context switches (voluntary + involuntary) so the host can tell whether it ran at all: on this
# one-CPU guest a thread that ran between two samples was switched out between them, so an unchanged sum means
# it did not run (a thread that has exited counts as 0).
hwrng_pid() {
  for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = hwrng ] && { echo ${p#/proc/}; return; }; done
}
switches() {
  [ -n "$1" ] && cat /proc/$1/status 2>/dev/null | awk '/^(nonvoluntary|voluntary)_ctxt_switches/ {n += $2} END {print n + 0}' || echo 0
}
for d in /sys/bus/virtio/devices/*; do
  [ -e "$d/device" ] && echo "TUTOR: virtio $(basename $d) device=$(cat $d/device) driver=$(basename "$(readlink $d/driver)")"
done
[ -r /sys/class/misc/hw_random/rng_current ] && echo "TUTOR: rng_current=$(cat /sys/class/misc/hw_random/rng_current)"
echo "TUTOR: ready uptime=$(up)"
case $mode in
  shell)
    echo "TUTOR: shell (try: dd if=/dev/hwrng bs=16 count=1 | hexdump -C)"
    exec setsid cttyhack sh ;;
  read)
    # One batch per Enter. The kthread's switches are sampled once per line printed and each line reports the
    # change since the previous sample, so the intervals join up: READ-START covers the prompt and the host's
    # counting after the previous batch, READ-DONE the batch. The host counts a batch only when its READ-DONE and
    # the next READ-START both say kthread=0 (the kthread did not read the device while the host counted).
    [ -w /sys/class/misc/hw_random/rng_quality ] && echo 0 > /sys/class/misc/hw_random/rng_quality
    kpid=$(hwrng_pid); k0=$(switches "$kpid")
    while :; do
      echo "TUTOR: press Enter to read"
      read -r go < /dev/ttyS0
      k1=$(switches "$kpid")
      echo "TUTOR: READ-START kthread=$((k1 - k0))"
      k0=$k1
      i=0
      while [ $i -lt $reads ]; do
        dd if=/dev/hwrng bs=$bs count=1 2>/dev/null | hexdump -C
        i=$((i + 1))
      done
      k1=$(switches "$kpid")
      echo "TUTOR: READ-DONE reads=$reads bs=$bs kthread=$((k1 - k0))"
      k0=$k1
    done ;;
  bench)
    b0=$(up)
    dd if=/dev/hwrng of=/dev/null bs=1024 count=$kib 2>/dev/null
    b1=$(up)
    echo "TUTOR: BENCH-DONE kib=$kib start=$b0 end=$b1" ;;
  demo)
    # one request on each device, for inspect --boot: hwrng, the disk's first sector, the network link
    dd if=/dev/hwrng bs=16 count=1 2>/dev/null | hexdump -C
    [ -b /dev/vda ] && dd if=/dev/vda bs=512 count=1 iflag=direct 2>/dev/null | hexdump -C | head -2
    if [ -e /sys/class/net/eth0 ]; then ip link set lo up; ip link set eth0 up; udhcpc -i eth0 -n -q -t 2 -s /bin/true >/dev/null 2>&1; fi ;;
  idle) ;;
esac
echo "TUTOR: IO-DONE uptime=$(up)"
while :; do sleep 60; done

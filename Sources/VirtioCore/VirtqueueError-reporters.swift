extension VirtqueueError.Kind {
  /// The real implementations that report this condition, with their own messages (the same sources as each
  /// case's documentation, `reference/virtio.md` §5), for a viewer that shows an error whole.
  public var reportedBy: String {
    switch self {
    case .availIndexJump:
      return "QEMU virtqueue_num_heads: \"Guest moved used index from %u to %u\"; vhost: \"Guest moved avail index from %u to %u\"; rust-vmm InvalidAvailRingIndex"
    case .headOutOfRange:
      return "QEMU virtqueue_get_head: \"Guest says index %u is available\"; vhost: \"Guest says index %u > %u is available\""
    case .nextOutOfRange:
      return "QEMU virtqueue_split_read_next_desc: \"Desc next is %u\"; vhost: \"Desc index is %u > %u, head = %u\""
    case .loopedDescriptor:
      return "QEMU virtqueue_split_pop: \"Looped descriptor\"; vhost: \"Loop detected: last one at %u vq size %u head %u\""
    case .indirectBadSize:
      return "QEMU: \"Invalid size for indirect buffer table\"; vhost: \"Invalid length in indirect descriptor\"; rust-vmm InvalidIndirectDescriptorTable"
    case .indirectTooLarge:
      return "vhost get_indirect: \"Indirect buffer length too big: %d\"; rust-vmm InvalidIndirectDescriptorTable"
    case .nestedIndirect:
      return "vhost: \"Nested indirect descriptor: idx %d\"; rust-vmm InvalidIndirectDescriptor"
    case .indirectWithNext:
      return "the spec (2.7.5.3.1); QEMU and vhost do not check it"
    case .indirectNotNegotiated:
      return "the spec (2.7.5.3.1); the Linux driver never builds such a chain"
    case .readableAfterWritable:
      return "QEMU: \"Incorrect order for descriptors\"; vhost: \"Descriptor has out after in: idx %d\""
    case .zeroLengthBuffer:
      return "QEMU virtqueue_map_desc: \"virtio: zero sized buffers are not allowed\""
    case .addressOutOfRange:
      return "QEMU: \"virtio: bogus descriptor or out of resources\"; vhost: \"Translation failure\"; rust-vmm AddressOverflow"
    case .misalignedRing:
      return "rust-vmm InvalidDescTableAlign / InvalidAvailRingAlign / InvalidUsedRingAlign"
    case .invalidQueueSize:
      return "rust-vmm InvalidSize; Linux vring_create_virtqueue_split: \"Bad virtqueue length %u\""
    case .queueNotReady:
      return "rust-vmm QueueNotReady: \"trying to process requests on a queue that's not ready\""
    case .tooManyInFlight:
      return "QEMU virtqueue_split_pop: \"Virtqueue size exceeded\""
    case .usedIDOutOfRange:
      return "Linux virtqueue_get_buf_ctx_split: \"id %u out of range\""
    case .usedIDNotHead:
      return "Linux virtqueue_get_buf_ctx_split: \"id %u is not a head!\""
    case .featureNotOffered:
      return "the spec 2.2.2 (device strict=on); QEMU masks the bit (virtio_set_features_nocheck)"
    case .statusOutOfOrder:
      return "the spec (2.1.1: the driver MUST NOT clear a device status bit; 3.1.1: the initialization order)"
    case .queueFull:
      return "Linux virtqueue_add_split: \"Can't add buf len %i - avail = %i\" (-ENOSPC)"
    case .queueBroken:
      return "Linux virtqueue_add_split: vq->broken, -EIO (set by BAD_RING in virtqueue_get_buf_ctx_split)"
    }
  }
}

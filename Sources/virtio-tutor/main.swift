print("virtio-tutor")

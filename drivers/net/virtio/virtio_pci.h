/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio 1.x PCI transport ("modern", virtio 1.1 4.1): the structures
 * the vendor-specific capabilities point at, the status and feature
 * handshake, virtqueue programming, device configuration reads.
 * Slow path only; the fast path rings doorbells through vq->notify_addr.
 */
#ifndef VIRTIO_PCI_H
#define VIRTIO_PCI_H

#include <stdint.h>

#include "fpk_bus_pci.h"

struct virtqueue;

/* Where one virtio structure lives: BAR and offset (virtio 1.1 4.1.4). */
struct virtio_pci_region {
	uint8_t bar;
	uint32_t off;
	uint32_t len;
};

struct virtio_hw {
	struct fpk_pci_device *pci;
	struct virtio_pci_region common;
	struct virtio_pci_region notify;
	struct virtio_pci_region device;
	uint32_t notify_mult;   /* notify_off_multiplier (virtio 1.1 4.1.4.4) */
};

/**
 * Find the common, notification and device configuration structures of
 * @pci (virtio 1.1 4.1.4) and record them in @hw.
 * @return 0; -ENODEV when the device has none of them (a legacy-only
 *   device: the caller declines it); -EINVAL when one is missing, lies
 *   outside its BAR, or the notification BAR is not mmap'ed (logged).
 */
int virtio_pci_init(struct virtio_hw *hw, struct fpk_pci_device *pci);

/**
 * Reset the device: write 0 to device_status and wait until it reads back 0
 * (virtio 1.1 4.1.4.3.2): from then on it no longer touches queue memory.
 * @return 0, or -ETIMEDOUT after 3 s.
 */
int virtio_pci_reset(struct virtio_hw *hw);
uint8_t virtio_pci_get_status(struct virtio_hw *hw);
/** OR @bits into device_status (virtio 1.1 3.1.1 steps 2, 3, 5, 8). */
void virtio_pci_add_status(struct virtio_hw *hw, uint8_t bits);
/** The 64 feature bits the device offers (device_feature_select 0 and 1). */
uint64_t virtio_pci_get_features(struct virtio_hw *hw);
/**
 * Write the driver features, set FEATURES_OK and check it stuck (virtio 1.1
 * 3.1.1 steps 4-6). @return 0, or -ENOTSUP if the device refused them.
 */
int virtio_pci_set_features(struct virtio_hw *hw, uint64_t features);
/** Largest size of virtqueue @idx; 0 if the device has no such queue. */
uint16_t virtio_pci_queue_max(struct virtio_hw *hw, uint16_t idx);
/**
 * Program virtqueue @vq (queue_index, nb_desc and ring addresses set) into
 * the device, without an MSI-X vector, enable it and set vq->notify_addr
 * (virtio 1.1 4.1.5.1.3). @return 0, or -EINVAL (logged).
 */
int virtio_pci_queue_setup(struct virtio_hw *hw, struct virtqueue *vq);
/**
 * Reset virtqueue @idx alone (VIRTIO_F_RING_RESET, virtio 1.2 2.6.1) and
 * wait until the device is done with it: from then on it no longer touches
 * the queue's rings or buffers; virtio_pci_queue_setup() enables it again.
 * @return 0, or -ETIMEDOUT after 3 s (logged).
 */
int virtio_pci_queue_reset(struct virtio_hw *hw, uint16_t idx);
/**
 * Route configuration-change interrupts to MSI-X vector @vec (or
 * VIRTIO_MSI_NO_VECTOR). @return 0, or -ENOSPC if the device refused it.
 */
int virtio_pci_set_config_vector(struct virtio_hw *hw, uint16_t vec);
/**
 * Read @len bytes of the device configuration at @off, retrying until the
 * config_generation is stable around the read (virtio 1.1 2.4.1). @len 2 at an
 * even @off reads one le16 field, @len 4 at a multiple of 4 one le32; other
 * lengths read bytes (the MAC).
 */
void virtio_pci_read_dev_config(struct virtio_hw *hw, uint32_t off, void *buf, uint32_t len);

#endif /* VIRTIO_PCI_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_virtio: the port state shared by the driver's files, and the pieces
 * the unit tests reach without a device (feature negotiation).
 */
#ifndef VIRTIO_ETHDEV_H
#define VIRTIO_ETHDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "fpk_ethdev_driver.h"
#include "fpk_log.h"
#include "virtio_pci.h"
#include "virtio_spec.h"

#define VIRTIO_DRIVER_NAME "net_virtio"

extern int virtio_logtype;
#define VIRTIO_LOG(level, ...) FPK_PMD_LOG(virtio, level, __VA_ARGS__)

/* What the driver asks for; the rest of what the device offers is declined. */
#define VIRTIO_NET_WANTED_FEATURES ( \
	VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MAC) | \
	VIRTIO_BIT(VIRTIO_NET_F_STATUS) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | \
	VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ) | VIRTIO_BIT(VIRTIO_NET_F_CTRL_RX) | \
	VIRTIO_BIT(VIRTIO_NET_F_MQ) | VIRTIO_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR))

/**
 * The features to accept out of @offered (virtio 1.1 3.1.1 step 4).
 * @iommu: DMA addresses are translated by an IOMMU (IOVA as VA) rather than
 * physical (noiommu): VIRTIO_F_ACCESS_PLATFORM is accepted only then, and
 * then required, since a device without it bypasses the IOMMU.
 * Control-queue features are dropped when VIRTIO_NET_F_CTRL_VQ is not
 * offered (virtio 1.1 5.1.3.1).
 * @return 0 with *@features set; -ENOTSUP (no VIRTIO_F_VERSION_1: a legacy
 *   device; or the ACCESS_PLATFORM mismatch above), logged for @name.
 */
int virtio_net_negotiate(const char *name, uint64_t offered, bool iommu, uint64_t *features);

#endif /* VIRTIO_ETHDEV_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_virtio: the port state shared by the driver's files, and the pieces
 * the unit tests reach without a device (feature negotiation).
 */
#ifndef VIRTIO_ETHDEV_H
#define VIRTIO_ETHDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fpk_ethdev_driver.h"
#include "fpk_log.h"
#include "virtio_pci.h"
#include "virtio_spec.h"

#define VIRTIO_DRIVER_NAME "net_virtio"

extern int virtio_logtype;
#define VIRTIO_LOG(level, ...) FPK_PMD_LOG(virtio, level, __VA_ARGS__)

/* What virtio 1.2 added that the driver uses: RSS, hash reporting, ring reset. */
#define VIRTIO_NET_WANTED_FEATURES_1_2 ( \
	VIRTIO_BIT(VIRTIO_NET_F_RSS) | VIRTIO_BIT(VIRTIO_NET_F_HASH_REPORT) | \
	VIRTIO_BIT(VIRTIO_F_RING_RESET))
/* What the driver asks for; the rest of what the device offers is declined. */
#define VIRTIO_NET_WANTED_FEATURES (VIRTIO_NET_WANTED_FEATURES_1_2 | \
	VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MAC) | \
	VIRTIO_BIT(VIRTIO_NET_F_STATUS) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) | \
	VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ) | VIRTIO_BIT(VIRTIO_NET_F_CTRL_RX) | \
	VIRTIO_BIT(VIRTIO_NET_F_MQ) | VIRTIO_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR))

/* The Toeplitz key length: what the spec makes every RSS device take at least. */
#define VIRTIO_RSS_KEY_LEN 40
/* Redirection table entries, at most (DPDK's virtio uses as many; QEMU's maximum). */
#define VIRTIO_RETA_MAX 128

struct virtqueue;

struct virtio_port {
	struct virtio_hw hw;
	uint64_t features;          /* negotiated */
	uint16_t max_pairs;         /* queue pairs the device has (1 without MQ) */
	uint16_t rxq_max;           /* size limit of the rx virtqueues */
	uint16_t txq_max;           /* and of the tx ones */
	struct virtqueue *cvq;      /* control queue, NULL without CTRL_VQ */
	bool lsc_intr;              /* link changes arrive by MSI-X interrupt */
	bool live;                  /* DRIVER_OK set: the control queue works */
	bool mac_set;               /* the application chose the MAC: restore it on start */
	/*
	 * RSS and hash reporting, from the device configuration (probe), the
	 * port configuration and the RSS ops; sent at start, and at once by an
	 * op on a started port (virtio_rss_program()).
	 */
	uint32_t hash_types;        /* supported_hash_types; 0 without RSS and HASH_REPORT */
	uint16_t reta_size;         /* table entries sent; 0 without VIRTIO_NET_F_RSS */
	bool rss;                   /* RSS mode: RSS_CONFIG steers over the rx queues */
	bool rss_hash;              /* the hash goes into the mbufs (HASH_REPORT) */
	uint64_t rss_hf;            /* FPK_ETH_RSS_* hashed on */
	uint8_t rss_key[VIRTIO_RSS_KEY_LEN];
	uint16_t reta[VIRTIO_RETA_MAX];
};

static inline bool
virtio_has_feature(const struct virtio_port *vp, unsigned int bit)
{
	return (vp->features & VIRTIO_BIT(bit)) != 0;
}

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

/**
 * Run control command @cls/@cmd with @len bytes of @data on a started
 * port; on a stopped one do nothing (dev_start sends the state). @what
 * names it in the error log. @return 0, or vq_ctrl_cmd()'s error.
 */
int virtio_ctrl(struct fpk_eth_dev *dev, uint8_t cls, uint8_t cmd, const void *data, size_t len,
		const char *what);

/* RSS and hash reporting (virtio_rss.c). */
/** The FPK_ETH_RSS_* fields of virtio hash types @types. */
uint64_t virtio_rss_hf(uint32_t types);
/**
 * At probe, after FEATURES_OK: read what @vp's device can hash
 * (supported_hash_types, key and table sizes) into hash_types and
 * reta_size; RSS and HASH_REPORT are dropped from vp->features, with a
 * warning, when its configuration makes them unusable.
 */
void virtio_rss_probe(struct virtio_port *vp, const char *name);
/** Take the RSS settings of a new configuration; @return 0 or -ENOTSUP (logged). */
int virtio_rss_configure(struct fpk_eth_dev *dev);
/**
 * Send the steering and hash state to a started device: RSS_CONFIG in RSS
 * mode, else VQ_PAIRS_SET (with MQ) then HASH_CONFIG when hashes are
 * wanted. @return 0 or the control command's error.
 */
int virtio_rss_program(struct fpk_eth_dev *dev);
int virtio_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		       uint16_t reta_size);
int virtio_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		      uint16_t reta_size);
int virtio_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);
int virtio_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);

#endif /* VIRTIO_ETHDEV_H */

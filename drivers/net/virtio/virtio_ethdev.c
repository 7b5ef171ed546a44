/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_virtio: virtio-net (virtio 1.1 5.1) over the modern PCI transport
 * (virtio 1.1 4.1), split virtqueues, polled.
 *
 * Life of a port:
 *  - probe: find the capabilities, run the handshake up to FEATURES_OK to
 *    learn the features, MAC and queue limits, allocate the control queue,
 *    then reset the device so it stays quiet until dev_start;
 *  - dev_start: the whole initialisation sequence of virtio 1.1 3.1.1 (reset,
 *    ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK), then
 *    the control commands that restore the port's modes;
 *  - dev_stop: reset and wait for status 0 (virtio 1.1 4.1.4.3.2), so the
 *    device no longer touches queue memory; tx buffers are freed, rx
 *    buffers stay in their slots for the next start.
 * Queue memory (rings in IOVA-contiguous memzones) lives from queue setup to
 * queue release, which ethdev only does on a stopped, hence reset, device.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fpk_eal.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"
#include "fpk_memory.h"
#include "fpk_memzone.h"
#include "virtio_ethdev.h"
#include "virtio_vq.h"

FPK_PMD_LOG_REGISTER(virtio);

#define VIRTIO_CTRL_TIMEOUT_MS 5000
#define VIRTIO_CTRL_QUEUE_SIZE 64
#define VIRTIO_DEFAULT_FREE_THRESH 32
/* Without MRG_RXBUF every rx buffer must take a whole frame: 1500 bytes of
 * MTU, Ethernet header and a VLAN tag (no CRC). */
#define VIRTIO_MIN_RX_FRAME (1500 + 14 + 4)


int
virtio_net_negotiate(const char *name, uint64_t offered, bool iommu, uint64_t *features)
{
	uint64_t f = offered & VIRTIO_NET_WANTED_FEATURES;

	if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		VIRTIO_LOG(ERR, "%s: the device does not offer VIRTIO_F_VERSION_1: a legacy-only "
			   "virtio device, which net_virtio does not drive; give QEMU's "
			   "virtio-net-pci disable-modern=off (the default)\n", name);
		return -ENOTSUP;
	}
	if (iommu) {
		if (!(offered & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM))) {
			VIRTIO_LOG(ERR, "%s: DMA goes through an IOMMU but the device does not "
				   "offer VIRTIO_F_ACCESS_PLATFORM, so it would use the addresses "
				   "as physical ones: add iommu_platform=on to the QEMU device, or "
				   "run without an IOMMU (noiommu, --iova-mode pa)\n", name);
			return -ENOTSUP;
		}
		f |= VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM);
	}
	/* Control-queue features require the control queue (virtio 1.2 5.1.3.1):
	 * RSS and hash reporting are configured through it. */
	if (!(f & VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ)))
		f &= ~(VIRTIO_BIT(VIRTIO_NET_F_CTRL_RX) | VIRTIO_BIT(VIRTIO_NET_F_MQ) |
		       VIRTIO_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR) | VIRTIO_BIT(VIRTIO_NET_F_RSS) |
		       VIRTIO_BIT(VIRTIO_NET_F_HASH_REPORT));
	*features = f;
	return 0;
}

/* Handshake up to FEATURES_OK (virtio 1.1 3.1.1 steps 1-6). */
static int
virtio_handshake(struct virtio_port *vp, const char *name)
{
	struct virtio_hw *hw = &vp->hw;
	int ret = virtio_pci_reset(hw);

	if (ret)
		return ret;
	virtio_pci_add_status(hw, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_pci_add_status(hw, VIRTIO_STATUS_DRIVER);
	ret = virtio_pci_set_features(hw, vp->features);
	if (ret) {
		uint64_t offered = virtio_pci_get_features(hw);

		if ((offered & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM)) &&
		    !(vp->features & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM)))
			VIRTIO_LOG(ERR, "%s: the device insists on VIRTIO_F_ACCESS_PLATFORM, "
				   "which cannot be honoured without an IOMMU (noiommu mode "
				   "gives it physical addresses): remove iommu_platform=on "
				   "from the device or bind it behind an IOMMU\n", name);
		else
			VIRTIO_LOG(ERR, "%s: the device refused features 0x%" PRIx64 " "
				   "(FEATURES_OK did not stick): broken device\n", name,
				   vp->features);
		virtio_pci_add_status(hw, VIRTIO_STATUS_FAILED);
	}
	return ret;
}

static void
virtio_read_link(struct virtio_port *vp, struct fpk_eth_link *link)
{
	uint16_t st = VIRTIO_NET_S_LINK_UP;

	/* Without VIRTIO_NET_F_STATUS the link is always up (virtio 1.1 5.1.4). */
	if (virtio_has_feature(vp, VIRTIO_NET_F_STATUS))
		virtio_pci_read_dev_config(&vp->hw, VIRTIO_NET_CFG_STATUS, &st, 2);
	memset(link, 0, sizeof(*link));
	link->link_status = (st & VIRTIO_NET_S_LINK_UP) ? FPK_ETH_LINK_UP : FPK_ETH_LINK_DOWN;
	/* No speed without VIRTIO_NET_F_SPEED_DUPLEX: report what DPDK's does. */
	link->link_speed = link->link_status ? FPK_ETH_SPEED_NUM_10G : FPK_ETH_SPEED_NUM_NONE;
	link->link_duplex = FPK_ETH_LINK_FULL_DUPLEX;
}

static int
virtio_link_update(struct fpk_eth_dev *dev)
{
	struct fpk_eth_link link;

	virtio_read_link(dev->data->dev_private, &link);
	return fpk_eth_dev_link_set(dev, &link);
}

/* Configuration-change interrupt (virtio 1.1 4.1.5.3), on the bus's interrupt thread. */
static void
virtio_config_intr(struct fpk_pci_device *pci, unsigned int vec, void *arg)
{
	struct fpk_eth_dev *dev = arg;

	(void)pci;
	(void)vec;
	if (virtio_link_update(dev))
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
}

/* ---- queues ----------------------------------------------------------- */

static struct virtqueue *
virtio_vq_alloc(struct fpk_eth_dev *dev, uint16_t vq_index, uint16_t nb_desc, int socket,
		size_t hdr_len)
{
	char name[FPK_MEMZONE_NAMESIZE];
	size_t avail_off, used_off, ring_len;
	struct virtqueue *vq;

	snprintf(name, sizeof(name), "virtio_p%u_vq%u", dev->data->port_id, vq_index);
	/* Where its rings go: the node queue setup names (the device's for the control queue). */
	vq = fpk_zmalloc_socket(name, sizeof(*vq), 0, socket);
	if (vq == NULL)
		return NULL;
	vq->slots = fpk_zmalloc_socket(name, (size_t)nb_desc * sizeof(*vq->slots), 0, socket);
	if (vq->slots == NULL) {
		fpk_free(vq);
		return NULL;
	}
	ring_len = vring_layout(nb_desc, &avail_off, &used_off);
	/* Rings and header area in one zone, contiguous for the device. */
	vq->mz = fpk_eth_dma_zone_reserve(dev, "vq", vq_index, ring_len + hdr_len,
					  FPK_CACHE_LINE_SIZE, socket);
	if (vq->mz == NULL) {
		fpk_free(vq->slots);
		fpk_free(vq);
		return NULL;
	}
	vq->queue_index = vq_index;
	vq->nb_desc = nb_desc;
	vq->port_id = dev->data->port_id;
	vq->hdr_va = (uint8_t *)vq->mz->addr + ring_len;
	vq->hdr_iova = vq->mz->iova + ring_len;
	vq_ring_init(vq, vq->mz->addr, vq->mz->iova, nb_desc);
	return vq;
}

static void
virtio_vq_free(struct virtqueue *vq)
{
	if (vq == NULL)
		return;
	vq_release_mbufs(vq);
	fpk_memzone_free(vq->mz);
	fpk_free(vq->slots);
	fpk_free(vq);
}

static int
virtio_check_nb_desc(struct fpk_eth_dev *dev, uint16_t nb_desc)
{
	/* Split queue sizes are powers of two (virtio 1.1 2.6). */
	if (nb_desc & (nb_desc - 1)) {
		VIRTIO_LOG(ERR, "%s: %u descriptors: virtio split queues need a power of two\n",
			   dev->data->name, nb_desc);
		return -EINVAL;
	}
	return 0;
}

static uint16_t
free_thresh(uint16_t asked, uint16_t nb_desc)
{
	uint16_t t = asked ? asked : VIRTIO_DEFAULT_FREE_THRESH;

	return FPK_MIN(t, (uint16_t)(nb_desc / 2));
}

static int
virtio_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		      struct fpk_mempool *mp)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct virtqueue *vq;
	int ret = virtio_check_nb_desc(dev, nb_desc);

	if (ret)
		return ret;
	vq = virtio_vq_alloc(dev, (uint16_t)(2 * qid), nb_desc, fpk_eth_queue_socket(socket_id), 0);
	if (vq == NULL)
		return -ENOMEM;
	vq->mp = mp;
	vq->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	vq->mrg_rxbuf = virtio_has_feature(vp, VIRTIO_NET_F_MRG_RXBUF);
	vq->hash_hdr = virtio_has_feature(vp, VIRTIO_NET_F_HASH_REPORT);
	vq->free_thresh = free_thresh(conf->rx_free_thresh, nb_desc);
	dev->data->rx_queues[qid] = vq;
	return 0;
}

static int
virtio_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct virtqueue *vq;
	int ret = virtio_check_nb_desc(dev, nb_desc);

	if (ret)
		return ret;
	vq = virtio_vq_alloc(dev, (uint16_t)(2 * qid + 1), nb_desc, fpk_eth_queue_socket(socket_id),
			     (size_t)nb_desc * VQ_HDR_STRIDE);
	if (vq == NULL)
		return -ENOMEM;
	/* The device reads a header of the same size on transmit (virtio 1.2 5.1.6). */
	vq->hash_hdr = virtio_has_feature(vp, VIRTIO_NET_F_HASH_REPORT);
	vq->free_thresh = free_thresh(conf->tx_free_thresh, nb_desc);
	dev->data->tx_queues[qid] = vq;
	return 0;
}

static void
virtio_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	virtio_vq_free(dev->data->rx_queues[qid]);
}

static void
virtio_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	virtio_vq_free(dev->data->tx_queues[qid]);
}

/* ---- control queue ---------------------------------------------------- */

int
virtio_ctrl(struct fpk_eth_dev *dev, uint8_t cls, uint8_t cmd, const void *data, size_t len,
	    const char *what)
{
	struct virtio_port *vp = dev->data->dev_private;
	int ret;

	/* Commands need a live device (DRIVER_OK): while stopped the state is
	 * only recorded, and dev_start sends it. */
	if (!vp->live)
		return 0;
	ret = vq_ctrl_cmd(vp->cvq, cls, cmd, data, len, VIRTIO_CTRL_TIMEOUT_MS);
	if (ret)
		VIRTIO_LOG(ERR, "%s: control command %s failed: %s\n", dev->data->name, what,
			   ret == -EIO ? "the device answered VIRTIO_NET_ERR" :
			   ret == -ETIMEDOUT ? "no answer within 5 s" : strerror(-ret));
	return ret;
}

static int
virtio_rx_mode(struct fpk_eth_dev *dev, uint8_t cmd, uint8_t on)
{
	struct virtio_port *vp = dev->data->dev_private;

	if (!virtio_has_feature(vp, VIRTIO_NET_F_CTRL_RX))
		return -ENOTSUP;
	return virtio_ctrl(dev, VIRTIO_NET_CTRL_RX, cmd, &on, 1,
			   cmd == VIRTIO_NET_CTRL_RX_PROMISC ? "RX_PROMISC" : "RX_ALLMULTI");
}

static int
virtio_promiscuous_enable(struct fpk_eth_dev *dev)
{
	return virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_PROMISC, 1);
}

static int
virtio_promiscuous_disable(struct fpk_eth_dev *dev)
{
	return virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_PROMISC, 0);
}

static int
virtio_allmulticast_enable(struct fpk_eth_dev *dev)
{
	return virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_ALLMULTI, 1);
}

static int
virtio_allmulticast_disable(struct fpk_eth_dev *dev)
{
	return virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_ALLMULTI, 0);
}

static int
virtio_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	struct virtio_port *vp = dev->data->dev_private;
	int ret;

	if (!virtio_has_feature(vp, VIRTIO_NET_F_CTRL_MAC_ADDR))
		return -ENOTSUP;
	ret = virtio_ctrl(dev, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, addr->addr_bytes,
			  FPK_ETHER_ADDR_LEN, "MAC_ADDR_SET");
	if (ret == 0)
		vp->mac_set = true;
	return ret;
}

/* Restore modes and addresses a reset forgot (virtio 1.1 5.1.6.5). */
static int
virtio_ctrl_restore(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct fpk_eth_dev_data *d = dev->data;
	/* Queue pairs, steering and hashes. */
	int ret = virtio_rss_program(dev);

	if (ret == 0 && virtio_has_feature(vp, VIRTIO_NET_F_CTRL_RX))
		ret = virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_PROMISC, d->promiscuous);
	if (ret == 0 && virtio_has_feature(vp, VIRTIO_NET_F_CTRL_RX))
		ret = virtio_rx_mode(dev, VIRTIO_NET_CTRL_RX_ALLMULTI, d->all_multicast);
	if (ret == 0 && vp->mac_set)
		ret = virtio_mac_addr_set(dev, &d->mac_addr);
	return ret;
}

/* ---- start / stop ----------------------------------------------------- */

static void
virtio_lsc_intr_setup(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct fpk_pci_device *pci = vp->hw.pci;
	int ret;

	vp->lsc_intr = false;
	if (!dev->data->dev_conf.intr_conf.lsc || !virtio_has_feature(vp, VIRTIO_NET_F_STATUS))
		return;
	/* One MSI-X vector for configuration changes; queues have none
	 * (polled). Without MSI-X, link_update polls the status field. */
	ret = fpk_pci_intr_enable(pci, FPK_PCI_INTR_MSIX, 1);
	if (ret == 0)
		ret = fpk_pci_intr_callback_register(pci, 0, FPK_PCI_INTR_F_LSC,
						     virtio_config_intr, dev);
	if (ret == 0)
		ret = virtio_pci_set_config_vector(&vp->hw, 0);
	if (ret) {
		VIRTIO_LOG(WARNING, "%s: no MSI-X interrupt for link changes (%s): link state "
			   "is polled by link_update\n", dev->data->name, strerror(-ret));
		fpk_pci_intr_disable(pci);
		return;
	}
	vp->lsc_intr = true;
}

static int
virtio_queue_start(struct virtio_port *vp, struct virtqueue *vq)
{
	vq_ring_init(vq, vq->mz->addr, vq->mz->iova, vq->nb_desc);
	return virtio_pci_queue_setup(&vp->hw, vq);
}

/* Stop DMA: reset and wait (virtio 1.1 4.1.4.3.2); then interrupts off. */
static int
virtio_quiesce(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	int ret = virtio_pci_reset(&vp->hw);

	vp->live = false;
	if (vp->lsc_intr) {
		fpk_pci_intr_disable(vp->hw.pci);
		vp->lsc_intr = false;
	}
	return ret;
}

static int
virtio_dev_start(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct fpk_eth_dev_data *d = dev->data;
	int ret = virtio_handshake(vp, d->name);

	if (ret)
		return ret;
	/* Step 7: virtqueues. Rx queues get their buffers now; the device may
	 * only be notified after DRIVER_OK (virtio 1.1 3.1.1, 2.6.13). */
	for (uint16_t q = 0; q < d->nb_rx_queues && ret == 0; q++) {
		/* Deferred (ring reset only): enabled later by rx_queue_start. */
		if (d->rx_queue_state[q] == FPK_ETH_QUEUE_STATE_STOPPED)
			continue;
		ret = virtio_queue_start(vp, d->rx_queues[q]);
		if (ret == 0 && vq_rx_fill(d->rx_queues[q]) != 0) {
			VIRTIO_LOG(ERR, "%s: rx queue %u: the mbuf pool is empty: give it more "
				   "mbufs than the rx descriptors\n", d->name, q);
			ret = -ENOMEM;
		}
	}
	for (uint16_t q = 0; q < d->nb_tx_queues && ret == 0; q++)
		if (d->tx_queue_state[q] != FPK_ETH_QUEUE_STATE_STOPPED)
			ret = virtio_queue_start(vp, d->tx_queues[q]);
	if (ret == 0 && vp->cvq != NULL)
		ret = virtio_queue_start(vp, vp->cvq);
	if (ret)
		goto fail;
	virtio_lsc_intr_setup(dev);
	virtio_pci_add_status(&vp->hw, VIRTIO_STATUS_DRIVER_OK);
	if (virtio_pci_get_status(&vp->hw) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
		VIRTIO_LOG(ERR, "%s: the device needs a reset right after DRIVER_OK: it "
			   "rejected the queue setup\n", d->name);
		ret = -EIO;
		goto fail;
	}
	for (uint16_t q = 0; q < d->nb_rx_queues; q++)
		if (d->rx_queue_state[q] != FPK_ETH_QUEUE_STATE_STOPPED)
			vq_kick(d->rx_queues[q]);
	vp->live = true;
	ret = virtio_ctrl_restore(dev);
	if (ret)
		goto fail;
	return 0;
fail:
	virtio_pci_add_status(&vp->hw, VIRTIO_STATUS_FAILED);
	virtio_quiesce(dev);
	return ret;
}

static int
virtio_dev_stop(struct fpk_eth_dev *dev)
{
	struct fpk_eth_dev_data *d = dev->data;
	int ret = virtio_quiesce(dev);

	if (ret)
		return ret; /* the device may still DMA: keep its buffers */
	for (uint16_t q = 0; q < d->nb_tx_queues; q++)
		if (d->tx_queues[q] != NULL)
			vq_release_mbufs(d->tx_queues[q]);
	return 0;
}

static int
virtio_dev_close(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	int ret = virtio_quiesce(dev);

	if (ret == 0)
		virtio_vq_free(vp->cvq);
	vp->cvq = NULL;
	vp->hw.pci->drv_private = NULL;
	return ret;
}

static int
virtio_dev_configure(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	int ret = virtio_rss_configure(dev);

	if (ret)
		return ret;
	/* The variant holds until the next configure: ethdev installs it at start. */
	dev->rx_pkt_burst = vp->rss_hash ? virtio_rx_burst_hash : virtio_rx_burst;
	if (dev->data->dev_conf.intr_conf.lsc && !virtio_has_feature(vp, VIRTIO_NET_F_STATUS))
		VIRTIO_LOG(NOTICE, "%s: no VIRTIO_NET_F_STATUS: the link is always up, no link "
			   "events will come\n", dev->data->name);
	return 0;
}

static int
virtio_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	struct virtio_port *vp = dev->data->dev_private;

	info->driver_name = VIRTIO_DRIVER_NAME;
	info->max_rx_queues = vp->max_pairs;
	info->max_tx_queues = vp->max_pairs;
	info->max_mac_addrs = 1;
	info->min_mtu = 68;
	info->max_mtu = 1500;
	info->max_rx_pktlen = VIRTIO_MIN_RX_FRAME;
	/* Without mergeable buffers a frame must fit one mbuf. */
	info->min_rx_bufsize = virtio_has_feature(vp, VIRTIO_NET_F_MRG_RXBUF) ? 64 : VIRTIO_MIN_RX_FRAME;
	info->rx_offload_capa = virtio_has_feature(vp, VIRTIO_NET_F_MRG_RXBUF) ?
				FPK_ETH_RX_OFFLOAD_SCATTER : 0;
	/* The hash reaches software only in the header (HASH_REPORT); RSS
	 * without it still steers, and its key and table can be read. */
	if (virtio_has_feature(vp, VIRTIO_NET_F_HASH_REPORT))
		info->rx_offload_capa |= FPK_ETH_RX_OFFLOAD_RSS_HASH;
	if (virtio_has_feature(vp, VIRTIO_NET_F_RSS)) {
		info->flow_type_rss_offloads = virtio_rss_hf(vp->hash_types);
		info->reta_size = vp->reta_size;
	}
	if (vp->hash_types != 0)
		info->hash_key_size = VIRTIO_RSS_KEY_LEN;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_desc_lim = (struct fpk_eth_desc_lim){ vp->rxq_max, 64, 1 };
	info->tx_desc_lim = (struct fpk_eth_desc_lim){ vp->txq_max, 64, 1 };
	info->default_rxconf.rx_free_thresh = VIRTIO_DEFAULT_FREE_THRESH;
	info->default_txconf.tx_free_thresh = VIRTIO_DEFAULT_FREE_THRESH;
	info->speed_capa = 0;
	return 0;
}

/*
 * Per-queue stop and start, with VIRTIO_F_RING_RESET only: a queue reset
 * (virtio 1.2 2.6.1) ends the device's use of that queue alone, so its
 * buffers can be taken back; without it only a device reset would, and
 * these ops are left out (ethdev then refuses the calls and deferred
 * start).
 */
static int
virtio_rx_queue_stop(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct virtqueue *vq = dev->data->rx_queues[qid];

	/* The rx buffers stay in their slots: posted again at queue start. */
	return virtio_pci_queue_reset(&vp->hw, vq->queue_index);
}

static int
virtio_rx_queue_start(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct virtqueue *vq = dev->data->rx_queues[qid];
	int ret;

	/* Buffers before the device sees the ring; after DRIVER_OK the
	 * doorbell may ring at once. */
	vq_ring_init(vq, vq->mz->addr, vq->mz->iova, vq->nb_desc);
	if (vq_rx_fill(vq) != 0) {
		VIRTIO_LOG(ERR, "%s: rx queue %u: the mbuf pool is empty: give it more mbufs "
			   "than the rx descriptors\n", dev->data->name, qid);
		return -ENOMEM;
	}
	ret = virtio_pci_queue_setup(&vp->hw, vq);
	if (ret == 0)
		vq_kick(vq);
	return ret;
}

static int
virtio_tx_queue_stop(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct virtio_port *vp = dev->data->dev_private;
	struct virtqueue *vq = dev->data->tx_queues[qid];
	int ret = virtio_pci_queue_reset(&vp->hw, vq->queue_index);

	/* Only once the device let go of them: packets not sent are dropped. */
	if (ret == 0)
		vq_release_mbufs(vq);
	return ret;
}

static int
virtio_tx_queue_start(struct fpk_eth_dev *dev, uint16_t qid)
{
	return virtio_queue_start(dev->data->dev_private, dev->data->tx_queues[qid]);
}

/* ---- statistics ------------------------------------------------------- */

#define VIRTIO_QUEUE_STATS_OFF offsetof(struct virtqueue, stats)

static int
virtio_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	fpk_eth_queue_stats_get(dev, VIRTIO_QUEUE_STATS_OFF, VIRTIO_QUEUE_STATS_OFF, st);
	return 0;
}

static int
virtio_stats_reset(struct fpk_eth_dev *dev)
{
	const struct fpk_eth_dev_data *d = dev->data;

	fpk_eth_queue_stats_reset(dev, VIRTIO_QUEUE_STATS_OFF, VIRTIO_QUEUE_STATS_OFF);
	for (uint16_t q = 0; q < d->nb_rx_queues; q++)
		if (d->rx_queues[q] != NULL)
			memset(&((struct virtqueue *)d->rx_queues[q])->xstats, 0,
			       sizeof(struct vq_xstats));
	for (uint16_t q = 0; q < d->nb_tx_queues; q++)
		if (d->tx_queues[q] != NULL)
			memset(&((struct virtqueue *)d->tx_queues[q])->xstats, 0,
			       sizeof(struct vq_xstats));
	return 0;
}

/*
 * Driver xstats, per queue: what the generic ones do not show. Each rx
 * queue's list starts with rx_qN_nombuf, its rx_mbuf_alloc_failed element.
 */
struct virtio_xstat {
	const char *name;
	size_t off;     /* of the uint64_t counter in struct virtqueue */
};

static const struct virtio_xstat rx_xstats[] = {
	{ "merged_packets", offsetof(struct virtqueue, xstats.merged) },
	{ "notifications", offsetof(struct virtqueue, xstats.notifies) },
	{ "notifications_suppressed", offsetof(struct virtqueue, xstats.suppressed) },
};

static const struct virtio_xstat tx_xstats[] = {
	{ "errors", offsetof(struct virtqueue, stats.errors) },
	{ "ring_full", offsetof(struct virtqueue, xstats.full) },
	{ "notifications", offsetof(struct virtqueue, xstats.notifies) },
	{ "notifications_suppressed", offsetof(struct virtqueue, xstats.suppressed) },
};

static unsigned int
virtio_xstats_count(const struct fpk_eth_dev *dev)
{
	return (unsigned int)(dev->data->nb_rx_queues * (1 + FPK_DIM(rx_xstats)) +
			      dev->data->nb_tx_queues * FPK_DIM(tx_xstats));
}

static int
virtio_xstats_get_names(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
			unsigned int size)
{
	unsigned int n = 0, total = virtio_xstats_count(dev);

	if (names == NULL || size < total)
		return (int)total;
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "rx_q%u_nombuf", q);
		for (size_t i = 0; i < FPK_DIM(rx_xstats); i++)
			snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "rx_q%u_%s", q,
				 rx_xstats[i].name);
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		for (size_t i = 0; i < FPK_DIM(tx_xstats); i++)
			snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "tx_q%u_%s", q,
				 tx_xstats[i].name);
	return (int)total;
}

static uint64_t
xstat_value(const void *vq, const struct virtio_xstat *x)
{
	uint64_t v = 0;

	if (vq != NULL)
		memcpy(&v, (const char *)vq + x->off, sizeof(v));
	return v;
}

static int
virtio_xstats_get(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats, unsigned int size)
{
	unsigned int n = 0, total = virtio_xstats_count(dev);

	if (xstats == NULL || size < total)
		return (int)total;
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		xstats[n++].value = dev->data->rx_mbuf_alloc_failed[q];
		for (size_t i = 0; i < FPK_DIM(rx_xstats); i++)
			xstats[n++].value = xstat_value(dev->data->rx_queues[q], &rx_xstats[i]);
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		for (size_t i = 0; i < FPK_DIM(tx_xstats); i++)
			xstats[n++].value = xstat_value(dev->data->tx_queues[q], &tx_xstats[i]);
	return (int)total;
}

/* The ops every device has: one list for the two tables below. */
#define VIRTIO_OPS \
	.dev_configure = virtio_dev_configure, \
	.dev_infos_get = virtio_dev_infos_get, \
	.dev_start = virtio_dev_start, \
	.dev_stop = virtio_dev_stop, \
	.dev_close = virtio_dev_close, \
	.rx_queue_setup = virtio_rx_queue_setup, \
	.rx_queue_release = virtio_rx_queue_release, \
	.tx_queue_setup = virtio_tx_queue_setup, \
	.tx_queue_release = virtio_tx_queue_release, \
	.link_update = virtio_link_update, \
	.stats_get = virtio_stats_get, \
	.stats_reset = virtio_stats_reset, \
	.xstats_get_names = virtio_xstats_get_names, \
	.xstats_get = virtio_xstats_get, \
	.xstats_reset = virtio_stats_reset, \
	.promiscuous_enable = virtio_promiscuous_enable, \
	.promiscuous_disable = virtio_promiscuous_disable, \
	.allmulticast_enable = virtio_allmulticast_enable, \
	.allmulticast_disable = virtio_allmulticast_disable, \
	.mac_addr_set = virtio_mac_addr_set, \
	.reta_update = virtio_reta_update, \
	.reta_query = virtio_reta_query, \
	.rss_hash_update = virtio_rss_hash_update, \
	.rss_hash_conf_get = virtio_rss_hash_conf_get

static const struct fpk_eth_dev_ops virtio_ops = {
	VIRTIO_OPS
};

/* The same, for a device with VIRTIO_F_RING_RESET. */
static const struct fpk_eth_dev_ops virtio_ops_ring_reset = {
	VIRTIO_OPS,
	.rx_queue_start = virtio_rx_queue_start,
	.rx_queue_stop = virtio_rx_queue_stop,
	.tx_queue_start = virtio_tx_queue_start,
	.tx_queue_stop = virtio_tx_queue_stop,
};

/* ---- probe / remove --------------------------------------------------- */

static int
virtio_probe(struct fpk_pci_driver *drv, struct fpk_pci_device *pci)
{
	struct virtio_port tmp, *vp;
	struct fpk_eth_dev *dev;
	uint64_t offered;
	uint16_t cvq_index, cvq_size;
	uint8_t mac[FPK_ETHER_ADDR_LEN];
	int ret;

	(void)drv;
	memset(&tmp, 0, sizeof(tmp));
	ret = virtio_pci_init(&tmp.hw, pci);
	if (ret == -ENODEV) {
		VIRTIO_LOG(NOTICE, "%s: no virtio 1.x capabilities (legacy-only device): not "
			   "driven; give QEMU's virtio-net-pci disable-modern=off\n", pci->name);
		return 1;
	}
	if (ret)
		return ret;
	ret = virtio_pci_reset(&tmp.hw);
	if (ret)
		return ret;
	virtio_pci_add_status(&tmp.hw, VIRTIO_STATUS_ACKNOWLEDGE);
	offered = virtio_pci_get_features(&tmp.hw);
	ret = virtio_net_negotiate(pci->name, offered, fpk_eal_iova_mode() == FPK_IOVA_VA,
				   &tmp.features);
	/* queue_reset lies past the virtio 1.1 common configuration. */
	if (tmp.hw.common.len < VIRTIO_COMMON_LEN_RESET)
		tmp.features &= ~VIRTIO_BIT(VIRTIO_F_RING_RESET);
	if (ret == 0)
		ret = virtio_handshake(&tmp, pci->name);
	if (ret) {
		virtio_pci_add_status(&tmp.hw, VIRTIO_STATUS_FAILED);
		return ret;
	}
	/* Device configuration is valid from FEATURES_OK on (virtio 1.1 3.1.1 step 7). */
	if (tmp.features & VIRTIO_BIT(VIRTIO_NET_F_MAC))
		virtio_pci_read_dev_config(&tmp.hw, VIRTIO_NET_CFG_MAC, mac, sizeof(mac));
	else
		fpk_eth_random_addr(mac);
	tmp.max_pairs = 1;
	/* max_virtqueue_pairs exists with MQ or RSS (virtio 1.2 5.1.4). */
	if (tmp.features & (VIRTIO_BIT(VIRTIO_NET_F_MQ) | VIRTIO_BIT(VIRTIO_NET_F_RSS)))
		virtio_pci_read_dev_config(&tmp.hw, VIRTIO_NET_CFG_MAX_VQ_PAIRS, &tmp.max_pairs, 2);
	virtio_rss_probe(&tmp, pci->name);
	/* Control queue index: after all data queues (virtio 1.1 5.1.2). */
	cvq_index = (uint16_t)(2 * tmp.max_pairs);
	tmp.max_pairs = FPK_MIN(FPK_MAX(tmp.max_pairs, (uint16_t)1),
				(uint16_t)FPK_MAX_QUEUES_PER_PORT);
	/*
	 * Largest power of two the device takes, rx and tx apart: QEMU's rx
	 * rings go to 1024 with any backend, its tx rings past 256 only with
	 * vhost-user, and a large rx ring is what rides out a burst.
	 */
	tmp.rxq_max = virtio_pci_queue_max(&tmp.hw, 0);
	tmp.txq_max = virtio_pci_queue_max(&tmp.hw, 1);
	while (tmp.rxq_max & (tmp.rxq_max - 1))
		tmp.rxq_max &= (uint16_t)(tmp.rxq_max - 1);
	while (tmp.txq_max & (tmp.txq_max - 1))
		tmp.txq_max &= (uint16_t)(tmp.txq_max - 1);
	if (tmp.rxq_max < 64 || tmp.txq_max < 64) {
		VIRTIO_LOG(ERR, "%s: data virtqueues take at most %u (rx) and %u (tx) "
			   "descriptors, net_virtio needs 64: raise rx_queue_size/tx_queue_size\n",
			   pci->name, tmp.rxq_max, tmp.txq_max);
		virtio_pci_add_status(&tmp.hw, VIRTIO_STATUS_FAILED);
		return -ENOTSUP;
	}
	/*
	 * Before the reset: a device may lay its queues out by the features
	 * (QEMU adds the extra pairs, and moves the control queue after them,
	 * only once MQ is accepted, and undoes it at reset).
	 */
	cvq_size = FPK_MIN(virtio_pci_queue_max(&tmp.hw, cvq_index),
			   (uint16_t)VIRTIO_CTRL_QUEUE_SIZE);
	/* Quiet until dev_start. */
	ret = virtio_pci_reset(&tmp.hw);
	if (ret)
		return ret;

	dev = fpk_eth_dev_allocate(pci->name, sizeof(*vp), pci->numa_node);
	if (dev == NULL)
		return -fpk_errno;
	vp = dev->data->dev_private;
	*vp = tmp;
	if (virtio_has_feature(vp, VIRTIO_NET_F_CTRL_VQ)) {
		uint16_t n = cvq_size;

		if (n < 4 || (n & (n - 1))) {
			VIRTIO_LOG(ERR, "%s: control virtqueue %u has size %u: broken device\n",
				   pci->name, cvq_index, n);
			fpk_eth_dev_release_port(dev);
			return -EINVAL;
		}
		vp->cvq = virtio_vq_alloc(dev, cvq_index, n, pci->numa_node, VQ_CTRL_BUF_LEN);
		if (vp->cvq == NULL) {
			fpk_eth_dev_release_port(dev);
			return -ENOMEM;
		}
	}
	memcpy(dev->data->mac_addr.addr_bytes, mac, sizeof(mac));
	dev->dev_ops = virtio_has_feature(vp, VIRTIO_F_RING_RESET) ? &virtio_ops_ring_reset :
								      &virtio_ops;
	dev->rx_pkt_burst = virtio_rx_burst;
	dev->tx_pkt_burst = virtio_tx_burst;
	pci->drv_private = dev;
	virtio_read_link(vp, &dev->data->dev_link);
	fpk_eth_dev_probing_finish(dev);
	VIRTIO_LOG(INFO, "%s: port %u, MAC %02x:%02x:%02x:%02x:%02x:%02x, features 0x%" PRIx64
		   " (offered 0x%" PRIx64 "), %u queue pair(s), %u/%u rx/tx descriptors max, RSS %s "
		   "(table %u, hash types 0x%x), hash report %s, ring reset %s\n", pci->name,
		   dev->data->port_id, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
		   vp->features, offered, vp->max_pairs, vp->rxq_max, vp->txq_max,
		   virtio_has_feature(vp, VIRTIO_NET_F_RSS) ? "yes" : "no", vp->reta_size,
		   vp->hash_types, virtio_has_feature(vp, VIRTIO_NET_F_HASH_REPORT) ? "yes" : "no",
		   virtio_has_feature(vp, VIRTIO_F_RING_RESET) ? "yes" : "no");
	return 0;
}

static int
virtio_remove(struct fpk_pci_device *pci)
{
	struct fpk_eth_dev *dev = pci->drv_private;

	if (dev == NULL)
		return 0; /* the application closed the port already */
	return fpk_eth_dev_close_by_name(dev->data->name);
}

static const struct fpk_pci_id virtio_ids[] = {
	{ FPK_PCI_DEVICE(VIRTIO_PCI_VENDOR_ID, VIRTIO_PCI_DEV_NET_MODERN) },
	/* Transitional: driven through its modern interface. */
	{ FPK_PCI_DEVICE(VIRTIO_PCI_VENDOR_ID, VIRTIO_PCI_DEV_NET_TRANSITIONAL) },
	{ .vendor_id = 0 },
};

static struct fpk_pci_driver virtio_driver = {
	.name = VIRTIO_DRIVER_NAME,
	.id_table = virtio_ids,
	.drv_flags = FPK_PCI_DRV_NEED_MAPPING | FPK_PCI_DRV_INTR_LSC,
	.probe = virtio_probe,
	.remove = virtio_remove,
};

FPK_PMD_REGISTER_PCI(net_virtio, virtio_driver)

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_vmxnet3: poll-mode driver for VMware's paravirtual NIC vmxnet3
 * (15ad:07b0), revision 1 with UPT 1, as VMware hypervisors and QEMU
 * ("-device vmxnet3") present it. Control path: version selection, the
 * driver-shared area, activation and quiescing, link state and its event
 * interrupt, receive modes and the multicast table, MAC address,
 * statistics. Layouts and commands are in vmxnet3_regs.h with their
 * sources; doc/guides/nics/vmxnet3.md says what QEMU 7.2 does differently.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "fpk_log.h"
#include "fpk_mbuf.h"

#include "vmxnet3_ethdev.h"

#define VMXNET3_DRIVER_NAME "net_vmxnet3"
/* driverInfo.version: the device only records it; FPK's version, 0.1.0. */
#define VMXNET3_DRV_VERSION 0x00010000u

FPK_PMD_LOG_REGISTER(vmxnet3);

/*
 * Run a command; call with cmd_lock held. The device has done it when the
 * write returns. Only ACTIVATE_DEV and GET_LINK have a result to read:
 * QEMU logs a warning for every read of CMD after any other command
 * (vmxnet3_get_command_status, "Received request for unknown command").
 */
static void
cmd(const struct vmxnet3_adapter *ad, uint32_t c)
{
	vmxnet3_write(ad, VMXNET3_REG_CMD, c);
}

static uint32_t
cmd_result(const struct vmxnet3_adapter *ad, uint32_t c)
{
	cmd(ad, c);
	return vmxnet3_read(ad, VMXNET3_REG_CMD);
}

/* ---- statistics --------------------------------------------------------- */

/* The UPT1 counters as xstats, in vmxnet3_regs.h order: tx, then rx. */
static const char *const hw_stat_names[VMXNET3_NB_HW_STATS] = {
	"tx_tso_packets", "tx_tso_bytes", "tx_unicast_packets", "tx_unicast_bytes",
	"tx_multicast_packets", "tx_multicast_bytes", "tx_broadcast_packets",
	"tx_broadcast_bytes", "tx_error_packets", "tx_discard_packets",
	"rx_lro_packets", "rx_lro_bytes", "rx_unicast_packets", "rx_unicast_bytes",
	"rx_multicast_packets", "rx_multicast_bytes", "rx_broadcast_packets",
	"rx_broadcast_bytes", "rx_no_buffer_count", "rx_error_packets",
};
#define TXS(i) (i)
#define RXS(i) (VMXNET3_TXS_NB + (i))
/* After them, per tx queue, DPDK's name for a burst cut short by a full ring. */
#define NB_XSTATS (VMXNET3_NB_HW_STATS + VMXNET3_NB_QUEUES)

/*
 * Fold the device's counters into hw; call with cmd_lock held. Only an
 * active device answers GET_STATS (QEMU: vmxnet3_fill_stats returns
 * early otherwise), and only its queue pair 0 exists.
 */
static void
hw_stats_update(struct vmxnet3_adapter *ad)
{
	if (!ad->active)
		return;
	cmd(ad, VMXNET3_CMD_GET_STATS);
	for (unsigned int i = 0; i < VMXNET3_NB_HW_STATS; i++) {
		uint64_t v = i < VMXNET3_TXS_NB ? ad->tqd[0].stats[i] :
						  ad->rqd[0].stats[i - VMXNET3_TXS_NB];

		ad->hw[i] += v - ad->seen[i];
		ad->seen[i] = v;
	}
}

static uint64_t
hw_stat(const struct vmxnet3_adapter *ad, unsigned int i)
{
	return ad->hw[i] - ad->base[i];
}

#define VMXNET3_RXQ_STATS_OFF offsetof(struct vmxnet3_rxq, stats)
#define VMXNET3_TXQ_STATS_OFF offsetof(struct vmxnet3_txq, stats)

static int
vmxnet3_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	/*
	 * Per queue: what the bursts counted. Port totals: the device's,
	 * plus the frames the driver itself dropped (ierrors, oerrors).
	 */
	fpk_eth_queue_stats_get(dev, VMXNET3_RXQ_STATS_OFF, VMXNET3_TXQ_STATS_OFF, st);
	pthread_mutex_lock(&ad->cmd_lock);
	hw_stats_update(ad);
	st->ipackets = hw_stat(ad, RXS(VMXNET3_RXS_UCAST_PKTS)) +
		       hw_stat(ad, RXS(VMXNET3_RXS_MCAST_PKTS)) +
		       hw_stat(ad, RXS(VMXNET3_RXS_BCAST_PKTS));
	st->ibytes = hw_stat(ad, RXS(VMXNET3_RXS_UCAST_BYTES)) +
		     hw_stat(ad, RXS(VMXNET3_RXS_MCAST_BYTES)) +
		     hw_stat(ad, RXS(VMXNET3_RXS_BCAST_BYTES));
	st->opackets = hw_stat(ad, TXS(VMXNET3_TXS_UCAST_PKTS)) +
		       hw_stat(ad, TXS(VMXNET3_TXS_MCAST_PKTS)) +
		       hw_stat(ad, TXS(VMXNET3_TXS_BCAST_PKTS));
	st->obytes = hw_stat(ad, TXS(VMXNET3_TXS_UCAST_BYTES)) +
		     hw_stat(ad, TXS(VMXNET3_TXS_MCAST_BYTES)) +
		     hw_stat(ad, TXS(VMXNET3_TXS_BCAST_BYTES));
	st->imissed = hw_stat(ad, RXS(VMXNET3_RXS_OUT_OF_BUF));
	st->ierrors += hw_stat(ad, RXS(VMXNET3_RXS_ERROR));
	st->oerrors += hw_stat(ad, TXS(VMXNET3_TXS_ERROR)) + hw_stat(ad, TXS(VMXNET3_TXS_DISCARD));
	pthread_mutex_unlock(&ad->cmd_lock);
	return 0;
}

static int
vmxnet3_stats_reset(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	pthread_mutex_lock(&ad->cmd_lock);
	hw_stats_update(ad);
	memcpy(ad->base, ad->hw, sizeof(ad->base));
	pthread_mutex_unlock(&ad->cmd_lock);
	fpk_eth_queue_stats_reset(dev, VMXNET3_RXQ_STATS_OFF, VMXNET3_TXQ_STATS_OFF);
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		if (dev->data->tx_queues[q] != NULL)
			((struct vmxnet3_txq *)dev->data->tx_queues[q])->ring_full = 0;
	return 0;
}

static int
vmxnet3_xstats_get_names(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
			 unsigned int size)
{
	(void)dev;
	if (names == NULL || size < NB_XSTATS)
		return NB_XSTATS;
	for (unsigned int i = 0; i < VMXNET3_NB_HW_STATS; i++)
		snprintf(names[i].name, FPK_ETH_XSTATS_NAME_SIZE, "%s", hw_stat_names[i]);
	for (unsigned int q = 0; q < VMXNET3_NB_QUEUES; q++)
		snprintf(names[VMXNET3_NB_HW_STATS + q].name, FPK_ETH_XSTATS_NAME_SIZE,
			 "tx_q%u_tx_ring_full", q);
	return NB_XSTATS;
}

static int
vmxnet3_xstats_get(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats, unsigned int n)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	if (xstats == NULL || n < NB_XSTATS)
		return NB_XSTATS;
	pthread_mutex_lock(&ad->cmd_lock);
	hw_stats_update(ad);
	for (unsigned int i = 0; i < VMXNET3_NB_HW_STATS; i++)
		xstats[i].value = hw_stat(ad, i);
	pthread_mutex_unlock(&ad->cmd_lock);
	for (unsigned int q = 0; q < VMXNET3_NB_QUEUES; q++) {
		const struct vmxnet3_txq *txq = q < dev->data->nb_tx_queues ?
						dev->data->tx_queues[q] : NULL;

		xstats[VMXNET3_NB_HW_STATS + q].value = txq != NULL ? txq->ring_full : 0;
	}
	return NB_XSTATS;
}

/* ---- version, shared area, MAC, link ------------------------------------ */

static void
mac_write(const struct vmxnet3_adapter *ad, const struct fpk_ether_addr *mac)
{
	const uint8_t *b = mac->addr_bytes;

	vmxnet3_write(ad, VMXNET3_REG_MACL, (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		      (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
	/* QEMU takes the new address on the MACH write (vmxnet3_io_bar1_write). */
	vmxnet3_write(ad, VMXNET3_REG_MACH, (uint32_t)b[4] | (uint32_t)b[5] << 8);
}

static void
mac_read(const struct vmxnet3_adapter *ad, struct fpk_ether_addr *mac)
{
	uint32_t lo = vmxnet3_read(ad, VMXNET3_REG_MACL), hi = vmxnet3_read(ad, VMXNET3_REG_MACH);

	for (int i = 0; i < 4; i++)
		mac->addr_bytes[i] = (uint8_t)(lo >> (8 * i));
	mac->addr_bytes[4] = (uint8_t)hi;
	mac->addr_bytes[5] = (uint8_t)(hi >> 8);
}

/* Tell the device where the shared area is: DSAL, then DSAH (QEMU takes it on DSAH). */
static void
shared_register(const struct vmxnet3_adapter *ad)
{
	vmxnet3_write(ad, VMXNET3_REG_DSAL, (uint32_t)ad->sh_mz->iova);
	vmxnet3_write(ad, VMXNET3_REG_DSAH, (uint32_t)(ad->sh_mz->iova >> 32));
}

/*
 * Select revision 1 and UPT 1 (VRRS/UVRS report a bit per version; the
 * driver writes back the one it takes), reset the device, register the
 * shared area and read the MAC address. @return 0 or a negative errno, logged.
 */
static int
hw_init(struct vmxnet3_adapter *ad, struct fpk_ether_addr *mac)
{
	uint32_t rev = vmxnet3_read(ad, VMXNET3_REG_VRRS);
	uint32_t upt = vmxnet3_read(ad, VMXNET3_REG_UVRS);

	if (rev == UINT32_MAX) {
		VMXNET3_LOG(ERR, "%s: BAR1 reads all ones: the device does not answer; check "
			    "that it is bound to vfio-pci and enabled (lspci -vv)\n", ad->pci->name);
		return -EIO;
	}
	if (!(rev & VMXNET3_REV_1) || !(upt & VMXNET3_UPT_VERSION_1)) {
		VMXNET3_LOG(ERR, "%s: the device offers revisions 0x%x and UPT versions 0x%x; "
			    "net_vmxnet3 needs revision 1 and UPT 1: use a hypervisor that offers "
			    "them (QEMU, VMware hardware version 7 or later)\n", ad->pci->name,
			    rev, upt);
		return -ENOTSUP;
	}
	vmxnet3_write(ad, VMXNET3_REG_VRRS, VMXNET3_REV_1);
	vmxnet3_write(ad, VMXNET3_REG_UVRS, VMXNET3_UPT_VERSION_1);
	pthread_mutex_lock(&ad->cmd_lock);
	/* Whatever a previous owner left active stops here: its rings are not ours. */
	cmd(ad, VMXNET3_CMD_QUIESCE_DEV);
	cmd(ad, VMXNET3_CMD_RESET_DEV);
	ad->active = false;
	pthread_mutex_unlock(&ad->cmd_lock);
	/*
	 * Registered at once: QEMU writes link events into the area it was
	 * given, so it must be ours for as long as the port lives.
	 */
	shared_register(ad);
	mac_read(ad, mac);
	return 0;
}

static int
vmxnet3_link_update(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;
	struct fpk_eth_link link = { 0 };
	uint32_t v;

	pthread_mutex_lock(&ad->cmd_lock);
	v = cmd_result(ad, VMXNET3_CMD_GET_LINK);
	pthread_mutex_unlock(&ad->cmd_lock);

	if (v & VMXNET3_LINK_STATUS_UP) {
		link.link_status = FPK_ETH_LINK_UP;
		link.link_duplex = FPK_ETH_LINK_FULL_DUPLEX;
		link.link_speed = v >> VMXNET3_LINK_SPEED_SHIFT;
	}
	return fpk_eth_dev_link_set(dev, &link);
}

/* ---- interrupts ---------------------------------------------------------- */

/* An event stopped a queue: GET_QUEUE_STATUS says why (defs VMXNET3_ERR_*). */
static void
queue_errors_log(struct vmxnet3_adapter *ad)
{
	pthread_mutex_lock(&ad->cmd_lock);
	cmd(ad, VMXNET3_CMD_GET_QUEUE_STATUS);
	pthread_mutex_unlock(&ad->cmd_lock);
	if (ad->tqd[0].status.stopped)
		VMXNET3_LOG(ERR, "%s: the device stopped tx queue 0, error 0x%08x: restart the "
			    "port (fpk_eth_dev_stop/start)\n", ad->pci->name, ad->tqd[0].status.error);
	if (ad->rqd[0].status.stopped)
		VMXNET3_LOG(ERR, "%s: the device stopped rx queue 0, error 0x%08x: restart the "
			    "port (fpk_eth_dev_stop/start)\n", ad->pci->name, ad->rqd[0].status.error);
}

/*
 * Event vector 0: the device ORs causes into shared->ecr, then signals.
 * Writing the bits to ECR acknowledges them (the device clears them in
 * the shared area), before the link is read, so a change after the read
 * raises a new event.
 */
static void
vmxnet3_intr(struct fpk_pci_device *pci, unsigned int vec, void *arg)
{
	struct vmxnet3_adapter *ad = arg;
	uint32_t ecr = __atomic_load_n(&ad->sh->ecr, __ATOMIC_ACQUIRE);

	(void)pci;
	(void)vec;
	VMXNET3_LOG(DEBUG, "%s: event interrupt, ECR 0x%x\n", ad->pci->name, ecr);
	if (ecr == 0)
		return;
	vmxnet3_write(ad, VMXNET3_REG_ECR, ecr);
	if (ecr & (VMXNET3_ECR_RQERR | VMXNET3_ECR_TQERR))
		queue_errors_log(ad);
	if ((ecr & VMXNET3_ECR_LINK) && vmxnet3_link_update(ad->eth))
		fpk_eth_dev_callback_process(ad->eth, FPK_ETH_EVENT_INTR_LSC, NULL);
}

/*
 * One MSI-X vector for events. Only MSI-X: under MSI or INTx the device
 * has one vector for events and queues alike, and an unmasked one would
 * fire for every packet. Without it the port works; link changes are then
 * seen only when polled.
 */
static void
intr_setup(struct vmxnet3_adapter *ad)
{
	int ret = fpk_pci_intr_enable(ad->pci, FPK_PCI_INTR_MSIX, 1);

	if (ret < 0) {
		VMXNET3_LOG(WARNING, "%s: no MSI-X vector (%s): link changes are seen only "
			    "when polled\n", ad->pci->name, strerror(-ret));
		return;
	}
	ad->intr_ready = true;
}

static bool
lsc_wanted(const struct vmxnet3_adapter *ad)
{
	return ad->intr_ready && ad->eth->data->dev_conf.intr_conf.lsc;
}

/* After ACTIVATE_DEV: QEMU ignores BAR0 writes to an inactive device. */
static void
lsc_enable(struct vmxnet3_adapter *ad)
{
	if (!lsc_wanted(ad))
		return;
	if (fpk_pci_intr_callback_register(ad->pci, 0, FPK_PCI_INTR_F_LSC, vmxnet3_intr, ad) < 0)
		return;
	fpk_pci_write32(ad->pci, VMXNET3_BAR_PT, VMXNET3_REG_IMR(0), 0);
	ad->lsc_on = true;
}

static void
lsc_disable(struct vmxnet3_adapter *ad)
{
	if (!ad->lsc_on)
		return;
	/* Unregister first: when it returns the handler is not running. */
	fpk_pci_intr_callback_unregister(ad->pci, 0);
	fpk_pci_write32(ad->pci, VMXNET3_BAR_PT, VMXNET3_REG_IMR(0), 1);
	ad->lsc_on = false;
}

/* ---- receive modes ------------------------------------------------------ */

/* rxMode for the given promiscuous and all-multicast settings and the multicast table. */
static uint32_t
rx_mode_bits(const struct vmxnet3_adapter *ad, bool promisc, bool allmulti)
{
	uint32_t m = VMXNET3_RXM_UCAST | VMXNET3_RXM_BCAST;

	if (ad->nb_mc > 0)
		m |= VMXNET3_RXM_MCAST;
	if (allmulti)
		m |= VMXNET3_RXM_ALL_MULTI;
	if (promisc)
		m |= VMXNET3_RXM_PROMISC;
	return m;
}

/*
 * Write the filter settings; an active device rereads them at once, an
 * inactive one at activation. ethdev records a mode after its op
 * succeeds, so the ops pass the new one.
 */
static int
rx_mode_apply(struct vmxnet3_adapter *ad, bool promisc, bool allmulti, bool mac_filters)
{
	ad->sh->rx_mode = rx_mode_bits(ad, promisc, allmulti);
	ad->sh->mf_table_len = (uint16_t)(ad->nb_mc * FPK_ETHER_ADDR_LEN);
	pthread_mutex_lock(&ad->cmd_lock);
	if (ad->active) {
		if (mac_filters)
			cmd(ad, VMXNET3_CMD_UPDATE_MAC_FILTERS);
		cmd(ad, VMXNET3_CMD_UPDATE_RX_MODE);
	}
	pthread_mutex_unlock(&ad->cmd_lock);
	return 0;
}

/* ethdev has checked that the addresses are multicast; the table's size is ours. */
static int
vmxnet3_set_mc_addr_list(struct fpk_eth_dev *dev, const struct fpk_ether_addr *list,
			 uint32_t nb)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	if (nb > VMXNET3_MC_MAX) {
		VMXNET3_LOG(ERR, "%s: %u multicast addresses, the filter table holds %u: use "
			    "all-multicast mode for more\n", dev->data->name, nb, VMXNET3_MC_MAX);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < nb; i++)
		memcpy(ad->mf_table + i * FPK_ETHER_ADDR_LEN, list[i].addr_bytes,
		       FPK_ETHER_ADDR_LEN);
	ad->nb_mc = (uint16_t)nb;
	return rx_mode_apply(ad, dev->data->promiscuous, dev->data->all_multicast, true);
}

/* ---- ethdev ops ----------------------------------------------------------- */

static int
vmxnet3_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	(void)dev;
	info->driver_name = VMXNET3_DRIVER_NAME;
	info->max_rx_queues = VMXNET3_NB_QUEUES;
	info->max_tx_queues = VMXNET3_NB_QUEUES;
	info->min_mtu = 68;
	info->max_mtu = VMXNET3_MAX_MTU;
	info->max_rx_pktlen = VMXNET3_MAX_MTU + FPK_ETHER_HDR_LEN + 4;
	info->min_rx_bufsize = VMXNET3_RX_BUF_MIN;
	info->max_mac_addrs = 1;
	info->rx_offload_capa = 0;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_desc_lim.nb_min = VMXNET3_DESC_MIN;
	info->rx_desc_lim.nb_max = VMXNET3_DESC_MAX;
	info->rx_desc_lim.nb_align = VMXNET3_DESC_ALIGN;
	info->tx_desc_lim = info->rx_desc_lim;
	info->default_txconf.tx_free_thresh = VMXNET3_TX_FREE_THRESH;
	info->speed_capa = 0;
	return 0;
}

/* Frame bytes the device writes for @mtu: header and one VLAN tag, no CRC. */
static uint32_t
mtu_to_frame(uint16_t mtu)
{
	return (uint32_t)mtu + FPK_ETHER_HDR_LEN + 4;
}

/* The frame of the MTU must fit one rx buffer: no scatter. @return 0 or -EINVAL, logged. */
static int
rx_buf_check(const struct fpk_eth_dev *dev, uint16_t mtu)
{
	const struct vmxnet3_rxq *rxq = dev->data->nb_rx_queues ? dev->data->rx_queues[0] : NULL;

	if (rxq != NULL && mtu_to_frame(mtu) > rxq->buf_size) {
		VMXNET3_LOG(ERR, "%s: MTU %u needs %u-byte rx buffers, the pool's mbufs give %u "
			    "(no scatter): lower the MTU or use larger mbufs\n", dev->data->name,
			    mtu, mtu_to_frame(mtu), rxq->buf_size);
		return -EINVAL;
	}
	return 0;
}

/*
 * The driver-shared area as ACTIVATE_DEV reads it: versions, guest
 * information, the queue descriptor table, interrupt and filter settings.
 * Events on vector 0, queues on vector 1 (always masked: FPK polls).
 */
static void
shared_fill(struct vmxnet3_adapter *ad)
{
	volatile struct vmxnet3_shared *sh = ad->sh;
	const struct fpk_eth_dev_data *d = ad->eth->data;
	const bool msix = ad->pci->intr_type == FPK_PCI_INTR_MSIX;

	sh->magic = VMXNET3_REV1_MAGIC;
	sh->size = sizeof(struct vmxnet3_shared);
	sh->drv_version = VMXNET3_DRV_VERSION;
	sh->gos = (sizeof(void *) == 8 ? VMXNET3_GOS_BITS_64 : VMXNET3_GOS_BITS_32) |
		  VMXNET3_GOS_TYPE_LINUX << VMXNET3_GOS_TYPE_SHIFT;
	sh->rev_spt = VMXNET3_REV_1;
	sh->upt_ver_spt = VMXNET3_UPT_VERSION_1;
	sh->upt_features = 0;
	sh->queue_desc_pa = ad->sh_mz->iova + VMXNET3_SH_QDESC_OFF;
	sh->queue_desc_len = (uint32_t)(d->nb_tx_queues * sizeof(struct vmxnet3_tx_queue_desc) +
					d->nb_rx_queues * sizeof(struct vmxnet3_rx_queue_desc));
	/* Below 60 QEMU aborts or refuses the activation (quirk 4 of the guide). */
	sh->mtu = FPK_MAX(d->mtu, (uint16_t)VMXNET3_MIN_MTU);
	sh->max_rx_sg = 1;
	sh->num_tx_queues = (uint8_t)d->nb_tx_queues;
	sh->num_rx_queues = (uint8_t)d->nb_rx_queues;
	sh->auto_mask = 0;
	sh->num_intrs = msix ? 2 : 1;
	sh->event_intr_idx = 0;
	sh->intr_ctrl = lsc_wanted(ad) ? 0 : VMXNET3_IC_DISABLE_ALL;
	for (uint16_t q = 0; q < d->nb_tx_queues; q++)
		ad->tqd[q].intr_idx = msix ? 1 : 0;
	for (uint16_t q = 0; q < d->nb_rx_queues; q++)
		ad->rqd[q].intr_idx = msix ? 1 : 0;
	sh->mf_table_pa = ad->sh_mz->iova + VMXNET3_SH_MF_OFF;
	/* No VLAN filtering offered: every VLAN id passes. */
	for (unsigned int i = 0; i < VMXNET3_VFT_WORDS; i++)
		sh->vf_table[i] = UINT32_MAX;
	sh->ecr = 0;
}

static int
vmxnet3_dev_start(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;
	uint32_t ret;
	int err = rx_buf_check(dev, dev->data->mtu);

	if (err)
		return err;
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		vmxnet3_tx_queue_start(ad, dev->data->tx_queues[q]);
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++)
		vmxnet3_rx_queue_start(ad, dev->data->rx_queues[q]);
	shared_fill(ad);
	ad->sh->rx_mode = rx_mode_bits(ad, dev->data->promiscuous, dev->data->all_multicast);
	ad->sh->mf_table_len = (uint16_t)(ad->nb_mc * FPK_ETHER_ADDR_LEN);
	/* A RESET_DEV since probe (dev_reset) made QEMU forget the area. */
	shared_register(ad);
	pthread_mutex_lock(&ad->cmd_lock);
	ret = cmd_result(ad, VMXNET3_CMD_ACTIVATE_DEV);
	if (ret != 0) {
		pthread_mutex_unlock(&ad->cmd_lock);
		VMXNET3_LOG(ERR, "%s: the device refused ACTIVATE_DEV (result 0x%x): it found the "
			    "driver-shared area or a ring invalid; the hypervisor's log says which "
			    "(QEMU: '[vmxnet3][ER]' lines on its stdout, more with -d guest_errors)\n",
			    dev->data->name, ret);
		return -EIO;
	}
	ad->active = true;
	/* Counters restart with the activation: their first value is the base. */
	cmd(ad, VMXNET3_CMD_GET_STATS);
	for (unsigned int i = 0; i < VMXNET3_NB_HW_STATS; i++)
		ad->seen[i] = i < VMXNET3_TXS_NB ? ad->tqd[0].stats[i] :
						   ad->rqd[0].stats[i - VMXNET3_TXS_NB];
	pthread_mutex_unlock(&ad->cmd_lock);
	/* QEMU puts the permanent MAC back at activation (vmxnet3_reset_mac). */
	mac_write(ad, &dev->data->mac_addr);
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++)
		fpk_pci_write32(ad->pci, VMXNET3_BAR_PT, VMXNET3_REG_RXPROD(q),
				((struct vmxnet3_rxq *)dev->data->rx_queues[q])->fill);
	/* Queue vector masked: FPK polls. */
	if (ad->pci->intr_type == FPK_PCI_INTR_MSIX)
		fpk_pci_write32(ad->pci, VMXNET3_BAR_PT, VMXNET3_REG_IMR(1), 1);
	lsc_enable(ad);
	return 0;
}

static int
vmxnet3_dev_stop(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	lsc_disable(ad);
	pthread_mutex_lock(&ad->cmd_lock);
	/* The last counts of this activation, before the device forgets them. */
	hw_stats_update(ad);
	/* No DMA into the rings or buffers once this returns. */
	cmd(ad, VMXNET3_CMD_QUIESCE_DEV);
	ad->active = false;
	pthread_mutex_unlock(&ad->cmd_lock);
	return 0;
}

/*
 * Quiesce and reset; then bus mastering off: QEMU 7.2 forgets the shared
 * area at RESET_DEV but still writes a link event's ECR to guest-physical
 * address 0 + 0x2b8 (vmxnet3_set_events with drv_shmem 0), which with bus
 * mastering off it drops (doc/guides/nics/vmxnet3.md, QEMU 7.2 quirks).
 * The shared area can then be given back.
 */
static void
hw_release(struct vmxnet3_adapter *ad)
{
	pthread_mutex_lock(&ad->cmd_lock);
	cmd(ad, VMXNET3_CMD_QUIESCE_DEV);
	cmd(ad, VMXNET3_CMD_RESET_DEV);
	ad->active = false;
	pthread_mutex_unlock(&ad->cmd_lock);
	fpk_pci_set_bus_master(ad->pci, false);
	fpk_memzone_free(ad->sh_mz);
	ad->sh_mz = NULL;
}

static int
vmxnet3_dev_close(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	lsc_disable(ad);
	fpk_pci_intr_disable(ad->pci);
	ad->intr_ready = false;
	hw_release(ad);
	pthread_mutex_destroy(&ad->cmd_lock);
	return 0;
}

static int
vmxnet3_dev_reset(struct fpk_eth_dev *dev)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;

	return hw_init(ad, &dev->data->mac_addr);
}

static int
vmxnet3_promiscuous_enable(struct fpk_eth_dev *dev)
{
	return rx_mode_apply(dev->data->dev_private, true, dev->data->all_multicast, false);
}

static int
vmxnet3_promiscuous_disable(struct fpk_eth_dev *dev)
{
	return rx_mode_apply(dev->data->dev_private, false, dev->data->all_multicast, false);
}

static int
vmxnet3_allmulticast_enable(struct fpk_eth_dev *dev)
{
	return rx_mode_apply(dev->data->dev_private, dev->data->promiscuous, true, false);
}

static int
vmxnet3_allmulticast_disable(struct fpk_eth_dev *dev)
{
	return rx_mode_apply(dev->data->dev_private, dev->data->promiscuous, false, false);
}

static int
vmxnet3_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	mac_write(dev->data->dev_private, addr);
	return 0;
}

/* The device reads the MTU at activation only; the rx buffer must hold its frame now. */
static int
vmxnet3_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	return dev->data->dev_started ? rx_buf_check(dev, mtu) : 0;
}

static const struct fpk_eth_dev_ops vmxnet3_ops = {
	.dev_infos_get = vmxnet3_dev_infos_get,
	.dev_start = vmxnet3_dev_start,
	.dev_stop = vmxnet3_dev_stop,
	.dev_close = vmxnet3_dev_close,
	.dev_reset = vmxnet3_dev_reset,
	.rx_queue_setup = vmxnet3_rx_queue_setup,
	.rx_queue_release = vmxnet3_rx_queue_release,
	.tx_queue_setup = vmxnet3_tx_queue_setup,
	.tx_queue_release = vmxnet3_tx_queue_release,
	.link_update = vmxnet3_link_update,
	.stats_get = vmxnet3_stats_get,
	.stats_reset = vmxnet3_stats_reset,
	.xstats_get_names = vmxnet3_xstats_get_names,
	.xstats_get = vmxnet3_xstats_get,
	.xstats_reset = vmxnet3_stats_reset,
	.promiscuous_enable = vmxnet3_promiscuous_enable,
	.promiscuous_disable = vmxnet3_promiscuous_disable,
	.allmulticast_enable = vmxnet3_allmulticast_enable,
	.allmulticast_disable = vmxnet3_allmulticast_disable,
	.mac_addr_set = vmxnet3_mac_addr_set,
	.mtu_set = vmxnet3_mtu_set,
	.set_mc_addr_list = vmxnet3_set_mc_addr_list,
};

/* ---- PCI driver -------------------------------------------------------------- */

/* The port's shared memzone: driver-shared area, queue descriptors, multicast table. */
static int
shared_alloc(struct vmxnet3_adapter *ad, struct fpk_eth_dev *dev)
{
	ad->sh_mz = fpk_eth_dma_zone_reserve(dev, "shared", 0, VMXNET3_SH_LEN,
					     VMXNET3_QUEUE_DESC_ALIGN, ad->pci->numa_node);
	if (ad->sh_mz == NULL)
		return -ENOMEM;
	ad->sh = ad->sh_mz->addr;
	ad->tqd = (void *)((uint8_t *)ad->sh_mz->addr + VMXNET3_SH_QDESC_OFF);
	ad->rqd = (void *)((uint8_t *)ad->sh_mz->addr + VMXNET3_SH_QDESC_OFF +
			   VMXNET3_NB_QUEUES * sizeof(struct vmxnet3_tx_queue_desc));
	ad->mf_table = (uint8_t *)ad->sh_mz->addr + VMXNET3_SH_MF_OFF;
	return 0;
}

static int
vmxnet3_probe(struct fpk_pci_driver *drv, struct fpk_pci_device *pci)
{
	struct vmxnet3_adapter *ad;
	struct fpk_eth_dev *dev;
	int ret;

	(void)drv;
	if (pci->bar[VMXNET3_BAR_PT].addr == NULL ||
	    pci->bar[VMXNET3_BAR_PT].len < VMXNET3_BAR_PT_SIZE ||
	    pci->bar[VMXNET3_BAR_VD].len < VMXNET3_BAR_VD_SIZE) {
		VMXNET3_LOG(ERR, "%s: BAR0 must be a mapped 4 KiB memory BAR and BAR1 4 KiB (lengths "
			    "0x%" PRIx64 ", 0x%" PRIx64 "): the kernel would not let BAR0 be "
			    "mmap'ed\n", pci->name, pci->bar[VMXNET3_BAR_PT].len,
			    pci->bar[VMXNET3_BAR_VD].len);
		return -ENODEV;
	}
	dev = fpk_eth_dev_allocate(pci->name, sizeof(*ad), pci->numa_node);
	if (dev == NULL)
		return -fpk_errno;
	ad = dev->data->dev_private;
	ad->pci = pci;
	ad->eth = dev;
	pthread_mutex_init(&ad->cmd_lock, NULL);
	ret = shared_alloc(ad, dev);
	if (ret == 0) {
		ret = hw_init(ad, &dev->data->mac_addr);
		if (ret)
			hw_release(ad);
	}
	if (ret) {
		pthread_mutex_destroy(&ad->cmd_lock);
		fpk_eth_dev_release_port(dev);
		return ret;
	}
	intr_setup(ad);
	dev->dev_ops = &vmxnet3_ops;
	dev->rx_pkt_burst = vmxnet3_rx_burst;
	dev->tx_pkt_burst = vmxnet3_tx_burst;
	vmxnet3_link_update(dev);
	fpk_eth_dev_probing_finish(dev);
	VMXNET3_LOG(INFO, "%s: port %u, vmxnet3 revision 1, MAC %02x:%02x:%02x:%02x:%02x:%02x, "
		    "link events %s\n", pci->name, dev->data->port_id,
		    dev->data->mac_addr.addr_bytes[0], dev->data->mac_addr.addr_bytes[1],
		    dev->data->mac_addr.addr_bytes[2], dev->data->mac_addr.addr_bytes[3],
		    dev->data->mac_addr.addr_bytes[4], dev->data->mac_addr.addr_bytes[5],
		    ad->intr_ready ? "by MSI-X" : "polled only");
	return 0;
}

static int
vmxnet3_remove(struct fpk_pci_device *pci)
{
	int ret = fpk_eth_dev_close_by_name(pci->name);

	/* -ENODEV: the application closed the port already (dev_close did the work). */
	return ret == -ENODEV ? 0 : ret;
}

static const struct fpk_pci_id vmxnet3_ids[] = {
	{ FPK_PCI_DEVICE(VMXNET3_VENDOR_ID, VMXNET3_DEVICE_ID) },
	{ .vendor_id = 0 },
};

struct fpk_pci_driver vmxnet3_driver = {
	.name = VMXNET3_DRIVER_NAME,
	.id_table = vmxnet3_ids,
	.drv_flags = FPK_PCI_DRV_NEED_MAPPING | FPK_PCI_DRV_INTR_LSC,
	.probe = vmxnet3_probe,
	.remove = vmxnet3_remove,
};

FPK_PMD_REGISTER_PCI(net_vmxnet3, vmxnet3_driver)

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_e1000e: poll-mode driver for the Intel 82574L (8086:10d3), the NIC
 * QEMU emulates as "e1000e". Control path: reset and initialisation, link
 * state and its interrupt, receive modes, MTU, statistics, start/stop of
 * both queue pairs (RSS itself is in e1000e_rss.c).
 * Register names, bits and sequences are from the Intel 82574 GbE
 * Controller Family datasheet; comments give its section numbers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fpk_cycles.h"
#include "fpk_log.h"
#include "fpk_mbuf.h"

#include "e1000e_ethdev.h"

#define E1000E_DRIVER_NAME "net_e1000e"

FPK_PMD_LOG_REGISTER(e1000e);

/* ---- statistics --------------------------------------------------------- */

/*
 * The counters the driver accumulates (10.2.7; all clear on read). The
 * first ones feed fpk_eth_stats; every one is an xstat, except those the
 * generic xstats already show under their own names.
 */
enum {
	ST_GPRC, ST_GPTC, ST_GORC, ST_GOTC, ST_MPC, ST_CRCERRS, ST_ALGNERRC, ST_RLEC,
	ST_RUC, ST_ROC, ST_RXERRC, ST_CEXTERR, ST_FIRST_XSTAT
};

static const struct {
	const char *name;
	uint32_t reg;
	bool is64;      /* low/high pair: read low first, high completes (10.2.7) */
} hw_stats[] = {
	[ST_GPRC] = { NULL, E1000E_GPRC, false },
	[ST_GPTC] = { NULL, E1000E_GPTC, false },
	[ST_GORC] = { NULL, E1000E_GORCL, true },
	[ST_GOTC] = { NULL, E1000E_GOTCL, true },
	[ST_MPC] = { NULL, E1000E_MPC, false },
	[ST_CRCERRS] = { "rx_crc_errors", E1000E_CRCERRS, false },
	[ST_ALGNERRC] = { "rx_alignment_errors", E1000E_ALGNERRC, false },
	[ST_RLEC] = { "rx_length_errors", E1000E_RLEC, false },
	[ST_RUC] = { "rx_undersize_errors", E1000E_RUC, false },
	[ST_ROC] = { "rx_oversize_errors", E1000E_ROC, false },
	[ST_RXERRC] = { "rx_phy_errors", E1000E_RXERRC, false },
	[ST_CEXTERR] = { "rx_carrier_extension_errors", E1000E_CEXTERR, false },
	{ "rx_symbol_errors", E1000E_SYMERRS, false },
	{ "rx_sequence_errors", E1000E_SEC, false },
	{ "rx_no_buffer_count", E1000E_RNBC, false },
	{ "rx_fragment_errors", E1000E_RFC, false },
	{ "rx_jabber_errors", E1000E_RJC, false },
	{ "rx_broadcast_packets", E1000E_BPRC, false },
	{ "rx_multicast_packets", E1000E_MPRC, false },
	{ "rx_total_packets", E1000E_TPR, false },
	{ "rx_total_bytes", E1000E_TORL, true },
	{ "rx_size_64_packets", E1000E_PRC64, false },
	{ "rx_size_65_to_127_packets", E1000E_PRC127, false },
	{ "rx_size_128_to_255_packets", E1000E_PRC255, false },
	{ "rx_size_256_to_511_packets", E1000E_PRC511, false },
	{ "rx_size_512_to_1023_packets", E1000E_PRC1023, false },
	{ "rx_size_1024_to_max_packets", E1000E_PRC1522, false },
	{ "rx_xon_packets", E1000E_XONRXC, false },
	{ "rx_xoff_packets", E1000E_XOFFRXC, false },
	{ "rx_unsupported_fc_packets", E1000E_FCRUC, false },
	{ "tx_broadcast_packets", E1000E_BPTC, false },
	{ "tx_multicast_packets", E1000E_MPTC, false },
	{ "tx_total_packets", E1000E_TPT, false },
	{ "tx_total_bytes", E1000E_TOTL, true },
	{ "tx_size_64_packets", E1000E_PTC64, false },
	{ "tx_size_65_to_127_packets", E1000E_PTC127, false },
	{ "tx_size_128_to_255_packets", E1000E_PTC255, false },
	{ "tx_size_256_to_511_packets", E1000E_PTC511, false },
	{ "tx_size_512_to_1023_packets", E1000E_PTC1023, false },
	{ "tx_size_1024_to_max_packets", E1000E_PTC1522, false },
	{ "tx_xon_packets", E1000E_XONTXC, false },
	{ "tx_xoff_packets", E1000E_XOFFTXC, false },
	{ "tx_single_collisions", E1000E_SCC, false },
	{ "tx_multiple_collisions", E1000E_MCC, false },
	{ "tx_excessive_collisions", E1000E_ECOL, false },
	{ "tx_late_collisions", E1000E_LATECOL, false },
	{ "tx_total_collisions", E1000E_COLC, false },
	{ "tx_deferred", E1000E_DC, false },
	{ "tx_no_carrier_sense", E1000E_TNCRS, false },
	{ "tx_tso_packets", E1000E_TSCTC, false },
	{ "tx_tso_errors", E1000E_TSCTFC, false },
	{ "interrupt_assert_count", E1000E_IAC, false },
};

#define NB_HW_STATS FPK_DIM(hw_stats)
#define NB_XSTATS (NB_HW_STATS - ST_CRCERRS)
_Static_assert(NB_HW_STATS <= FPK_DIM(((struct e1000e_hw_stats *)0)->val),
	       "struct e1000e_hw_stats too small");

/* Fold the device's counters into the software totals; call with stats_lock held. */
static void
hw_stats_update(struct e1000e_adapter *ad)
{
	for (size_t i = 0; i < NB_HW_STATS; i++) {
		uint64_t v = e1000e_read(ad, hw_stats[i].reg);

		if (hw_stats[i].is64)
			v |= (uint64_t)e1000e_read(ad, hw_stats[i].reg + 4) << 32;
		ad->hw.val[i] += v;
	}
}

static uint64_t
hw_stat(const struct e1000e_adapter *ad, size_t i)
{
	return ad->hw.val[i] - ad->base.val[i];
}

#define E1000E_RXQ_STATS_OFF offsetof(struct e1000e_rxq, stats)
#define E1000E_TXQ_STATS_OFF offsetof(struct e1000e_txq, stats)

static int
e1000e_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	/*
	 * Per queue: what the burst functions counted. The port totals are the
	 * device's, which sees every frame on the wire; of the software ones
	 * only the frames the driver dropped (ierrors) are kept.
	 */
	fpk_eth_queue_stats_get(dev, E1000E_RXQ_STATS_OFF, E1000E_TXQ_STATS_OFF, st);
	pthread_mutex_lock(&ad->stats_lock);
	hw_stats_update(ad);
	st->ipackets = hw_stat(ad, ST_GPRC);
	st->opackets = hw_stat(ad, ST_GPTC);
	st->ibytes = hw_stat(ad, ST_GORC);
	st->obytes = hw_stat(ad, ST_GOTC);
	st->imissed = hw_stat(ad, ST_MPC);
	st->ierrors += hw_stat(ad, ST_CRCERRS) + hw_stat(ad, ST_ALGNERRC) +
		       hw_stat(ad, ST_RLEC) + hw_stat(ad, ST_RUC) + hw_stat(ad, ST_ROC) +
		       hw_stat(ad, ST_RXERRC) + hw_stat(ad, ST_CEXTERR);
	pthread_mutex_unlock(&ad->stats_lock);
	return 0;
}

static int
e1000e_stats_reset(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	pthread_mutex_lock(&ad->stats_lock);
	hw_stats_update(ad);
	ad->base = ad->hw;
	pthread_mutex_unlock(&ad->stats_lock);
	fpk_eth_queue_stats_reset(dev, E1000E_RXQ_STATS_OFF, E1000E_TXQ_STATS_OFF);
	return 0;
}

static int
e1000e_xstats_get_names(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
			unsigned int size)
{
	(void)dev;
	if (names == NULL || size < NB_XSTATS)
		return (int)NB_XSTATS;
	for (size_t i = ST_CRCERRS; i < NB_HW_STATS; i++)
		snprintf(names[i - ST_CRCERRS].name, FPK_ETH_XSTATS_NAME_SIZE, "%s",
			 hw_stats[i].name);
	return (int)NB_XSTATS;
}

static int
e1000e_xstats_get(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats, unsigned int n)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	if (xstats == NULL || n < NB_XSTATS)
		return (int)NB_XSTATS;
	pthread_mutex_lock(&ad->stats_lock);
	hw_stats_update(ad);
	for (size_t i = ST_CRCERRS; i < NB_HW_STATS; i++)
		xstats[i - ST_CRCERRS].value = hw_stat(ad, i);
	pthread_mutex_unlock(&ad->stats_lock);
	return (int)NB_XSTATS;
}

/* ---- reset, MAC address, link ------------------------------------------ */

/* Poll @reg until (value & @mask) == @want, for at most @us microseconds. */
static bool
reg_wait(const struct e1000e_adapter *ad, uint32_t reg, uint32_t mask, uint32_t want,
	 unsigned int us)
{
	for (unsigned int t = 0; t <= us; t += 10) {
		if ((e1000e_read(ad, reg) & mask) == want)
			return true;
		fpk_delay_us(10);
	}
	return false;
}

/*
 * Stop all DMA: 5.2.3.3 GIO Master Disable. New master requests are blocked
 * and STATUS.GIO_MASTER_ENABLE clears once none is pending. Required before
 * a reset, and what makes dev_stop safe for the memory of the rings.
 */
static void
dma_quiesce(struct e1000e_adapter *ad)
{
	e1000e_write(ad, E1000E_CTRL, e1000e_read(ad, E1000E_CTRL) | E1000E_CTRL_GIO_MASTER_DISABLE);
	if (!reg_wait(ad, E1000E_STATUS, E1000E_STATUS_GIO_MASTER_ENABLE, 0, 10000))
		E1000E_LOG(DEBUG, "%s: master requests still pending after 10 ms\n", ad->pci->name);
}

/*
 * Device reset (4.6 Software Initialization; 10.2.2.1 CTRL.RST): mask
 * interrupts, stop rx and tx, quiesce DMA, reset, wait for the NVM
 * auto-read, mask interrupts again (the reset unmasks nothing, but the
 * datasheet asks for it) and clear pending causes.
 */
static int
hw_reset(struct e1000e_adapter *ad)
{
	e1000e_write(ad, E1000E_IMC, UINT32_MAX);
	e1000e_write(ad, E1000E_RCTL, 0);
	e1000e_write(ad, E1000E_TCTL, E1000E_TCTL_PSP);
	fpk_delay_us(10000);
	dma_quiesce(ad);
	e1000e_write(ad, E1000E_CTRL, e1000e_read(ad, E1000E_CTRL) | E1000E_CTRL_RST);
	/* 10.2.2.1: wait at least 1 us before reading any register after RST. */
	fpk_delay_us(1000);
	if (!reg_wait(ad, E1000E_CTRL, E1000E_CTRL_RST, 0, 100000)) {
		E1000E_LOG(ERR, "%s: the device did not leave reset within 100 ms (CTRL "
			   "0x%08x): check that it is an 82574 and bound to vfio-pci\n",
			   ad->pci->name, e1000e_read(ad, E1000E_CTRL));
		return -EIO;
	}
	if (!reg_wait(ad, E1000E_EEC, E1000E_EEC_AUTO_RD, E1000E_EEC_AUTO_RD, 20000))
		E1000E_LOG(WARNING, "%s: NVM auto-read not reported done after reset\n",
			   ad->pci->name);
	e1000e_write(ad, E1000E_IMC, UINT32_MAX);
	e1000e_read(ad, E1000E_ICR);
	return 0;
}

/* 10.2.2.4 EERD: read one 16-bit NVM word. */
static int
nvm_read(const struct e1000e_adapter *ad, uint16_t word, uint16_t *val)
{
	uint32_t v;

	e1000e_write(ad, E1000E_EERD, ((uint32_t)word << E1000E_EERD_ADDR_SHIFT) |
		     E1000E_EERD_START);
	for (unsigned int t = 0; t < 10000; t += 5) {
		v = e1000e_read(ad, E1000E_EERD);
		if (v & E1000E_EERD_DONE) {
			*val = (uint16_t)(v >> E1000E_EERD_DATA_SHIFT);
			return 0;
		}
		fpk_delay_us(5);
	}
	return -ETIMEDOUT;
}

/*
 * The permanent address: after reset the device loads it from the NVM into
 * RAL0/RAH0 (10.2.5.11-12). If that entry is not valid, read NVM words 0-2
 * (6.1 NVM map, Ethernet address) ourselves.
 */
static int
mac_read(struct e1000e_adapter *ad, struct fpk_ether_addr *mac)
{
	uint32_t ral = e1000e_read(ad, E1000E_RAL0), rah = e1000e_read(ad, E1000E_RAH0);

	for (int i = 0; i < 4; i++)
		mac->addr_bytes[i] = (uint8_t)(ral >> (8 * i));
	mac->addr_bytes[4] = (uint8_t)rah;
	mac->addr_bytes[5] = (uint8_t)(rah >> 8);
	if ((rah & E1000E_RAH_AV) && fpk_is_valid_assigned_ether_addr(mac))
		return 0;
	for (uint16_t w = 0; w < 3; w++) {
		uint16_t v;

		if (nvm_read(ad, w, &v) < 0) {
			E1000E_LOG(ERR, "%s: no valid address in RAL0/RAH0 and the NVM does not "
				   "answer: the device or its NVM is broken\n", ad->pci->name);
			return -EIO;
		}
		mac->addr_bytes[2 * w] = (uint8_t)v;
		mac->addr_bytes[2 * w + 1] = (uint8_t)(v >> 8);
	}
	if (!fpk_is_valid_assigned_ether_addr(mac)) {
		E1000E_LOG(ERR, "%s: the NVM holds no valid MAC address\n", ad->pci->name);
		return -EIO;
	}
	return 0;
}

static void
mac_write(struct e1000e_adapter *ad, const struct fpk_ether_addr *mac)
{
	const uint8_t *b = mac->addr_bytes;

	e1000e_write(ad, E1000E_RAL0, (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		     (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
	e1000e_write(ad, E1000E_RAH0, (uint32_t)b[4] | (uint32_t)b[5] << 8 | E1000E_RAH_AV);
}

/* Reset and bring the device to its idle configured state (4.6). */
static int
hw_init(struct e1000e_adapter *ad, struct fpk_ether_addr *mac)
{
	uint32_t ctrl;
	int ret = hw_reset(ad);

	if (ret)
		return ret;
	/*
	 * 4.6.3 / 10.2.2.1: link set up by the PHY's auto-negotiation: SLU
	 * (the MAC follows the PHY's link), ASDE, no forced speed or duplex.
	 */
	ctrl = e1000e_read(ad, E1000E_CTRL);
	ctrl &= ~(E1000E_CTRL_FRCSPD | E1000E_CTRL_FRCDPLX | E1000E_CTRL_PHY_RST |
		  E1000E_CTRL_VME | E1000E_CTRL_GIO_MASTER_DISABLE);
	ctrl |= E1000E_CTRL_SLU | E1000E_CTRL_ASDE;
	e1000e_write(ad, E1000E_CTRL, ctrl);
	ret = mac_read(ad, mac);
	if (ret)
		return ret;
	mac_write(ad, mac);
	/* 4.6.7: the multicast table is not cleared by reset. */
	for (unsigned int i = 0; i < E1000E_MTA_SIZE; i++)
		e1000e_write(ad, E1000E_MTA(i), 0);
	/* Counters restart from the device's zero; software totals too. */
	pthread_mutex_lock(&ad->stats_lock);
	hw_stats_update(ad);
	memset(&ad->hw, 0, sizeof(ad->hw));
	memset(&ad->base, 0, sizeof(ad->base));
	pthread_mutex_unlock(&ad->stats_lock);
	return 0;
}

/* 10.2.2.2 STATUS: LU, FD and SPEED. */
static int
e1000e_link_update(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	static const uint32_t speeds[] = { FPK_ETH_SPEED_NUM_10M, FPK_ETH_SPEED_NUM_100M,
					   FPK_ETH_SPEED_NUM_1G, FPK_ETH_SPEED_NUM_1G };
	struct fpk_eth_link link = { 0 };
	uint32_t st;

	st = e1000e_read(ad, E1000E_STATUS);
	if (st & E1000E_STATUS_LU) {
		link.link_status = FPK_ETH_LINK_UP;
		link.link_duplex = (st & E1000E_STATUS_FD) ? FPK_ETH_LINK_FULL_DUPLEX :
							     FPK_ETH_LINK_HALF_DUPLEX;
		link.link_speed = speeds[(st & E1000E_STATUS_SPEED_MASK) >>
					 E1000E_STATUS_SPEED_SHIFT];
		link.link_autoneg = 1;
	}
	return fpk_eth_dev_link_set(dev, &link);
}

/* ---- interrupts ---------------------------------------------------------- */

/* IMS bits for the link interrupt: LSC, and with MSI-X the "other" cause it maps to. */
static uint32_t
lsc_mask(const struct e1000e_adapter *ad)
{
	return E1000E_ICR_LSC |
	       (ad->pci->intr_type == FPK_PCI_INTR_MSIX ? E1000E_ICR_OTHER : 0);
}

static void
e1000e_intr(struct fpk_pci_device *pci, unsigned int vec, void *arg)
{
	struct e1000e_adapter *ad = arg;
	/* 10.2.4.1: reading ICR clears the causes (and drops an INTx line). */
	uint32_t icr = e1000e_read(ad, E1000E_ICR);

	(void)pci;
	(void)vec;
	/*
	 * Under MSI-X the read does not clear the causes while interrupts are
	 * unmasked (10.2.4.1, IAME off): write the bits back, ICR is also
	 * write-1-to-clear, so the next change is a new cause.
	 */
	e1000e_write(ad, E1000E_ICR, icr);
	E1000E_LOG(DEBUG, "%s: interrupt, ICR 0x%08x\n", ad->pci->name, icr);
	/*
	 * With MSI-X the "other" cause masks itself when it fires (7.4.3.2):
	 * unmask it again. The callback is unregistered before dev_stop masks
	 * everything, so this never undoes that.
	 */
	if (ad->pci->intr_type == FPK_PCI_INTR_MSIX)
		e1000e_write(ad, E1000E_IMS, lsc_mask(ad));
	if ((icr & E1000E_ICR_LSC) && e1000e_link_update(ad->eth))
		fpk_eth_dev_callback_process(ad->eth, FPK_ETH_EVENT_INTR_LSC, NULL);
}

/* One vector, any type (MSI-X preferred); without one the port just has no LSC events. */
static void
intr_setup(struct e1000e_adapter *ad)
{
	int ret = fpk_pci_intr_enable(ad->pci, FPK_PCI_INTR_AUTO, 1);

	if (ret < 0) {
		E1000E_LOG(WARNING, "%s: no interrupt (%s): link changes are seen only when "
			   "polled\n", ad->pci->name, strerror(-ret));
		return;
	}
	/* 10.2.4.9 IVAR: route the "other" causes (LSC) to vector 0. */
	if (ad->pci->intr_type == FPK_PCI_INTR_MSIX) {
		e1000e_write(ad, E1000E_IVAR, E1000E_IVAR_OTHER_VALID |
			     (0u << E1000E_IVAR_OTHER_SHIFT));
		e1000e_write(ad, E1000E_CTRL_EXT,
			     e1000e_read(ad, E1000E_CTRL_EXT) | E1000E_CTRL_EXT_PBA_CLR);
	}
	ad->intr_ready = true;
}

static void
lsc_enable(struct e1000e_adapter *ad)
{
	if (!ad->intr_ready || !ad->eth->data->dev_conf.intr_conf.lsc)
		return;
	if (fpk_pci_intr_callback_register(ad->pci, 0, FPK_PCI_INTR_F_LSC, e1000e_intr, ad) < 0)
		return;
	e1000e_read(ad, E1000E_ICR);
	e1000e_write(ad, E1000E_IMS, lsc_mask(ad));
	ad->lsc_on = true;
}

static void
lsc_disable(struct e1000e_adapter *ad)
{
	if (!ad->lsc_on)
		return;
	/* Unregister first: when it returns the handler is not running, so it cannot unmask. */
	fpk_pci_intr_callback_unregister(ad->pci, 0);
	e1000e_write(ad, E1000E_IMC, UINT32_MAX);
	e1000e_read(ad, E1000E_ICR);
	ad->lsc_on = false;
}

/* ---- ethdev ops ----------------------------------------------------------- */

static int
e1000e_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	(void)dev;
	info->driver_name = E1000E_DRIVER_NAME;
	info->max_rx_queues = E1000E_NB_QUEUES;
	info->max_tx_queues = E1000E_NB_QUEUES;
	info->min_mtu = 68;
	info->max_mtu = E1000E_MAX_FRAME - FPK_ETHER_HDR_LEN - FPK_ETHER_CRC_LEN - 4;
	info->max_rx_pktlen = E1000E_MAX_FRAME;
	info->min_rx_bufsize = 256;
	info->max_mac_addrs = 1;
	info->rx_offload_capa = FPK_ETH_RX_OFFLOAD_IPV4_CKSUM | FPK_ETH_RX_OFFLOAD_UDP_CKSUM |
				FPK_ETH_RX_OFFLOAD_TCP_CKSUM | FPK_ETH_RX_OFFLOAD_RSS_HASH;
	info->flow_type_rss_offloads = E1000E_RSS_OFFLOADS;
	info->reta_size = E1000E_RETA_SIZE;
	info->hash_key_size = E1000E_RSS_KEY_LEN;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_desc_lim.nb_min = E1000E_DESC_MIN;
	info->rx_desc_lim.nb_max = E1000E_DESC_MAX;
	info->rx_desc_lim.nb_align = E1000E_DESC_ALIGN;
	info->tx_desc_lim = info->rx_desc_lim;
	info->default_rxconf.rx_free_thresh = E1000E_RX_FREE_THRESH;
	info->default_txconf.tx_free_thresh = E1000E_TX_FREE_THRESH;
	info->default_txconf.tx_rs_thresh = 0; /* the largest of 32/16/8 dividing the ring */
	info->speed_capa = 0;
	return 0;
}

/* Frame bytes the device writes for @mtu: header, one VLAN tag; the CRC is stripped. */
static uint32_t
mtu_to_frame(uint16_t mtu)
{
	return (uint32_t)mtu + FPK_ETHER_HDR_LEN + 4;
}

static uint32_t
rctl_mode_bits(const struct fpk_eth_dev *dev)
{
	uint32_t r = 0;

	if (dev->data->promiscuous)
		r |= E1000E_RCTL_UPE | E1000E_RCTL_MPE;
	if (dev->data->all_multicast)
		r |= E1000E_RCTL_MPE;
	/* 10.2.5.1: LPE for frames above 1522 bytes (CRC and one tag included). */
	if (dev->data->mtu > FPK_ETHER_MTU)
		r |= E1000E_RCTL_LPE;
	return r;
}

static uint64_t
rx_csum_offloads(const struct fpk_eth_dev *dev)
{
	return dev->data->dev_conf.rxmode.offloads & (FPK_ETH_RX_OFFLOAD_IPV4_CKSUM |
		FPK_ETH_RX_OFFLOAD_UDP_CKSUM | FPK_ETH_RX_OFFLOAD_TCP_CKSUM);
}

/*
 * RCTL.BSIZE is one buffer size for both rings: the largest that the mbufs
 * of every rx queue hold. Each queue records it (MTU checks); the frame of
 * the MTU must fit, there being no scatter. @return 0 or -EINVAL (logged).
 */
static int
rx_buf_common(struct fpk_eth_dev *dev, uint32_t *bsize_bits)
{
	uint16_t size = 0, nb = dev->data->nb_rx_queues;

	for (uint16_t q = 0; q < nb; q++) {
		struct e1000e_rxq *rxq = dev->data->rx_queues[q];
		uint32_t bits;
		uint16_t s = e1000e_rx_buf_size(rxq->mp, &bits);

		if (size == 0 || s < size) {
			size = s;
			*bsize_bits = bits;
		}
	}
	for (uint16_t q = 0; q < nb; q++)
		((struct e1000e_rxq *)dev->data->rx_queues[q])->buf_size = size;
	if (nb > 0 && mtu_to_frame(dev->data->mtu) > size) {
		E1000E_LOG(ERR, "%s: MTU %u needs %u-byte rx buffers, the pools' mbufs "
			   "give %u (no scatter): lower the MTU or use larger mbufs\n",
			   dev->data->name, dev->data->mtu, mtu_to_frame(dev->data->mtu), size);
		return -EINVAL;
	}
	return 0;
}

/* A ring the configuration does not use: no base, no length, so no DMA through it. */
static void
ring_clear(struct e1000e_adapter *ad, bool rx, uint16_t qid)
{
	e1000e_write(ad, rx ? E1000E_RDLEN(qid) : E1000E_TDLEN(qid), 0);
	e1000e_write(ad, rx ? E1000E_RDBAL(qid) : E1000E_TDBAL(qid), 0);
	e1000e_write(ad, rx ? E1000E_RDBAH(qid) : E1000E_TDBAH(qid), 0);
}

/* 4.6.5 Transmit initialization: rings, then TIPG and TCTL with EN. */
static void
tx_start(struct e1000e_adapter *ad, struct fpk_eth_dev *dev)
{
	uint16_t nb = dev->data->nb_tx_queues;

	for (uint16_t q = 0; q < E1000E_NB_QUEUES; q++) {
		if (q < nb)
			e1000e_tx_queue_start(ad, dev->data->tx_queues[q]);
		else
			ring_clear(ad, false, q);
	}
	if (nb == 0)
		return;
	if (nb > 1)
		for (uint16_t q = 0; q < nb; q++)
			e1000e_write(ad, E1000E_TARC(q),
				     e1000e_read(ad, E1000E_TARC(q)) | E1000E_TARC_MQ_FIX);
	e1000e_write(ad, E1000E_TIPG, E1000E_TIPG_DEFAULT);
	e1000e_write(ad, E1000E_TCTL, E1000E_TCTL_EN | E1000E_TCTL_PSP | E1000E_TCTL_RTLC |
		     (0xfu << E1000E_TCTL_CT_SHIFT) | (0x3fu << E1000E_TCTL_COLD_SHIFT));
}

/*
 * 4.6.6 Receive initialization: extended descriptors when the hash is
 * wanted (RFCTL.EXSTEN, RCTL.DTYP 0), legacy ones otherwise, no interrupt delay, RSS registers, checksum status if
 * asked and the hash in place of the packet checksum if wanted
 * (RXCSUM.PCSD), rings, RCTL with EN, then RDT hands every buffer but one
 * of each ring to the device.
 */
static void
rx_start(struct e1000e_adapter *ad, struct fpk_eth_dev *dev, uint32_t bsize_bits)
{
	uint16_t nb = dev->data->nb_rx_queues;

	for (uint16_t q = nb; q < E1000E_NB_QUEUES; q++)
		ring_clear(ad, true, q);
	if (nb == 0)
		return;
	/* The burst function chosen at configure reads the same format. */
	e1000e_write(ad, E1000E_RFCTL, ad->rss_hash ? E1000E_RFCTL_EXSTEN : 0);
	e1000e_write(ad, E1000E_RDTR, 0);
	e1000e_write(ad, E1000E_RADV, 0);
	e1000e_rss_program(ad);
	e1000e_write(ad, E1000E_RXCSUM,
		     (rx_csum_offloads(dev) ? E1000E_RXCSUM_IPOFLD | E1000E_RXCSUM_TUOFLD : 0) |
		     (ad->rss_hash ? E1000E_RXCSUM_PCSD : 0));
	for (uint16_t q = 0; q < nb; q++)
		e1000e_rx_queue_start(ad, dev->data->rx_queues[q]);
	ad->rctl = E1000E_RCTL_BAM | E1000E_RCTL_SECRC | bsize_bits | rctl_mode_bits(dev) |
		   E1000E_RCTL_EN;
	e1000e_write(ad, E1000E_RCTL, ad->rctl);
	for (uint16_t q = 0; q < nb; q++) {
		struct e1000e_rxq *rxq = dev->data->rx_queues[q];

		e1000e_write(ad, E1000E_RDT(q), (uint32_t)rxq->nb_desc - 1);
	}
}

static int
e1000e_dev_start(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	uint32_t bsize_bits = 0;
	int ret = rx_buf_common(dev, &bsize_bits);

	if (ret)
		return ret;
	/* Bus mastering back on after dev_stop's quiesce. */
	e1000e_write(ad, E1000E_CTRL,
		     e1000e_read(ad, E1000E_CTRL) & ~E1000E_CTRL_GIO_MASTER_DISABLE);
	tx_start(ad, dev);
	rx_start(ad, dev, bsize_bits);
	lsc_enable(ad);
	return 0;
}

static int
e1000e_dev_stop(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	lsc_disable(ad);
	/* Let queued frames go out (bounded): TDH reaches TDT (10.2.6.8), each ring. */
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		if (!reg_wait(ad, E1000E_TDH(q), UINT32_MAX, e1000e_read(ad, E1000E_TDT(q)), 10000))
			E1000E_LOG(DEBUG, "%s: tx ring %u not drained within 10 ms\n",
				   dev->data->name, q);
	e1000e_write(ad, E1000E_TCTL, E1000E_TCTL_PSP);
	e1000e_write(ad, E1000E_RCTL, 0);
	ad->rctl = 0;
	/* No DMA in flight into the rings or buffers once this returns. */
	dma_quiesce(ad);
	return 0;
}

static int
e1000e_dev_close(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	lsc_disable(ad);
	fpk_pci_intr_disable(ad->pci);
	ad->intr_ready = false;
	hw_reset(ad);
	pthread_mutex_destroy(&ad->stats_lock);
	return 0;
}

static int
e1000e_dev_reset(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	int ret = hw_init(ad, &dev->data->mac_addr);

	if (ret == 0 && ad->intr_ready && ad->pci->intr_type == FPK_PCI_INTR_MSIX)
		e1000e_write(ad, E1000E_IVAR, E1000E_IVAR_OTHER_VALID |
			     (0u << E1000E_IVAR_OTHER_SHIFT));
	return ret;
}

/* Rewrite RCTL while started; stopped, start picks the flags up from dev->data. */
static int
rctl_update(struct fpk_eth_dev *dev, uint32_t set, uint32_t clear)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	if (ad->rctl & E1000E_RCTL_EN) {
		ad->rctl = (ad->rctl & ~clear) | set;
		e1000e_write(ad, E1000E_RCTL, ad->rctl);
	}
	return 0;
}

static int
e1000e_promiscuous_enable(struct fpk_eth_dev *dev)
{
	return rctl_update(dev, E1000E_RCTL_UPE | E1000E_RCTL_MPE, 0);
}

static int
e1000e_promiscuous_disable(struct fpk_eth_dev *dev)
{
	return rctl_update(dev, 0, E1000E_RCTL_UPE |
			   (dev->data->all_multicast ? 0 : E1000E_RCTL_MPE));
}

static int
e1000e_allmulticast_enable(struct fpk_eth_dev *dev)
{
	return rctl_update(dev, E1000E_RCTL_MPE, 0);
}

static int
e1000e_allmulticast_disable(struct fpk_eth_dev *dev)
{
	return rctl_update(dev, 0, dev->data->promiscuous ? 0 : E1000E_RCTL_MPE);
}

static int
e1000e_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	mac_write(dev->data->dev_private, addr);
	return 0;
}

static int
e1000e_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	struct e1000e_rxq *rxq = dev->data->rx_queues[0];

	if (dev->data->dev_started && rxq != NULL && mtu_to_frame(mtu) > rxq->buf_size) {
		E1000E_LOG(ERR, "%s: MTU %u needs %u-byte rx buffers, the running queue has %u: "
			   "stop the port and set up the rx queue with larger mbufs\n",
			   dev->data->name, mtu, mtu_to_frame(mtu), rxq->buf_size);
		return -EINVAL;
	}
	return rctl_update(dev, mtu > FPK_ETHER_MTU ? E1000E_RCTL_LPE : 0,
			   mtu > FPK_ETHER_MTU ? 0 : E1000E_RCTL_LPE);
}

static int
e1000e_dev_configure(struct fpk_eth_dev *dev)
{
	const struct e1000e_adapter *ad = dev->data->dev_private;

	e1000e_rss_configure(dev);
	/* The variant holds until the next configure: ethdev installs it at start. */
	dev->rx_pkt_burst = ad->rss_hash ? e1000e_rx_burst_rss : e1000e_rx_burst;
	return 0;
}

static const struct fpk_eth_dev_ops e1000e_ops = {
	.dev_configure = e1000e_dev_configure,
	.dev_infos_get = e1000e_dev_infos_get,
	.dev_start = e1000e_dev_start,
	.dev_stop = e1000e_dev_stop,
	.dev_close = e1000e_dev_close,
	.dev_reset = e1000e_dev_reset,
	.rx_queue_setup = e1000e_rx_queue_setup,
	.rx_queue_release = e1000e_rx_queue_release,
	.tx_queue_setup = e1000e_tx_queue_setup,
	.tx_queue_release = e1000e_tx_queue_release,
	.link_update = e1000e_link_update,
	.stats_get = e1000e_stats_get,
	.stats_reset = e1000e_stats_reset,
	.xstats_get_names = e1000e_xstats_get_names,
	.xstats_get = e1000e_xstats_get,
	.xstats_reset = e1000e_stats_reset,
	.promiscuous_enable = e1000e_promiscuous_enable,
	.promiscuous_disable = e1000e_promiscuous_disable,
	.allmulticast_enable = e1000e_allmulticast_enable,
	.allmulticast_disable = e1000e_allmulticast_disable,
	.mac_addr_set = e1000e_mac_addr_set,
	.mtu_set = e1000e_mtu_set,
	.reta_update = e1000e_reta_update,
	.reta_query = e1000e_reta_query,
	.rss_hash_update = e1000e_rss_hash_update,
	.rss_hash_conf_get = e1000e_rss_hash_conf_get,
};

/* ---- PCI driver -------------------------------------------------------------- */

static int
e1000e_probe(struct fpk_pci_driver *drv, struct fpk_pci_device *pci)
{
	struct e1000e_adapter *ad;
	struct fpk_eth_dev *dev;
	int ret;

	(void)drv;
	if (pci->bar[0].addr == NULL || pci->bar[0].len < 0x20000) {
		E1000E_LOG(ERR, "%s: BAR0 is not a mapped 128 KiB memory BAR (len 0x%" PRIx64
			   "): the kernel would not let it be mmap'ed\n", pci->name,
			   pci->bar[0].len);
		return -ENODEV;
	}
	dev = fpk_eth_dev_allocate(pci->name, sizeof(*ad), pci->numa_node);
	if (dev == NULL)
		return -fpk_errno;
	ad = dev->data->dev_private;
	ad->pci = pci;
	ad->eth = dev;
	pthread_mutex_init(&ad->stats_lock, NULL);
	ret = hw_init(ad, &dev->data->mac_addr);
	if (ret) {
		pthread_mutex_destroy(&ad->stats_lock);
		fpk_eth_dev_release_port(dev);
		return ret;
	}
	intr_setup(ad);
	dev->dev_ops = &e1000e_ops;
	dev->rx_pkt_burst = e1000e_rx_burst;
	dev->tx_pkt_burst = e1000e_tx_burst;
	e1000e_link_update(dev);
	fpk_eth_dev_probing_finish(dev);
	E1000E_LOG(INFO, "%s: port %u, 82574L, MAC %02x:%02x:%02x:%02x:%02x:%02x, "
		   "interrupt %s\n", pci->name, dev->data->port_id,
		   dev->data->mac_addr.addr_bytes[0], dev->data->mac_addr.addr_bytes[1],
		   dev->data->mac_addr.addr_bytes[2], dev->data->mac_addr.addr_bytes[3],
		   dev->data->mac_addr.addr_bytes[4], dev->data->mac_addr.addr_bytes[5],
		   pci->intr_type == FPK_PCI_INTR_MSIX ? "MSI-X" :
		   pci->intr_type == FPK_PCI_INTR_MSI ? "MSI" :
		   pci->intr_type == FPK_PCI_INTR_INTX ? "INTx" : "none");
	return 0;
}

static int
e1000e_remove(struct fpk_pci_device *pci)
{
	int ret = fpk_eth_dev_close_by_name(pci->name);

	/* -ENODEV: the application closed the port already (dev_close did the work). */
	return ret == -ENODEV ? 0 : ret;
}

/*
 * Only the 82574L: its close relatives (82583V 8086:150c, ...) differ in
 * queues and interrupts and are untested here. See doc/guides/nics/e1000e.md.
 */
static const struct fpk_pci_id e1000e_ids[] = {
	{ FPK_PCI_DEVICE(0x8086, 0x10d3) },
	{ .vendor_id = 0 },
};

static struct fpk_pci_driver e1000e_driver = {
	.name = E1000E_DRIVER_NAME,
	.id_table = e1000e_ids,
	.drv_flags = FPK_PCI_DRV_NEED_MAPPING | FPK_PCI_DRV_INTR_LSC,
	.probe = e1000e_probe,
	.remove = e1000e_remove,
};

FPK_PMD_REGISTER_PCI(net_e1000e, e1000e_driver)

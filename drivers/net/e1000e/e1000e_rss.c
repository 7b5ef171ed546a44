/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * e1000e receive-side scaling: the 82574 hashes a packet's addresses (and
 * TCP ports) with a Toeplitz key, indexes a 128-entry redirection table
 * with the hash's 7 low bits and puts the packet on the queue the entry
 * names, 0 or 1; the extended descriptor carries the hash to software
 * (datasheet 7.1 "Multiple Receive Queues and RSS", registers in 10.2.5).
 * The driver keeps the key, the fields and the table in the adapter and
 * writes them at start, and at once when an op changes them.
 */
#include <errno.h>
#include <string.h>

#include "fpk_thash.h"

#include "e1000e_ethdev.h"

_Static_assert(E1000E_RSS_KEY_LEN == FPK_THASH_KEY_LEN, "the default key fits RSSRK");

/* MRQC for the FPK_ETH_RSS_* fields @hf: RSS on with its hash functions, or all off. */
static uint32_t
mrqc_bits(uint64_t hf)
{
	uint32_t r = 0;

	if (hf & FPK_ETH_RSS_IPV4)
		r |= E1000E_MRQC_IPV4;
	if (hf & FPK_ETH_RSS_NONFRAG_IPV4_TCP)
		r |= E1000E_MRQC_TCPIPV4;
	if (hf & FPK_ETH_RSS_IPV6)
		r |= E1000E_MRQC_IPV6;
	if (hf & FPK_ETH_RSS_NONFRAG_IPV6_TCP)
		r |= E1000E_MRQC_TCPIPV6;
	/* With no hash function every packet would be unhashed anyway: plain queue 0. */
	return r ? r | E1000E_MRQC_RSS : 0;
}

/* RETA register @reg: entries 4 * reg .. 4 * reg + 3, the first in the low byte. */
static void
reta_write(struct e1000e_adapter *ad, unsigned int reg)
{
	uint32_t v = 0;

	for (unsigned int j = 0; j < 4; j++)
		if (ad->reta[4 * reg + j] != 0)
			v |= (uint32_t)E1000E_RETA_QUEUE1 << (8 * j);
	e1000e_write(ad, E1000E_RETA(reg), v);
}

static void
key_write(struct e1000e_adapter *ad)
{
	for (unsigned int i = 0; i < E1000E_RSS_KEY_LEN / 4; i++) {
		const uint8_t *k = &ad->rss_key[4 * i];

		e1000e_write(ad, E1000E_RSSRK(i), (uint32_t)k[0] | (uint32_t)k[1] << 8 |
			     (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24);
	}
}

void
e1000e_rss_configure(struct fpk_eth_dev *dev)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	const struct fpk_eth_conf *conf = &dev->data->dev_conf;
	const struct fpk_eth_rss_conf *rc = &conf->rx_adv_conf.rss_conf;
	bool rss = conf->rxmode.mq_mode == FPK_ETH_MQ_RX_RSS;
	uint16_t nb = dev->data->nb_rx_queues ? dev->data->nb_rx_queues : 1;

	/*
	 * The hash alone (FPK_ETH_RX_OFFLOAD_RSS_HASH without RSS mode) hashes
	 * everything the device can and sends it all to queue 0, as the table
	 * below does then. ethdev checked a given key's length.
	 */
	ad->rss_hash = rss || (conf->rxmode.offloads & FPK_ETH_RX_OFFLOAD_RSS_HASH);
	ad->rss_hf = rss ? rc->rss_hf : ad->rss_hash ? E1000E_RSS_OFFLOADS : 0;
	memcpy(ad->rss_key, rss && rc->rss_key != NULL ? rc->rss_key : fpk_thash_default_key,
	       E1000E_RSS_KEY_LEN);
	/* Queues in turn, as DPDK's drivers lay the table out by default. */
	for (unsigned int i = 0; i < E1000E_RETA_SIZE; i++)
		ad->reta[i] = rss ? (uint16_t)(i % nb) : 0;
}

/*
 * The table and the key before MRQC turns hashing on: the table's content
 * is undefined after reset, and the hash functions must not run on a
 * half-written key.
 */
void
e1000e_rss_program(struct e1000e_adapter *ad)
{
	e1000e_write(ad, E1000E_MRQC, 0);
	if (!ad->rss_hash)
		return;
	key_write(ad);
	for (unsigned int r = 0; r < E1000E_RETA_SIZE / 4; r++)
		reta_write(ad, r);
	e1000e_write(ad, E1000E_MRQC, mrqc_bits(ad->rss_hf));
}

/*
 * The device may be started: a table entry changes for the next packet
 * it hashes (the datasheet makes no promise about packets on the way).
 * Stopped, the write is overwritten by the same values at start.
 */
int
e1000e_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		   uint16_t reta_size)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	/* ethdev checked that each queue is configured: 0 or 1. 32 writes: slow path. */
	fpk_eth_reta_table_update(ad->reta, reta_conf, reta_size);
	for (unsigned int r = 0; r < E1000E_RETA_SIZE / 4; r++)
		reta_write(ad, r);
	return 0;
}

int
e1000e_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		  uint16_t reta_size)
{
	const struct e1000e_adapter *ad = dev->data->dev_private;

	fpk_eth_reta_table_query(ad->reta, reta_conf, reta_size);
	return 0;
}

/*
 * ethdev allows this in RSS mode only, where rx_burst_rss runs and
 * RXCSUM.PCSD is set: only MRQC and the key change. A new key goes in
 * with hashing off, so that no packet is hashed with half of it.
 */
int
e1000e_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	struct e1000e_adapter *ad = dev->data->dev_private;

	ad->rss_hf = rss_conf->rss_hf;
	if (rss_conf->rss_key != NULL) {
		memcpy(ad->rss_key, rss_conf->rss_key, E1000E_RSS_KEY_LEN);
		e1000e_write(ad, E1000E_MRQC, 0);
		key_write(ad);
	}
	e1000e_write(ad, E1000E_MRQC, mrqc_bits(ad->rss_hf));
	return 0;
}

int
e1000e_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	const struct e1000e_adapter *ad = dev->data->dev_private;

	rss_conf->rss_hf = ad->rss_hf;
	if (rss_conf->rss_key != NULL)
		memcpy(rss_conf->rss_key, ad->rss_key, E1000E_RSS_KEY_LEN);
	return 0;
}

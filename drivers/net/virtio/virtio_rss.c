/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net receive-side scaling and hash reporting (virtio 1.2):
 * with VIRTIO_NET_F_RSS the device hashes each packet with a Toeplitz key,
 * indexes an indirection table with the hash's low bits and queues the
 * packet on the rx queue the entry names (VIRTIO_NET_CTRL_MQ_RSS_CONFIG);
 * with VIRTIO_NET_F_HASH_REPORT it also writes the hash into the packet's
 * header, and VIRTIO_NET_CTRL_MQ_HASH_CONFIG asks for hashes without
 * steering. The driver keeps key, types and table in the port and sends
 * them at start, and at once when an op changes them on a started port,
 * so that what the ops report is what the device uses.
 */
#include <errno.h>
#include <string.h>

#include "fpk_thash.h"

#include "virtio_ethdev.h"

_Static_assert(VIRTIO_RSS_KEY_LEN == FPK_THASH_KEY_LEN, "the default key is one RSS key");

/* FPK_ETH_RSS_* field and the virtio hash type computing the same hash. */
static const struct {
	uint64_t hf;
	uint32_t type;
} hash_map[] = {
	{ FPK_ETH_RSS_IPV4, VIRTIO_NET_RSS_HASH_TYPE_IPv4 },
	{ FPK_ETH_RSS_NONFRAG_IPV4_TCP, VIRTIO_NET_RSS_HASH_TYPE_TCPv4 },
	{ FPK_ETH_RSS_NONFRAG_IPV4_UDP, VIRTIO_NET_RSS_HASH_TYPE_UDPv4 },
	{ FPK_ETH_RSS_IPV6, VIRTIO_NET_RSS_HASH_TYPE_IPv6 },
	{ FPK_ETH_RSS_NONFRAG_IPV6_TCP, VIRTIO_NET_RSS_HASH_TYPE_TCPv6 },
	{ FPK_ETH_RSS_NONFRAG_IPV6_UDP, VIRTIO_NET_RSS_HASH_TYPE_UDPv6 },
	/* The _EX types (IPv6 extension-header addresses) have no FPK field:
	 * never asked for, so IPv6 packets hash on their header's addresses. */
};

uint64_t
virtio_rss_hf(uint32_t types)
{
	uint64_t hf = 0;

	for (size_t i = 0; i < FPK_DIM(hash_map); i++)
		if (types & hash_map[i].type)
			hf |= hash_map[i].hf;
	return hf;
}

static uint32_t
hash_types(uint64_t hf)
{
	uint32_t t = 0;

	for (size_t i = 0; i < FPK_DIM(hash_map); i++)
		if (hf & hash_map[i].hf)
			t |= hash_map[i].type;
	return t;
}

void
virtio_rss_probe(struct virtio_port *vp, const char *name)
{
	const uint64_t both = VIRTIO_BIT(VIRTIO_NET_F_RSS) | VIRTIO_BIT(VIRTIO_NET_F_HASH_REPORT);
	uint16_t reta_max = 0;
	uint8_t key_max = 0;
	uint32_t types = 0;
	const char *why = NULL;

	vp->hash_types = 0;
	vp->reta_size = 0;
	if (!(vp->features & both))
		return;
	if (vp->hw.device.len < VIRTIO_NET_CFG_RSS_END) {
		why = "its device configuration is too short for the RSS fields";
	} else {
		virtio_pci_read_dev_config(&vp->hw, VIRTIO_NET_CFG_RSS_MAX_KEY, &key_max, 1);
		virtio_pci_read_dev_config(&vp->hw, VIRTIO_NET_CFG_RSS_MAX_RETA, &reta_max, 2);
		virtio_pci_read_dev_config(&vp->hw, VIRTIO_NET_CFG_HASH_TYPES, &types, 4);
		/* Only the types an FPK field names can be asked for. */
		types &= hash_types(UINT64_MAX);
		if (key_max < VIRTIO_RSS_KEY_LEN)
			why = "it takes keys shorter than 40 bytes";
		else if (types == 0)
			why = "it hashes no IPv4/IPv6/TCP/UDP type";
	}
	if (why != NULL) {
		VIRTIO_LOG(WARNING, "%s: the device offers RSS or hash reporting, but %s: "
			   "neither is used (fix the device's configuration)\n", name, why);
		vp->features &= ~both;
		return;
	}
	vp->hash_types = types;
	if (!(vp->features & VIRTIO_BIT(VIRTIO_NET_F_RSS)))
		return;
	/* The table is indexed with the hash's low bits: a power of two. */
	vp->reta_size = FPK_MIN(reta_max, (uint16_t)VIRTIO_RETA_MAX);
	while (vp->reta_size & (vp->reta_size - 1))
		vp->reta_size &= (uint16_t)(vp->reta_size - 1);
	if (vp->reta_size == 0) {
		VIRTIO_LOG(WARNING, "%s: the device offers RSS with no indirection table: RSS is "
			   "not used (fix the device's configuration)\n", name);
		vp->features &= ~VIRTIO_BIT(VIRTIO_NET_F_RSS);
	}
}

int
virtio_rss_configure(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	const struct fpk_eth_conf *conf = &dev->data->dev_conf;
	const struct fpk_eth_rss_conf *rc = &conf->rx_adv_conf.rss_conf;
	bool rss = conf->rxmode.mq_mode == FPK_ETH_MQ_RX_RSS;
	uint16_t nb = dev->data->nb_rx_queues ? dev->data->nb_rx_queues : 1;

	if (rss && !virtio_has_feature(vp, VIRTIO_NET_F_RSS)) {
		VIRTIO_LOG(ERR, "%s: RSS mode asked for, but the device does not offer "
			   "VIRTIO_NET_F_RSS: use mq_mode NONE, or give QEMU's virtio-net-pci "
			   "rss=on (with mq=on and a multiqueue backend)\n", dev->data->name);
		return -ENOTSUP;
	}
	/*
	 * The hash alone (FPK_ETH_RX_OFFLOAD_RSS_HASH without RSS mode) hashes
	 * every type the device can and leaves steering alone. ethdev checked
	 * the offload against rx_offload_capa (HASH_REPORT) and a given key's
	 * length.
	 */
	vp->rss = rss;
	vp->rss_hash = virtio_has_feature(vp, VIRTIO_NET_F_HASH_REPORT) &&
		       (rss || (conf->rxmode.offloads & FPK_ETH_RX_OFFLOAD_RSS_HASH));
	vp->rss_hf = rss ? rc->rss_hf : vp->rss_hash ? virtio_rss_hf(vp->hash_types) : 0;
	memcpy(vp->rss_key, rss && rc->rss_key != NULL ? rc->rss_key : fpk_thash_default_key,
	       VIRTIO_RSS_KEY_LEN);
	/* Queues in turn, as DPDK's drivers lay the table out by default. */
	for (unsigned int i = 0; i < VIRTIO_RETA_MAX; i++)
		vp->reta[i] = rss ? (uint16_t)(i % nb) : 0;
	return 0;
}

/* Append @len bytes of @src at *@p. */
static void
put(uint8_t **p, const void *src, size_t len)
{
	memcpy(*p, src, len);
	*p += len;
}

/*
 * struct virtio_net_rss_config (RSS mode) or struct virtio_net_hash_config
 * (hashes only, whose reserved words sit where the former has the table
 * mask, unclassified queue, a one-entry table and max_tx_vq) into @buf.
 * @return its length.
 */
static size_t
rss_cmd_build(struct fpk_eth_dev *dev, uint8_t *buf, bool steer)
{
	const struct virtio_port *vp = dev->data->dev_private;
	const struct fpk_eth_dev_data *d = dev->data;
	uint32_t types = hash_types(vp->rss_hf) & vp->hash_types;
	uint16_t zero = 0, mask = (uint16_t)(vp->reta_size - 1);
	uint16_t pairs = FPK_MAX(d->nb_rx_queues, d->nb_tx_queues);
	uint8_t key_len = VIRTIO_RSS_KEY_LEN;
	uint8_t *p = buf;

	put(&p, &types, sizeof(types));
	if (steer) {
		put(&p, &mask, sizeof(mask));
		/* Packets of no type hashed: rx queue 0, as NICs do. */
		put(&p, &zero, sizeof(zero));
		put(&p, vp->reta, (size_t)vp->reta_size * sizeof(vp->reta[0]));
		/* Transmit queues in use: the device enables that many pairs. */
		put(&p, &pairs, sizeof(pairs));
	} else {
		for (int i = 0; i < 4; i++)
			put(&p, &zero, sizeof(zero));
	}
	put(&p, &key_len, sizeof(key_len));
	put(&p, vp->rss_key, VIRTIO_RSS_KEY_LEN);
	return (size_t)(p - buf);
}

int
virtio_rss_program(struct fpk_eth_dev *dev)
{
	struct virtio_port *vp = dev->data->dev_private;
	const struct fpk_eth_dev_data *d = dev->data;
	uint8_t buf[8 + 2 * VIRTIO_RETA_MAX + 3 + VIRTIO_RSS_KEY_LEN];
	int ret = 0;

	/* RSS_CONFIG also sets the number of queue pairs (max_tx_vq). */
	if (vp->rss)
		return virtio_ctrl(dev, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG, buf,
				   rss_cmd_build(dev, buf, true), "MQ_RSS_CONFIG");
	/* VQ_PAIRS_SET first: a device takes it as "automatic steering", which
	 * drops a hash configuration sent before it. */
	if (virtio_has_feature(vp, VIRTIO_NET_F_MQ)) {
		uint16_t pairs = FPK_MAX(d->nb_rx_queues, d->nb_tx_queues);

		ret = virtio_ctrl(dev, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &pairs,
				  sizeof(pairs), "MQ_VQ_PAIRS_SET");
	}
	if (ret == 0 && vp->rss_hash)
		ret = virtio_ctrl(dev, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_HASH_CONFIG, buf,
				  rss_cmd_build(dev, buf, false), "MQ_HASH_CONFIG");
	return ret;
}

/*
 * ethdev allows it in RSS mode only, where the table is the device's:
 * the whole table goes out again (RSS_CONFIG has no partial form). If
 * the device refuses it the old table stays, in the device and here.
 */
int
virtio_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		   uint16_t reta_size)
{
	struct virtio_port *vp = dev->data->dev_private;
	uint16_t old[VIRTIO_RETA_MAX];
	int ret;

	memcpy(old, vp->reta, sizeof(old));
	/* ethdev checked that each entry names a configured rx queue. */
	fpk_eth_reta_table_update(vp->reta, reta_conf, reta_size);
	ret = virtio_rss_program(dev);
	if (ret)
		memcpy(vp->reta, old, sizeof(old));
	return ret;
}

int
virtio_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		  uint16_t reta_size)
{
	const struct virtio_port *vp = dev->data->dev_private;

	fpk_eth_reta_table_query(vp->reta, reta_conf, reta_size);
	return 0;
}

/* As reta_update: in RSS mode, all sent again, the old state kept on failure. */
int
virtio_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	struct virtio_port *vp = dev->data->dev_private;
	uint8_t old_key[VIRTIO_RSS_KEY_LEN];
	uint64_t old_hf = vp->rss_hf;
	int ret;

	memcpy(old_key, vp->rss_key, sizeof(old_key));
	vp->rss_hf = rss_conf->rss_hf;
	if (rss_conf->rss_key != NULL)
		memcpy(vp->rss_key, rss_conf->rss_key, VIRTIO_RSS_KEY_LEN);
	ret = virtio_rss_program(dev);
	if (ret) {
		vp->rss_hf = old_hf;
		memcpy(vp->rss_key, old_key, sizeof(old_key));
	}
	return ret;
}

int
virtio_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	const struct virtio_port *vp = dev->data->dev_private;

	rss_conf->rss_hf = vp->rss_hf;
	if (rss_conf->rss_key != NULL)
		memcpy(rss_conf->rss_key, vp->rss_key, VIRTIO_RSS_KEY_LEN);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-testpmd's RSS commands, in DPDK 22.11 testpmd's syntax and with its
 * output lines, so that scripts written against dpdk-testpmd read ours:
 *   show port P rss-hash [key]
 *   show port P rss reta SIZE (MASK[,MASK...])
 *   port config P rss reta (INDEX,QUEUE)[,(INDEX,QUEUE)...]
 *   port config all rss TYPE
 * The hash types are DPDK's names for the FPK_ETH_RSS_* fields FPK has.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_ethdev.h>

#include "testpmd_app.h"

/* DPDK testpmd wraps the list of hash types at this width. */
#define RSS_TYPES_PER_LINE 64

static const struct {
	const char *name;
	uint64_t hf;
} rss_types[] = {
	{ "ipv4", FPK_ETH_RSS_IPV4 },
	{ "ipv4-tcp", FPK_ETH_RSS_NONFRAG_IPV4_TCP },
	{ "ipv4-udp", FPK_ETH_RSS_NONFRAG_IPV4_UDP },
	{ "ipv6", FPK_ETH_RSS_IPV6 },
	{ "ipv6-tcp", FPK_ETH_RSS_NONFRAG_IPV6_TCP },
	{ "ipv6-udp", FPK_ETH_RSS_NONFRAG_IPV6_UDP },
};

/* Groups a command may name; "all" is every field FPK has. */
static const struct {
	const char *name;
	uint64_t hf;
} rss_groups[] = {
	{ "all", FPK_ETH_RSS_IP | FPK_ETH_RSS_TCP | FPK_ETH_RSS_UDP },
	{ "ip", FPK_ETH_RSS_IP },
	{ "tcp", FPK_ETH_RSS_TCP },
	{ "udp", FPK_ETH_RSS_UDP },
};

/* DPDK's hash type names that name nothing FPK hashes on. */
static const char *const rss_foreign[] = {
	"sctp", "tunnel", "vlan", "ipv4-frag", "ipv4-sctp", "ipv4-other", "ipv6-frag",
	"ipv6-sctp", "ipv6-other", "l2-payload", "ipv6-ex", "ipv6-tcp-ex", "ipv6-udp-ex",
	"port", "vxlan", "geneve", "nvgre", "gtpu", "eth", "s-vlan", "c-vlan", "esp", "ah",
	"l2tpv3", "pfcp", "pppoe", "ecpri", "mpls", "ipv4-chksum", "l4-chksum", "l2tpv2",
	"level-default", "level-outer", "level-inner",
};

void
rss_types_print(uint64_t hf)
{
	unsigned int width = 0;

	for (size_t i = 0; i < FPK_DIM(rss_types); i++) {
		unsigned int len = (unsigned int)strlen(rss_types[i].name) + 2;

		if (!(hf & rss_types[i].hf))
			continue;
		if (width + len > RSS_TYPES_PER_LINE) {
			printf("\n");
			width = 0;
		}
		printf("  %s", rss_types[i].name);
		width += len;
	}
	printf("\n");
}

static int
rss_types_parse(const char *name, uint64_t *hf)
{
	for (size_t i = 0; i < FPK_DIM(rss_groups); i++)
		if (strcmp(name, rss_groups[i].name) == 0) {
			*hf = rss_groups[i].hf;
			return 0;
		}
	for (size_t i = 0; i < FPK_DIM(rss_types); i++)
		if (strcmp(name, rss_types[i].name) == 0) {
			*hf = rss_types[i].hf;
			return 0;
		}
	if (strcmp(name, "none") == 0) {
		*hf = 0;
		return 0;
	}
	return -1;
}

/* Why @name is refused as a hash type: it is DPDK's but FPK has no such field, or no name. */
static void
rss_type_unknown(const char *name)
{
	bool dpdk = name[0] >= '0' && name[0] <= '9';

	for (size_t i = 0; i < FPK_DIM(rss_foreign) && !dpdk; i++)
		dpdk = strcmp(name, rss_foreign[i]) == 0;
	if (dpdk)
		printf("RSS type '%s' is DPDK's, but FPK hashes on IPv4/IPv6 addresses and TCP/UDP "
		       "ports only: use ", name);
	else
		printf("Unknown parameter '%s': use ", name);
	printf("all, default, none, ip, tcp, udp");
	for (size_t i = 0; i < FPK_DIM(rss_types); i++)
		printf(", %s", rss_types[i].name);
	printf("\n");
}

void
rss_hash_show(uint16_t port, bool show_key)
{
	struct fpk_eth_rss_conf conf = { 0 };
	struct fpk_eth_dev_info info;
	uint8_t key[UINT8_MAX];
	int ret;

	if (fpk_eth_dev_info_get(port, &info) != 0) {
		printf("Invalid port %u\n", port);
		return;
	}
	if (info.hash_key_size == 0) {
		printf("dev_info did not provide a valid hash key size: port %u (%s) has no RSS "
		       "hash\n", port, info.driver_name);
		return;
	}
	conf.rss_key = show_key ? key : NULL;
	conf.rss_key_len = sizeof(key);
	ret = fpk_eth_dev_rss_hash_conf_get(port, &conf);
	if (ret != 0) {
		printf("operation failed - diag=%d (%s)\n", ret, strerror(-ret));
		return;
	}
	if (conf.rss_hf == 0) {
		printf("RSS disabled\n");
		return;
	}
	printf("RSS functions:\n");
	rss_types_print(conf.rss_hf);
	if (!show_key)
		return;
	printf("RSS key:\n");
	/* ethdev has no copy of a key the driver chose and does not report. */
	if (conf.rss_key_len == 0)
		printf("(the driver does not report its default key)");
	for (unsigned int i = 0; i < conf.rss_key_len; i++)
		printf("%02X", key[i]);
	printf("\n");
}

/* The port's table size after printing it, as DPDK does; 0 after saying why it has none. */
static uint16_t
reta_size_get(uint16_t port, bool announce)
{
	struct fpk_eth_dev_info info;

	if (fpk_eth_dev_info_get(port, &info) != 0) {
		printf("Invalid port %u\n", port);
		return 0;
	}
	if (info.reta_size == 0) {
		printf("Redirection table size is 0 which is invalid for RSS: port %u (%s) has no "
		       "redirection table\n", port, info.driver_name);
		return 0;
	}
	if (announce)
		printf("The reta size of port %u is %u\n", port, info.reta_size);
	return info.reta_size;
}

static struct fpk_eth_rss_reta_entry64 *
reta_groups_alloc(uint16_t size)
{
	struct fpk_eth_rss_reta_entry64 *g =
		calloc((size + FPK_ETH_RETA_GROUP_SIZE - 1u) / FPK_ETH_RETA_GROUP_SIZE, sizeof(*g));

	if (g == NULL)
		printf("Out of memory for a %u-entry redirection table\n", size);
	return g;
}

/*
 * "(0xffff,0x3)": one mask per group of 64 entries, as many as @size
 * needs. @return 0, or -1 after saying why.
 */
static int
reta_masks_parse(const char *arg, uint16_t size, struct fpk_eth_rss_reta_entry64 *g)
{
	unsigned int want = (size + FPK_ETH_RETA_GROUP_SIZE - 1u) / FPK_ETH_RETA_GROUP_SIZE, n = 0;
	size_t len = strlen(arg);
	const char *p;

	if (len < 2 || arg[0] != '(' || arg[len - 1] != ')')
		goto bad;
	p = arg + 1;
	for (;;) {
		char *end;

		errno = 0;
		if (n == want || *p == '-')
			goto count;
		g[n].mask = strtoull(p, &end, 16);
		if (errno || end == p)
			goto bad;
		n++;
		if (*end == ')')
			break;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
	if (n != want)
		goto count;
	/* Bits past the table's last entry name nothing. */
	if (size % FPK_ETH_RETA_GROUP_SIZE)
		g[n - 1].mask &= (UINT64_C(1) << (size % FPK_ETH_RETA_GROUP_SIZE)) - 1;
	return 0;
count:
	printf("The bits of masks do not match the number of reta entries: %u\n", want);
bad:
	printf("Invalid string: %s for reta masks: give (MASK[,MASK...]), one hexadecimal mask "
	       "per 64 entries\n", arg);
	return -1;
}

void
rss_reta_show(uint16_t port, const char *size_arg, const char *masks)
{
	uint16_t max = reta_size_get(port, false);
	struct fpk_eth_rss_reta_entry64 *g;
	unsigned long size;
	int ret;

	if (max == 0)
		return;
	if (parse_uint(size_arg, 1, max, &size) < 0) {
		printf("Invalid redirection table size: %s (1-%u)\n", size_arg, max);
		return;
	}
	g = reta_groups_alloc((uint16_t)size);
	if (g == NULL)
		return;
	if (reta_masks_parse(masks, (uint16_t)size, g) == 0) {
		ret = fpk_eth_dev_rss_reta_query(port, g, (uint16_t)size);
		if (ret != 0)
			printf("Failed to get RSS RETA info, return code = %d (%s%s)\n", ret,
			       strerror(-ret), size != max ? ": give the port's whole table size" : "");
		for (uint16_t i = 0; ret == 0 && i < size; i++) {
			const struct fpk_eth_rss_reta_entry64 *e = &g[i / FPK_ETH_RETA_GROUP_SIZE];
			unsigned int bit = i % FPK_ETH_RETA_GROUP_SIZE;

			if ((e->mask >> bit) & 1)
				printf("RSS RETA configuration: hash index=%u, queue=%u\n", i,
				       e->reta[bit]);
		}
	}
	free(g);
}

/*
 * "(0,1),(1,0)": table entry, queue. @return 0, or -1 after saying why.
 * Queues are checked by ethdev (configured rx queues).
 */
static int
reta_entries_parse(const char *arg, uint16_t size, struct fpk_eth_rss_reta_entry64 *g)
{
	const char *p = arg;

	for (;;) {
		unsigned long idx, queue;
		char *end;

		if (*p != '(' || p[1] < '0' || p[1] > '9')
			goto bad;
		errno = 0;
		idx = strtoul(p + 1, &end, 0);
		if (errno || *end != ',' || end[1] < '0' || end[1] > '9')
			goto bad;
		queue = strtoul(end + 1, &end, 0);
		if (errno || *end != ')' || queue > UINT16_MAX)
			goto bad;
		if (idx >= size) {
			printf("Invalid RETA hash index=%lu: the table has %u entries\n", idx, size);
			return -1;
		}
		g[idx / FPK_ETH_RETA_GROUP_SIZE].mask |= UINT64_C(1) << (idx % FPK_ETH_RETA_GROUP_SIZE);
		g[idx / FPK_ETH_RETA_GROUP_SIZE].reta[idx % FPK_ETH_RETA_GROUP_SIZE] = (uint16_t)queue;
		p = end + 1;
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	printf("Invalid RSS Redirection Table config entered: '%s': give "
	       "(INDEX,QUEUE)[,(INDEX,QUEUE)...] without spaces\n", arg);
	return -1;
}

void
rss_reta_config(uint16_t port, const char *entries)
{
	uint16_t size = reta_size_get(port, true);
	struct fpk_eth_rss_reta_entry64 *g;
	int ret;

	if (size == 0)
		return;
	g = reta_groups_alloc(size);
	if (g == NULL)
		return;
	if (reta_entries_parse(entries, size, g) == 0) {
		ret = fpk_eth_dev_rss_reta_update(port, g, size);
		if (ret != 0)
			printf("Bad redirection table parameter, return code = %d (%s)\n", ret,
			       strerror(-ret));
	}
	free(g);
}

void
rss_config_all(const char *value)
{
	bool use_default = strcmp(value, "default") == 0, all_updated = true;
	uint64_t hf = 0;
	uint16_t p;

	if (!use_default && rss_types_parse(value, &hf) < 0) {
		rss_type_unknown(value);
		return;
	}
	FPK_ETH_FOREACH_DEV(p) {
		struct fpk_eth_rss_conf conf = { 0 };
		struct fpk_eth_dev_info info;
		int ret = fpk_eth_dev_info_get(p, &info);

		if (ret != 0) {
			printf("Cannot read the device information of port %u: %s\n", p,
			       strerror(-ret));
			return;
		}
		conf.rss_hf = use_default ? info.flow_type_rss_offloads :
			      hf & info.flow_type_rss_offloads;
		if (!use_default && conf.rss_hf != hf)
			printf("Port %u modified RSS hash function based on hardware support,"
			       "requested:%#" PRIx64 " configured:%#" PRIx64 "\n", p, hf, conf.rss_hf);
		ret = fpk_eth_dev_rss_hash_update(p, &conf);
		if (ret < 0) {
			all_updated = false;
			printf("Configuration of RSS hash at ethernet port %u failed with error "
			       "(%d): %s.\n", p, -ret, strerror(-ret));
		}
	}
	/* Ports configured from now on take it too, as in DPDK. */
	if (all_updated && !use_default) {
		app.rss_hf = hf;
		printf("rss_hf %#" PRIx64 "\n", hf);
	}
}

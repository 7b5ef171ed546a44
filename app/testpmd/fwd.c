/* SPDX-License-Identifier: BSD-3-Clause */
/* The engine table and the packet-length settings the engines share. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testpmd.h"

struct fwd_config fwd_cfg = {
	.burst = DEF_PKT_BURST,
	.nb_txpkts = 1,
	.txpkts = { DEF_TXPKT_LEN },
	.tx_pkt_len = DEF_TXPKT_LEN,
	.flowgen_flows = DEF_FLOWGEN_FLOWS,
	/* testpmd's defaults: RFC 2544 benchmarking addresses, discard port. */
	.tx_ip_src = FPK_IPV4(198, 18, 0, 1),
	.tx_ip_dst = FPK_IPV4(198, 18, 0, 2),
	.tx_udp_src = 9,
	.tx_udp_dst = 9,
};

const struct fwd_engine *const fwd_engines[] = {
	&io_engine, &mac_engine, &macswap_engine, &fivetswap_engine, &rxonly_engine,
	&txonly_engine, &flowgen_engine, &csum_engine, &icmpecho_engine, &rxcheck_engine,
	NULL,
};

const struct fwd_engine *
fwd_engine_find(const char *name)
{
	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		if (strcmp(fwd_engines[i]->name, name) == 0)
			return fwd_engines[i];
	return NULL;
}

/*
 * What txonly and flowgen need of a --txpkts shape: headers in the first
 * segment, room for the --tx-seq payload, each segment within @data_room.
 * @return 0, or -1 after printing why.
 */
static int
txpkts_check(const uint16_t *segs, unsigned int nb, uint32_t total, uint16_t data_room)
{
	uint32_t min_len = TXGEN_HDR_LEN + (fwd_cfg.tx_seq ? TXSEQ_HDR_LEN : 0);

	if (segs[0] < TXGEN_HDR_LEN) {
		fprintf(stderr, "txpkts: the first segment (%u bytes) must hold the %d bytes of "
			"Ethernet, IPv4 and UDP headers\n", segs[0], TXGEN_HDR_LEN);
		return -1;
	}
	if (total < min_len) {
		fprintf(stderr, "txpkts: packets of %u bytes are too short for the --tx-seq "
			"payload: make them at least %u bytes\n", total, min_len);
		return -1;
	}
	for (unsigned int i = 0; i < nb; i++) {
		if (segs[i] > data_room) {
			fprintf(stderr, "txpkts: segment %u is %u bytes but an mbuf holds at most "
				"%u: use more, shorter segments\n", i, segs[i], data_room);
			return -1;
		}
	}
	return 0;
}

int
fwd_set_txpkts(const char *list)
{
	uint16_t segs[TXPKTS_MAX_SEGS];
	uint32_t total = 0;
	unsigned int nb = 0;
	const char *p = list;

	for (;;) {
		char *end;
		unsigned long v;

		if (nb == TXPKTS_MAX_SEGS) {
			fprintf(stderr, "txpkts '%s': at most %d segments\n", list, TXPKTS_MAX_SEGS);
			return -1;
		}
		errno = 0;
		v = strtoul(p, &end, 10);
		if (end == p || errno || v == 0 || v > UINT16_MAX || (*end != ',' && *end)) {
			fprintf(stderr, "txpkts '%s': expected segment lengths in bytes, "
				"comma-separated (e.g. 64 or 64,64)\n", list);
			return -1;
		}
		segs[nb++] = (uint16_t)v;
		total += (uint32_t)v;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	if (total > UINT16_MAX) {
		fprintf(stderr, "txpkts '%s': a packet is at most %u bytes\n", list, UINT16_MAX);
		return -1;
	}
	/*
	 * The options are read before the pools exist (and --tx-seq may come
	 * later): start checks those; the prompt's "set txpkts" is checked now.
	 */
	if (fwd_cfg.txpkts_room && txpkts_check(segs, nb, total, fwd_cfg.txpkts_room) < 0)
		return -1;
	memcpy(fwd_cfg.txpkts, segs, nb * sizeof(segs[0]));
	fwd_cfg.nb_txpkts = (uint16_t)nb;
	fwd_cfg.tx_pkt_len = total;
	return 0;
}

int
fwd_check_txpkts(uint16_t data_room)
{
	return txpkts_check(fwd_cfg.txpkts, fwd_cfg.nb_txpkts, fwd_cfg.tx_pkt_len, data_room);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tests of fpk-testpmd's forwarding modes, on the engine files the app runs
 * (app/testpmd/fwd*.c) and without its command line. Each mode polls a
 * stream on port A of a net_ring pair (A, B) looped to itself: packets sent
 * on B arrive at A, the mode handles them, and what A sends comes out at B,
 * where the test checks what the mode had to do. Every test runs through
 * test_eth_run(), which checks that the mbuf pool is full afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include <fpk_arp.h>
#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_icmp.h>
#include <fpk_ip.h>
#include <fpk_tcp.h>
#include <fpk_udp.h>

#include "test_ethdev.h"
#include "testpmd.h"

#define PAIR_A "net_ring_tpmd0"
#define PAIR_B "net_ring_tpmd1"

static const struct fpk_ether_addr mac_x = { { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };
static const struct fpk_ether_addr mac_y = { { 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa } };
static const struct fpk_ether_addr mac_peer = { { 0x02, 0x00, 0x00, 0x00, 0x00, 0x07 } };
static const uint8_t ip6_x[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t ip6_y[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
#define IP_X FPK_IPV4(10, 0, 0, 1)
#define IP_Y FPK_IPV4(10, 0, 0, 2)
#define PORT_X 1111
#define PORT_Y 2222

static struct fwd_stream stream;
static uint16_t port_a, port_b;

/* ---- harness ---------------------------------------------------------- */

static test_eth_body_t current_body;

/* Every test may change fwd_cfg: give the next one the defaults back. */
static int
cfg_guard(struct fpk_mempool *mp)
{
	struct fwd_config keep = fwd_cfg;
	int ret = current_body(mp);

	fwd_cfg = keep;
	return ret;
}

#define TPMD_TEST(nm, body)                                                          \
	static int nm ## _run(void) { current_body = body; return test_eth_run(cfg_guard); } \
	FPK_TEST_REGISTER(nm, nm ## _run)

/* The ring pair, started, and a stream on A looped to A that allocates from @mp. */
static int
setup(struct fpk_mempool *mp, const char *extra_args)
{
	char args[96];

	snprintf(args, sizeof(args), "pair=%s%s", PAIR_B, extra_args ? extra_args : "");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port(PAIR_A, args, &port_a), "create ring pair");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_get_port_by_name(PAIR_B, &port_b), "second port");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port_a, 1, 1, NULL, mp), "start A");
	TEST_ASSERT_SUCCESS(test_eth_port_start(port_b, 1, 1, NULL, mp), "start B");
	memset(&stream, 0, sizeof(stream));
	stream.rx_port = stream.tx_port = port_a;
	stream.pool = mp;
	fpk_eth_macaddr_get(port_a, &stream.rx_mac);
	stream.tx_mac = stream.rx_mac;
	stream.peer_mac = mac_peer;
	return TEST_SUCCESS;
}

static int
teardown(const struct fwd_engine *e)
{
	if (e != NULL && e->stream_fini != NULL)
		e->stream_fini(&stream);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove(PAIR_A), "remove ring pair");
	return TEST_SUCCESS;
}

/*
 * Send @n packets into A, poll @e once on A's stream, and collect what A
 * sent into @out (*@nout of them).
 */
static int
run_mode(const struct fwd_engine *e, struct fpk_mbuf **in, uint16_t n, struct fpk_mbuf **out,
	 uint16_t *nout)
{
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(port_b, 0, in, n), n, "inject %u packets", n);
	e->packet_fwd(&stream);
	*nout = fpk_eth_rx_burst(port_b, 0, out, MAX_PKT_BURST);
	return TEST_SUCCESS;
}

/* ---- packets ---------------------------------------------------------- */

struct pkt_spec {
	int ipv;          /* 4 or 6 */
	uint8_t proto;    /* FPK_IPPROTO_UDP/TCP/ICMP */
	bool vlan;
	uint16_t plen;    /* L4 payload bytes */
};

static uint16_t
l2_len_of(const struct pkt_spec *s)
{
	return (uint16_t)(FPK_ETHER_HDR_LEN + (s->vlan ? 4 : 0));
}

static uint16_t
l4_hdr_len(uint8_t proto)
{
	return proto == FPK_IPPROTO_TCP ? 20 : 8;
}

/* X -> Y, with right checksums, payload bytes i * 3. */
static struct fpk_mbuf *
make_pkt(struct fpk_mempool *mp, const struct pkt_spec *s)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
	uint16_t l2 = l2_len_of(s), l3 = s->ipv == 4 ? 20 : 40, l4 = l4_hdr_len(s->proto);
	uint16_t len = (uint16_t)(l2 + l3 + l4 + s->plen);
	uint8_t *p, *l4p;
	struct fpk_ether_hdr *eth;

	if (m == NULL || (p = (uint8_t *)fpk_pktmbuf_append(m, len)) == NULL)
		return NULL;
	memset(p, 0, len);
	eth = (void *)p;
	eth->dst_addr = mac_y;
	eth->src_addr = mac_x;
	eth->ether_type = fpk_cpu_to_be_16(s->ipv == 4 ? FPK_ETHER_TYPE_IPV4 : FPK_ETHER_TYPE_IPV6);
	if (s->vlan) {
		struct fpk_vlan_hdr *vh = (struct fpk_vlan_hdr *)(eth + 1);

		vh->eth_proto = eth->ether_type;
		vh->vlan_tci = fpk_cpu_to_be_16(42);
		eth->ether_type = FPK_BE16(FPK_ETHER_TYPE_VLAN);
	}
	l4p = p + l2 + l3;
	for (uint16_t i = 0; i < s->plen; i++)
		l4p[l4 + i] = (uint8_t)(i * 3);
	if (s->proto == FPK_IPPROTO_ICMP) {
		struct fpk_icmp_hdr *icmp = (void *)l4p;

		icmp->icmp_type = FPK_IP_ICMP_ECHO_REQUEST;
		icmp->icmp_ident = fpk_cpu_to_be_16(0x77);
		icmp->icmp_seq_nb = fpk_cpu_to_be_16(3);
		icmp->icmp_cksum = (uint16_t)~fpk_raw_cksum(l4p, l4 + s->plen);
	} else {
		uint16_t sp = fpk_cpu_to_be_16(PORT_X), dp = fpk_cpu_to_be_16(PORT_Y);

		memcpy(l4p, &sp, 2);
		memcpy(l4p + 2, &dp, 2);
		if (s->proto == FPK_IPPROTO_UDP) {
			uint16_t ul = fpk_cpu_to_be_16((uint16_t)(l4 + s->plen));

			memcpy(l4p + 4, &ul, 2);
		} else {
			l4p[12] = 5 << 4;
		}
	}
	if (s->ipv == 4) {
		struct fpk_ipv4_hdr *ip = (void *)(p + l2);

		ip->version_ihl = FPK_IPV4_VHL_DEF;
		ip->total_length = fpk_cpu_to_be_16((uint16_t)(l3 + l4 + s->plen));
		ip->time_to_live = 9;
		ip->next_proto_id = s->proto;
		ip->src_addr = fpk_cpu_to_be_32(IP_X);
		ip->dst_addr = fpk_cpu_to_be_32(IP_Y);
		ip->hdr_checksum = fpk_ipv4_cksum(ip);
		if (s->proto != FPK_IPPROTO_ICMP) {
			uint16_t ck = fpk_ipv4_udptcp_cksum(ip, l4p);

			memcpy(l4p + (s->proto == FPK_IPPROTO_UDP ? 6 : 16), &ck, 2);
		}
	} else {
		struct fpk_ipv6_hdr *ip6 = (void *)(p + l2);
		uint16_t ck;

		ip6->vtc_flow = FPK_IPV6_VTC_FLOW_DEF;
		ip6->payload_len = fpk_cpu_to_be_16((uint16_t)(l4 + s->plen));
		ip6->proto = s->proto;
		ip6->hop_limits = 9;
		memcpy(ip6->src_addr, ip6_x, 16);
		memcpy(ip6->dst_addr, ip6_y, 16);
		ck = fpk_ipv6_udptcp_cksum(ip6, l4p);
		memcpy(l4p + (s->proto == FPK_IPPROTO_UDP ? 6 : 16), &ck, 2);
	}
	return m;
}

/* @return true if the IPv4/IPv6 UDP/TCP packet @m has right checksums. */
static bool
cksums_ok(const struct fpk_mbuf *m, const struct pkt_spec *s)
{
	uint16_t l2 = l2_len_of(s);

	if (s->ipv == 4) {
		const struct fpk_ipv4_hdr *ip = fpk_pktmbuf_mtod_offset(m, const struct fpk_ipv4_hdr *,
									l2);
		const uint8_t *l4 = (const uint8_t *)ip + 20;
		uint16_t ck;

		memcpy(&ck, l4 + (s->proto == FPK_IPPROTO_UDP ? 6 : 16), 2);
		return fpk_ipv4_cksum_verify(ip) == 0 && ck != 0 &&
		       fpk_ipv4_udptcp_cksum_verify(ip, l4) == 0;
	}
	return fpk_ipv6_udptcp_cksum_verify(fpk_pktmbuf_mtod_offset(m, const struct fpk_ipv6_hdr *,
								    l2),
					    fpk_pktmbuf_mtod_offset(m, const uint8_t *, l2 + 40)) == 0;
}

static const struct pkt_spec mixed[] = {
	{ 4, FPK_IPPROTO_UDP, false, 18 },
	{ 4, FPK_IPPROTO_TCP, false, 101 },
	{ 6, FPK_IPPROTO_UDP, false, 33 },
	{ 6, FPK_IPPROTO_TCP, false, 0 },
	{ 4, FPK_IPPROTO_UDP, true, 7 },
};

static int
make_mixed(struct fpk_mempool *mp, struct fpk_mbuf **pkts)
{
	for (unsigned int i = 0; i < FPK_DIM(mixed); i++) {
		pkts[i] = make_pkt(mp, &mixed[i]);
		TEST_ASSERT_NOT_NULL(pkts[i], "make packet %u", i);
	}
	return TEST_SUCCESS;
}

/* ---- tests ------------------------------------------------------------ */

static int
test_engines(struct fpk_mempool *mp)
{
	static const char *const names[] = { "io", "mac", "macswap", "5tswap", "rxonly", "txonly",
					      "flowgen", "csum", "icmpecho", "rxcheck" };

	(void)mp;
	for (unsigned int i = 0; i < FPK_DIM(names); i++) {
		const struct fwd_engine *e = fwd_engine_find(names[i]);

		TEST_ASSERT(e != NULL && strcmp(e->name, names[i]) == 0 && e->packet_fwd != NULL,
			    "engine %s", names[i]);
	}
	TEST_ASSERT_NULL(fwd_engine_find("ioo"), "unknown mode");

	TEST_ASSERT_SUCCESS(fwd_set_txpkts("64,100,3"), "txpkts list");
	TEST_ASSERT(fwd_cfg.nb_txpkts == 3 && fwd_cfg.txpkts[1] == 100 && fwd_cfg.tx_pkt_len == 167,
		    "txpkts parsed");
	TEST_ASSERT_FAIL(fwd_set_txpkts("0"), "zero length");
	TEST_ASSERT_FAIL(fwd_set_txpkts("64,"), "trailing comma");
	TEST_ASSERT_FAIL(fwd_set_txpkts("abc"), "not a number");
	TEST_ASSERT_FAIL(fwd_set_txpkts("60000,60000"), "over 65535 bytes");
	TEST_ASSERT_FAIL(fwd_set_txpkts("1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"), "too many segments");
	TEST_ASSERT(fwd_cfg.nb_txpkts == 3, "a bad list changes nothing");
	TEST_ASSERT_SUCCESS(fwd_check_txpkts(2048), "64,100,3 fits");
	TEST_ASSERT_SUCCESS(fwd_set_txpkts("40,30"), "40,30");
	TEST_ASSERT_FAIL(fwd_check_txpkts(2048), "headers must fit the first segment");
	TEST_ASSERT_SUCCESS(fwd_set_txpkts("50"), "50");
	TEST_ASSERT_SUCCESS(fwd_check_txpkts(2048), "50 without --tx-seq");
	fwd_cfg.tx_seq = true;
	TEST_ASSERT_FAIL(fwd_check_txpkts(2048), "50 is too short for the sequence header");
	TEST_ASSERT_SUCCESS(fwd_set_txpkts("1500,3000"), "1500,3000");
	TEST_ASSERT_FAIL(fwd_check_txpkts(2048), "3000 is more than an mbuf");
	/* Once the pools exist ("set txpkts" at the prompt), refused when set. */
	fwd_cfg.txpkts_room = 2048;
	TEST_ASSERT_FAIL(fwd_set_txpkts("40,30"), "headers beyond the first segment, at set time");
	TEST_ASSERT_FAIL(fwd_set_txpkts("3000"), "3000 is more than an mbuf, at set time");
	TEST_ASSERT_FAIL(fwd_set_txpkts("50"), "too short for --tx-seq, at set time");
	TEST_ASSERT(fwd_cfg.nb_txpkts == 2 && fwd_cfg.txpkts[1] == 3000,
		    "a refused set changed the shape");
	TEST_ASSERT_SUCCESS(fwd_set_txpkts("1000,1000"), "1000,1000 at set time");
	fwd_cfg.txpkts_room = 0;
	fwd_cfg.tx_seq = false;
	return TEST_SUCCESS;
}
TPMD_TEST(testpmd_engines, test_engines)

static int
test_io(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[20], *out[MAX_PKT_BURST];
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	fwd_cfg.record_burst_stats = true;
	fwd_cfg.record_core_cycles = true;
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, in, 20, 100, 5), "make");
	TEST_RUN(run_mode(&io_engine, in, 20, out, &nout));
	TEST_ASSERT_EQUAL(nout, 20, "io forwards everything");
	for (unsigned int i = 0; i < nout; i++)
		TEST_ASSERT(test_eth_pkt_ok(out[i], i, 100, 5), "packet %u intact, in order", i);
	TEST_ASSERT(stream.rx_packets == 20 && stream.tx_packets == 20 && stream.fwd_dropped == 0,
		    "counters rx %lu tx %lu", (unsigned long)stream.rx_packets,
		    (unsigned long)stream.tx_packets);
	TEST_ASSERT(stream.rx_bursts.spread[20] == 1 && stream.tx_bursts.spread[20] == 1,
		    "burst sizes recorded");
	TEST_ASSERT(stream.core_cycles > 0, "cycles recorded");
	/* An empty poll counts a 0-packet burst and no cycles. */
	stream.core_cycles = 0;
	io_engine.packet_fwd(&stream);
	TEST_ASSERT(stream.rx_bursts.spread[0] == 1 && stream.core_cycles == 0, "empty poll");
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_io, test_io)

static int
test_rxonly(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[32], *out[MAX_PKT_BURST];
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, in, 32, 64, 1), "make");
	TEST_RUN(run_mode(&rxonly_engine, in, 32, out, &nout));
	TEST_ASSERT(nout == 0 && stream.rx_packets == 32 && stream.tx_packets == 0,
		    "rxonly receives and sends nothing");
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_rxonly, test_rxonly)

/* A full tx ring: what the port does not take is freed and counted as dropped. */
static int
test_tx_drop(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[16], *fill[16], *out[MAX_PKT_BURST];
	uint16_t nout, n = 0;

	TEST_RUN(setup(mp, ",ring_size=16"));
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, fill, 16, 64, 2), "make");
	/* Fill B's rx ring, which A's tx feeds, to the brim. */
	n = fpk_eth_tx_burst(port_a, 0, fill, 16);
	fpk_pktmbuf_free_bulk(&fill[n], 16u - n);
	TEST_ASSERT(n > 0, "fill");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, in, n, 64, 3), "make");
	TEST_RUN(run_mode(&io_engine, in, n, out, &nout));
	TEST_ASSERT(stream.rx_packets == n && stream.tx_packets == 0 && stream.fwd_dropped == n,
		    "rx %lu tx %lu dropped %lu", (unsigned long)stream.rx_packets,
		    (unsigned long)stream.tx_packets, (unsigned long)stream.fwd_dropped);
	TEST_ASSERT_EQUAL(nout, n, "only the filler came out");
	for (unsigned int i = 0; i < nout; i++)
		TEST_ASSERT(test_eth_pkt_ok(out[i], i, 64, 2), "filler %u", i);
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_tx_drop, test_tx_drop)

static int
test_mac_modes(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[FPK_DIM(mixed)], *out[MAX_PKT_BURST];
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	/* mac: our address as source, the peer's as destination. */
	TEST_RUN(make_mixed(mp, in));
	TEST_RUN(run_mode(&mac_engine, in, FPK_DIM(mixed), out, &nout));
	TEST_ASSERT_EQUAL(nout, FPK_DIM(mixed), "mac forwards all");
	for (unsigned int i = 0; i < nout; i++) {
		const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(out[i], struct fpk_ether_hdr *);

		TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_peer) &&
			    fpk_is_same_ether_addr(&eth->src_addr, &stream.tx_mac), "mac %u", i);
		TEST_ASSERT(cksums_ok(out[i], &mixed[i]), "mac leaves L3/L4 alone (%u)", i);
	}
	fpk_pktmbuf_free_bulk(out, nout);

	/* macswap: the two addresses trade places. */
	TEST_RUN(make_mixed(mp, in));
	TEST_RUN(run_mode(&macswap_engine, in, FPK_DIM(mixed), out, &nout));
	TEST_ASSERT_EQUAL(nout, FPK_DIM(mixed), "macswap forwards all");
	for (unsigned int i = 0; i < nout; i++) {
		const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(out[i], struct fpk_ether_hdr *);

		TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_x) &&
			    fpk_is_same_ether_addr(&eth->src_addr, &mac_y), "macswap %u", i);
		TEST_ASSERT(cksums_ok(out[i], &mixed[i]), "macswap leaves L3/L4 alone (%u)", i);
	}
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_mac_macswap, test_mac_modes)

static int
test_5tswap(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[FPK_DIM(mixed)], *out[MAX_PKT_BURST];
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	TEST_RUN(make_mixed(mp, in));
	TEST_RUN(run_mode(&fivetswap_engine, in, FPK_DIM(mixed), out, &nout));
	TEST_ASSERT_EQUAL(nout, FPK_DIM(mixed), "5tswap forwards all");
	for (unsigned int i = 0; i < nout; i++) {
		const struct pkt_spec *s = &mixed[i];
		const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(out[i], struct fpk_ether_hdr *);
		const uint8_t *l3 = fpk_pktmbuf_mtod_offset(out[i], const uint8_t *, l2_len_of(s));
		const uint8_t *l4 = l3 + (s->ipv == 4 ? 20 : 40);
		uint16_t sp, dp;

		TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_x) &&
			    fpk_is_same_ether_addr(&eth->src_addr, &mac_y), "MACs swapped (%u)", i);
		if (s->ipv == 4) {
			const struct fpk_ipv4_hdr *ip = (const void *)l3;

			TEST_ASSERT(ip->src_addr == fpk_cpu_to_be_32(IP_Y) &&
				    ip->dst_addr == fpk_cpu_to_be_32(IP_X), "IPv4 swapped (%u)", i);
		} else {
			const struct fpk_ipv6_hdr *ip6 = (const void *)l3;

			TEST_ASSERT(memcmp(ip6->src_addr, ip6_y, 16) == 0 &&
				    memcmp(ip6->dst_addr, ip6_x, 16) == 0, "IPv6 swapped (%u)", i);
		}
		memcpy(&sp, l4, 2);
		memcpy(&dp, l4 + 2, 2);
		TEST_ASSERT(sp == fpk_cpu_to_be_16(PORT_Y) && dp == fpk_cpu_to_be_16(PORT_X),
			    "ports swapped (%u)", i);
		/* Swapping keeps every checksum right. */
		TEST_ASSERT(cksums_ok(out[i], s), "checksums still right (%u)", i);
	}
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_5tswap, test_5tswap)

/*
 * Frames no header-reading engine may change beyond its own rules: a runt
 * (a first segment shorter than an Ethernet header) is sent on as it came,
 * bytes past its data untouched; an IPv4 header with IHL < 5 is no header,
 * so 5tswap swaps the Ethernet addresses only. (fuzz_fwd_engines found both.)
 */
static int
malformed_case(struct fpk_mempool *mp, uint16_t (*burst)(struct fwd_stream *,
	       struct fpk_mbuf **, uint16_t), const char *name)
{
	uint8_t want[64];
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
	uint8_t *d;

	TEST_ASSERT_NOT_NULL(m, "mbuf");
	d = fpk_pktmbuf_mtod(m, uint8_t *);
	memset(d, 0xab, 64);
	for (unsigned int i = 0; i < 10; i++)
		d[i] = (uint8_t)(i + 1);
	m->data_len = 10;
	m->pkt_len = 10;
	memcpy(want, d, sizeof(want));
	TEST_ASSERT_EQUAL(burst(&stream, &m, 1), 1, "%s: runt not sent on", name);
	TEST_ASSERT(memcmp(d, want, sizeof(want)) == 0, "%s: a 10-byte runt or the bytes past "
		    "it changed", name);
	fpk_pktmbuf_free(m);
	return TEST_SUCCESS;
}

static int
test_malformed(struct fpk_mempool *mp)
{
	struct fpk_mbuf *m;
	struct fpk_ether_hdr *eth;
	uint8_t *l3, want[40];

	memset(&stream, 0, sizeof(stream));
	stream.peer_mac = mac_peer;
	TEST_RUN(malformed_case(mp, csum_burst, "csum"));
	TEST_RUN(malformed_case(mp, fivetswap_burst, "5tswap"));

	m = fpk_pktmbuf_alloc(mp);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	eth = fpk_pktmbuf_mtod(m, struct fpk_ether_hdr *);
	eth->dst_addr = mac_x;
	eth->src_addr = mac_y;
	eth->ether_type = fpk_cpu_to_be_16(FPK_ETHER_TYPE_IPV4);
	l3 = (uint8_t *)(eth + 1);
	for (unsigned int i = 0; i < sizeof(want); i++)
		l3[i] = (uint8_t)(0x40 + i);
	l3[0] = 0x43; /* version 4, IHL 3: 12 bytes, shorter than any IPv4 header */
	l3[9] = FPK_IPPROTO_UDP;
	m->data_len = m->pkt_len = (uint16_t)(sizeof(*eth) + sizeof(want));
	memcpy(want, l3, sizeof(want));
	TEST_ASSERT_EQUAL(fivetswap_burst(&stream, &m, 1), 1, "5tswap: IHL 3 not sent on");
	TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_y) &&
		    fpk_is_same_ether_addr(&eth->src_addr, &mac_x), "5tswap: MACs not swapped");
	TEST_ASSERT(memcmp(l3, want, sizeof(want)) == 0, "5tswap changed an IPv4 header whose "
		    "IHL is 3");
	fpk_pktmbuf_free(m);
	return TEST_SUCCESS;
}
TPMD_TEST(testpmd_fwd_malformed, test_malformed)

static void
corrupt_l4_cksum(struct fpk_mbuf *m, const struct pkt_spec *s)
{
	uint8_t *l4 = fpk_pktmbuf_mtod_offset(m, uint8_t *, l2_len_of(s) + (s->ipv == 4 ? 20 : 40));

	l4[s->proto == FPK_IPPROTO_UDP ? 6 : 16] ^= 0x5a;
}

static int
test_csum(struct fpk_mempool *mp)
{
	struct fpk_mbuf *in[FPK_DIM(mixed) * 2], *out[MAX_PKT_BURST];
	const unsigned int nb = FPK_DIM(mixed);
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	/* Right checksums: none counted bad. */
	TEST_RUN(make_mixed(mp, in));
	TEST_RUN(run_mode(&csum_engine, in, (uint16_t)nb, out, &nout));
	TEST_ASSERT(nout == nb && stream.rx_bad_ip_csum == 0 && stream.rx_bad_l4_csum == 0,
		    "good packets: %u out, %lu bad ip, %lu bad l4", nout,
		    (unsigned long)stream.rx_bad_ip_csum, (unsigned long)stream.rx_bad_l4_csum);
	fpk_pktmbuf_free_bulk(out, nout);

	/*
	 * Second burst: every packet has a bad L4 checksum; the IPv4 ones also a
	 * bad header checksum; the other half of the burst has a zeroed one
	 * (UDP over IPv4: "none", not bad; TCP and IPv6: bad).
	 */
	TEST_RUN(make_mixed(mp, in));
	TEST_RUN(make_mixed(mp, in + nb));
	for (unsigned int i = 0; i < nb; i++) {
		corrupt_l4_cksum(in[i], &mixed[i]);
		if (mixed[i].ipv == 4)
			fpk_pktmbuf_mtod_offset(in[i], struct fpk_ipv4_hdr *,
						l2_len_of(&mixed[i]))->hdr_checksum ^= 0x0101;
	}
	for (unsigned int i = 0; i < nb; i++) {
		uint8_t *l4 = fpk_pktmbuf_mtod_offset(in[nb + i], uint8_t *,
						      l2_len_of(&mixed[i]) +
						      (mixed[i].ipv == 4 ? 20 : 40));

		memset(l4 + (mixed[i].proto == FPK_IPPROTO_UDP ? 6 : 16), 0, 2);
	}
	TEST_RUN(run_mode(&csum_engine, in, (uint16_t)(2 * nb), out, &nout));
	TEST_ASSERT_EQUAL(nout, 2 * nb, "csum forwards all");
	/* 3 IPv4 packets with bad headers; 5 bad L4 + (zeroed: 1 TCP/IPv4, 2 IPv6) 3. */
	TEST_ASSERT(stream.rx_bad_ip_csum == 3 && stream.rx_bad_l4_csum == 8,
		    "bad ip %lu (want 3), bad l4 %lu (want 8)",
		    (unsigned long)stream.rx_bad_ip_csum, (unsigned long)stream.rx_bad_l4_csum);
	for (unsigned int i = 0; i < nout; i++) {
		const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(out[i], struct fpk_ether_hdr *);

		TEST_ASSERT(cksums_ok(out[i], &mixed[i % nb]), "checksums rewritten right (%u)", i);
		TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_peer) &&
			    fpk_is_same_ether_addr(&eth->src_addr, &stream.tx_mac),
			    "sent on to the peer (%u)", i);
	}
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_csum, test_csum)

static struct fpk_mbuf *
make_arp(struct fpk_mempool *mp, const struct fpk_ether_addr *dst, uint16_t op)
{
	struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
	struct fpk_ether_hdr *eth;
	struct fpk_arp_hdr *arp;

	if (m == NULL || fpk_pktmbuf_append(m, 60) == NULL)
		return NULL;
	memset(fpk_pktmbuf_mtod(m, void *), 0, 60);
	eth = fpk_pktmbuf_mtod(m, struct fpk_ether_hdr *);
	eth->dst_addr = *dst;
	eth->src_addr = mac_x;
	eth->ether_type = FPK_BE16(FPK_ETHER_TYPE_ARP);
	arp = (struct fpk_arp_hdr *)(eth + 1);
	arp->arp_hardware = FPK_BE16(FPK_ARP_HRD_ETHER);
	arp->arp_protocol = FPK_BE16(FPK_ETHER_TYPE_IPV4);
	arp->arp_hlen = 6;
	arp->arp_plen = 4;
	arp->arp_opcode = fpk_cpu_to_be_16(op);
	arp->arp_data.arp_sha = mac_x;
	arp->arp_data.arp_sip = fpk_cpu_to_be_32(IP_X);
	arp->arp_data.arp_tip = fpk_cpu_to_be_32(IP_Y);
	return m;
}

static int
test_icmpecho(struct fpk_mempool *mp)
{
	static const struct fpk_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	const struct pkt_spec echo = { 4, FPK_IPPROTO_ICMP, false, 56 };
	const struct pkt_spec udp = { 4, FPK_IPPROTO_UDP, false, 10 };
	struct fpk_mbuf *in[6], *out[MAX_PKT_BURST];
	const struct fpk_ether_hdr *eth;
	const struct fpk_ipv4_hdr *ip;
	const struct fpk_icmp_hdr *icmp;
	const struct fpk_arp_hdr *arp;
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	/* 0: echo to us, 1: ARP broadcast, 2: echo to another MAC, 3: UDP to us,
	 * 4: ARP reply to us, 5: ARP request sent to another MAC. */
	in[0] = make_pkt(mp, &echo);
	in[1] = make_arp(mp, &bcast, FPK_ARP_OP_REQUEST);
	in[2] = make_pkt(mp, &echo);
	in[3] = make_pkt(mp, &udp);
	in[4] = make_arp(mp, &stream.rx_mac, FPK_ARP_OP_REPLY);
	in[5] = make_arp(mp, &mac_y, FPK_ARP_OP_REQUEST);
	for (unsigned int i = 0; i < 6; i++)
		TEST_ASSERT_NOT_NULL(in[i], "make %u", i);
	fpk_pktmbuf_mtod(in[0], struct fpk_ether_hdr *)->dst_addr = stream.rx_mac;
	fpk_pktmbuf_mtod(in[3], struct fpk_ether_hdr *)->dst_addr = stream.rx_mac;
	TEST_RUN(run_mode(&icmpecho_engine, in, 6, out, &nout));
	TEST_ASSERT_EQUAL(nout, 2, "two answers (echo, ARP), the rest freed");

	eth = fpk_pktmbuf_mtod(out[0], const struct fpk_ether_hdr *);
	ip = (const struct fpk_ipv4_hdr *)(eth + 1);
	icmp = (const struct fpk_icmp_hdr *)(ip + 1);
	TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_x) &&
		    fpk_is_same_ether_addr(&eth->src_addr, &stream.rx_mac), "echo reply MACs");
	TEST_ASSERT(ip->src_addr == fpk_cpu_to_be_32(IP_Y) && ip->dst_addr == fpk_cpu_to_be_32(IP_X),
		    "echo reply addresses");
	TEST_ASSERT(icmp->icmp_type == FPK_IP_ICMP_ECHO_REPLY && icmp->icmp_code == 0 &&
		    icmp->icmp_ident == fpk_cpu_to_be_16(0x77) &&
		    icmp->icmp_seq_nb == fpk_cpu_to_be_16(3), "echo reply header");
	TEST_ASSERT(fpk_raw_cksum(icmp, 8 + 56) == 0xffff, "ICMP checksum right");
	TEST_ASSERT(fpk_ipv4_cksum_verify(ip) == 0, "IP checksum right");
	TEST_ASSERT(((const uint8_t *)icmp)[8 + 55] == (uint8_t)(55 * 3), "echo data kept");

	eth = fpk_pktmbuf_mtod(out[1], const struct fpk_ether_hdr *);
	arp = (const struct fpk_arp_hdr *)(eth + 1);
	TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_x) &&
		    fpk_is_same_ether_addr(&eth->src_addr, &stream.rx_mac), "ARP reply MACs");
	TEST_ASSERT(arp->arp_opcode == FPK_BE16(FPK_ARP_OP_REPLY), "ARP reply opcode");
	TEST_ASSERT(fpk_is_same_ether_addr(&arp->arp_data.arp_sha, &stream.rx_mac) &&
		    fpk_is_same_ether_addr(&arp->arp_data.arp_tha, &mac_x), "ARP reply MACs inside");
	TEST_ASSERT(arp->arp_data.arp_sip == fpk_cpu_to_be_32(IP_Y) &&
		    arp->arp_data.arp_tip == fpk_cpu_to_be_32(IP_X), "ARP reply addresses");
	TEST_ASSERT(stream.rx_packets == 6 && stream.tx_packets == 2, "counters");
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_icmpecho, test_icmpecho)

/* Check a txonly/flowgen frame: headers, lengths, checksums; @return its dst IP. */
static int
check_txgen_frame(const struct fpk_mbuf *m, uint32_t *dst)
{
	const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(m, const struct fpk_ether_hdr *);
	const struct fpk_ipv4_hdr *ip = (const struct fpk_ipv4_hdr *)(eth + 1);
	const struct fpk_udp_hdr *udp = (const struct fpk_udp_hdr *)(ip + 1);

	TEST_ASSERT(m->pkt_len == fwd_cfg.tx_pkt_len && m->nb_segs == fwd_cfg.nb_txpkts,
		    "length %u in %u segments", m->pkt_len, m->nb_segs);
	TEST_ASSERT(fpk_is_same_ether_addr(&eth->dst_addr, &mac_peer) &&
		    fpk_is_same_ether_addr(&eth->src_addr, &stream.tx_mac) &&
		    eth->ether_type == FPK_BE16(FPK_ETHER_TYPE_IPV4), "Ethernet header");
	TEST_ASSERT(ip->version_ihl == 0x45 && ip->next_proto_id == FPK_IPPROTO_UDP &&
		    fpk_be_to_cpu_16(ip->total_length) == fwd_cfg.tx_pkt_len - 14 &&
		    ip->src_addr == fpk_cpu_to_be_32(FPK_IPV4(198, 18, 0, 1)) &&
		    fpk_ipv4_cksum_verify(ip) == 0, "IPv4 header");
	TEST_ASSERT(udp->src_port == FPK_BE16(9) && udp->dst_port == FPK_BE16(9) &&
		    fpk_be_to_cpu_16(udp->dgram_len) == fwd_cfg.tx_pkt_len - 34, "UDP header");
	if (fwd_cfg.tx_seq)
		TEST_ASSERT(udp->dgram_cksum != 0 && fpk_ipv4_udptcp_cksum_mbuf_verify(m, ip, 34) == 0,
			    "UDP checksum right");
	else
		TEST_ASSERT(udp->dgram_cksum == 0, "no UDP checksum without --tx-seq");
	*dst = fpk_be_to_cpu_32(ip->dst_addr);
	return TEST_SUCCESS;
}

/* The --tx-seq payload of @m: the sending port/queue, @seq, the pattern. */
static int
check_txseq(const struct fpk_mbuf *m, uint64_t seq)
{
	uint8_t buf[2048];
	const uint8_t *p = fpk_pktmbuf_read(m, 42, m->pkt_len - 42, buf);
	uint8_t want[16] = { 'F', 'P', 'K', 'S' };

	want[4] = (uint8_t)(stream.tx_port >> 8);
	want[5] = (uint8_t)stream.tx_port;
	for (int i = 0; i < 8; i++)
		want[8 + i] = (uint8_t)(seq >> (56 - 8 * i));
	TEST_ASSERT(p != NULL && memcmp(p, want, 16) == 0, "sequence header of %lu",
		    (unsigned long)seq);
	for (uint32_t i = 16; i < m->pkt_len - 42; i++)
		TEST_ASSERT(p[i] == (uint8_t)(i + seq), "pattern byte %u of packet %lu", i,
			    (unsigned long)seq);
	return TEST_SUCCESS;
}

static int
test_txonly(struct fpk_mempool *mp)
{
	struct fpk_mbuf *out[MAX_PKT_BURST];
	uint32_t dst;
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	/* Default: 64-byte frames, one segment, a burst each poll. */
	TEST_ASSERT_SUCCESS(txonly_engine.stream_init(&stream), "init");
	TEST_RUN(run_mode(&txonly_engine, NULL, 0, out, &nout));
	TEST_ASSERT(nout == fwd_cfg.burst && stream.tx_packets == fwd_cfg.burst &&
		    stream.rx_packets == 0, "a burst of %u sent (%u)", fwd_cfg.burst, nout);
	for (unsigned int i = 0; i < nout; i++) {
		TEST_RUN(check_txgen_frame(out[i], &dst));
		TEST_ASSERT_EQUAL(dst, FPK_IPV4(198, 18, 0, 2), "txonly destination");
	}
	fpk_pktmbuf_free_bulk(out, nout);

	/* --txpkts 64,100,36 --tx-seq: chains, numbered from 0 on, pattern across segments. */
	TEST_ASSERT_SUCCESS(fwd_set_txpkts("64,100,36"), "txpkts");
	fwd_cfg.tx_seq = true;
	fwd_cfg.burst = 8;
	TEST_ASSERT_EQUAL(stream.tx_seq, 32, "txonly counts sequence numbers all along");
	stream.tx_seq = 0;
	TEST_ASSERT_SUCCESS(txonly_engine.stream_init(&stream), "init");
	for (uint64_t round = 0; round < 2; round++) {
		TEST_RUN(run_mode(&txonly_engine, NULL, 0, out, &nout));
		TEST_ASSERT_EQUAL(nout, 8, "burst of 8");
		for (unsigned int i = 0; i < nout; i++) {
			TEST_RUN(check_txgen_frame(out[i], &dst));
			TEST_RUN(check_txseq(out[i], round * 8 + i));
		}
		fpk_pktmbuf_free_bulk(out, nout);
	}
	TEST_ASSERT_EQUAL(stream.tx_seq, 16, "next sequence number");
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_txonly, test_txonly)

static int
test_flowgen(struct fpk_mempool *mp)
{
	struct fpk_mbuf *out[MAX_PKT_BURST];
	uint32_t dst;
	uint16_t nout;

	TEST_RUN(setup(mp, NULL));
	fwd_cfg.flowgen_flows = 5;
	fwd_cfg.burst = 12;
	TEST_ASSERT_SUCCESS(flowgen_engine.stream_init(&stream), "init");
	TEST_RUN(run_mode(&flowgen_engine, NULL, 0, out, &nout));
	TEST_ASSERT_EQUAL(nout, 12, "a burst");
	for (unsigned int i = 0; i < nout; i++) {
		TEST_RUN(check_txgen_frame(out[i], &dst));
		TEST_ASSERT_EQUAL(dst, FPK_IPV4(198, 18, 0, 2) + i % 5, "flow of packet %u", i);
	}
	fpk_pktmbuf_free_bulk(out, nout);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_flowgen, test_flowgen)

/* A plain UDP packet rxcheck must count as other traffic. */
static struct fpk_mbuf *
foreign_pkt(struct fpk_mempool *mp)
{
	const struct pkt_spec s = { 4, FPK_IPPROTO_UDP, false, 40 };

	return make_pkt(mp, &s);
}

static int
test_rxcheck_order(struct fpk_mempool *mp, const char *txpkts)
{
	/* Sequence numbers as sent: 3 late, 5 twice, 6 and 8 lost (8 corrupted). */
	static const int order[] = { 0, 1, 2, 4, 5, 3, 5, 7, 8, 9 };
	struct fpk_mbuf *gen[10], *in[12], *out[MAX_PKT_BURST];
	struct fpk_mbuf *dup;
	uint16_t nout, n = 0;

	TEST_RUN(setup(mp, NULL));
	TEST_ASSERT_SUCCESS(fwd_set_txpkts(txpkts), "txpkts");
	fwd_cfg.tx_seq = true;
	TEST_ASSERT_SUCCESS(txgen_stream_init(&stream), "txgen init");
	TEST_ASSERT_EQUAL(txgen_build(&stream, gen, 10, false), 10, "build");
	/* A second copy of 5: same sequence number, built again. */
	stream.tx_seq = 5;
	TEST_ASSERT_EQUAL(txgen_build(&stream, &dup, 1, false), 1, "build duplicate");
	for (unsigned int i = 0; i < FPK_DIM(order); i++) {
		if (order[i] == 5 && i == 6)
			in[n++] = dup;
		else
			in[n++] = gen[order[i]];
	}
	fpk_pktmbuf_free(gen[6]);
	/* Flip a payload bit of 8 in its last segment: the UDP checksum catches it. */
	*fpk_pktmbuf_mtod_offset(fpk_pktmbuf_lastseg(gen[8]), uint8_t *,
				 fpk_pktmbuf_lastseg(gen[8])->data_len - 1) ^= 0x08;
	in[n++] = foreign_pkt(mp);
	TEST_ASSERT_NOT_NULL(in[n - 1], "foreign packet");

	TEST_ASSERT_SUCCESS(rxcheck_engine.stream_init(&stream), "rxcheck init");
	TEST_RUN(run_mode(&rxcheck_engine, in, n, out, &nout));
	TEST_ASSERT(nout == 0 && stream.rx_packets == n, "rxcheck sends nothing");
	TEST_ASSERT(stream.rxc.ok == 8 && stream.rxc.lost == 2 && stream.rxc.reordered == 1 &&
		    stream.rxc.duplicate == 1 && stream.rxc.corrupted == 1 && stream.rxc.foreign == 1,
		    "ok %lu lost %lu reordered %lu duplicate %lu corrupted %lu foreign %lu "
		    "(want 8 2 1 1 1 1)",
		    (unsigned long)stream.rxc.ok, (unsigned long)stream.rxc.lost,
		    (unsigned long)stream.rxc.reordered, (unsigned long)stream.rxc.duplicate,
		    (unsigned long)stream.rxc.corrupted, (unsigned long)stream.rxc.foreign);
	/* One flow: 3 after 5 is late in the flow too; 5 again is a duplicate only. */
	TEST_ASSERT_EQUAL(stream.rxc.flow_reordered, 1, "flow_reordered");
	return teardown(&rxcheck_engine);
}

/*
 * Two flows (flowgen, 2 destinations) whose packets pass each other:
 * reordered for the sender, in order within each flow; then one packet
 * of a flow after a later one of the same flow.
 */
static int
test_rxcheck_flows(struct fpk_mempool *mp)
{
	/* Even sequence numbers are flow 0, odd ones flow 1. */
	static const int order[] = { 0, 2, 1, 3, 5, 4, 7, 6, 9, 8 };
	struct fpk_mbuf *gen[12], *in[12], *out[MAX_PKT_BURST];
	uint16_t nout, n = 0;

	TEST_RUN(setup(mp, NULL));
	fwd_cfg.tx_seq = true;
	fwd_cfg.flowgen_flows = 2;
	TEST_ASSERT_SUCCESS(txgen_stream_init(&stream), "txgen init");
	TEST_ASSERT_EQUAL(txgen_build(&stream, gen, 12, true), 12, "build");
	for (unsigned int i = 0; i < FPK_DIM(order); i++)
		in[n++] = gen[order[i]];
	/* 11 (flow 1) before 10 (flow 0): the sender's order changes, each flow's does not. */
	in[n++] = gen[11];
	in[n++] = gen[10];
	TEST_ASSERT_SUCCESS(rxcheck_engine.stream_init(&stream), "rxcheck init");
	TEST_RUN(run_mode(&rxcheck_engine, in, n, out, &nout));
	TEST_ASSERT(nout == 0 && stream.rxc.ok == 12, "12 intact, got %lu",
		    (unsigned long)stream.rxc.ok);
	TEST_ASSERT(stream.rxc.reordered > 0 && stream.rxc.flow_reordered == 0,
		    "reordered %lu (want > 0), flow_reordered %lu (want 0: each flow in order)",
		    (unsigned long)stream.rxc.reordered, (unsigned long)stream.rxc.flow_reordered);
	TEST_RUN(teardown(&rxcheck_engine));

	/* Flow 0's 2 after its 4: one late packet of a flow. */
	TEST_RUN(setup(mp, NULL));
	fwd_cfg.tx_seq = true;
	fwd_cfg.flowgen_flows = 2;
	TEST_ASSERT_SUCCESS(txgen_stream_init(&stream), "txgen init");
	TEST_ASSERT_EQUAL(txgen_build(&stream, gen, 6, true), 6, "build");
	in[0] = gen[0], in[1] = gen[1], in[2] = gen[4], in[3] = gen[3], in[4] = gen[2];
	in[5] = gen[5];
	TEST_ASSERT_SUCCESS(rxcheck_engine.stream_init(&stream), "rxcheck init");
	TEST_RUN(run_mode(&rxcheck_engine, in, 6, out, &nout));
	TEST_ASSERT_EQUAL(stream.rxc.flow_reordered, 1, "flow_reordered");
	return teardown(&rxcheck_engine);
}
TPMD_TEST(testpmd_fwd_rxcheck_flows, test_rxcheck_flows)

static int
test_rxcheck(struct fpk_mempool *mp)
{
	return test_rxcheck_order(mp, "64");
}
TPMD_TEST(testpmd_fwd_rxcheck, test_rxcheck)

/* The same with chains whose sequence header and pattern cross segments. */
static int
test_rxcheck_segs(struct fpk_mempool *mp)
{
	return test_rxcheck_order(mp, "50,7,300");
}
TPMD_TEST(testpmd_fwd_rxcheck_segs, test_rxcheck_segs)

/* txonly into rxcheck across the pair, with a tx ring too small for the bursts:
 * what tx could not take is sent again under the same numbers, so no loss shows. */
static int
test_txonly_rxcheck(struct fpk_mempool *mp)
{
	static struct fwd_stream rx_stream;
	struct fwd_stream *tx = &stream;

	TEST_RUN(setup(mp, ",ring_size=64"));
	fwd_cfg.tx_seq = true;
	fwd_cfg.burst = 48;
	memset(&rx_stream, 0, sizeof(rx_stream));
	rx_stream.rx_port = rx_stream.tx_port = port_b;
	rx_stream.pool = mp;
	TEST_ASSERT_SUCCESS(txonly_engine.stream_init(tx), "txonly init");
	TEST_ASSERT_SUCCESS(rxcheck_engine.stream_init(&rx_stream), "rxcheck init");
	for (int i = 0; i < 50; i++) {
		txonly_engine.packet_fwd(tx);
		txonly_engine.packet_fwd(tx);
		rxcheck_engine.packet_fwd(&rx_stream);
	}
	/* Drain. */
	for (int i = 0; i < 4; i++)
		rxcheck_engine.packet_fwd(&rx_stream);
	TEST_ASSERT(tx->fwd_dropped > 0, "the small ring pushed back");
	TEST_ASSERT(rx_stream.rxc.ok == tx->tx_packets && rx_stream.rxc.ok == tx->tx_seq &&
		    rx_stream.rxc.lost == 0 && rx_stream.rxc.reordered == 0 &&
		    rx_stream.rxc.corrupted == 0 && rx_stream.rxc.foreign == 0,
		    "sent %lu (seq %lu), checked ok %lu lost %lu", (unsigned long)tx->tx_packets,
		    (unsigned long)tx->tx_seq, (unsigned long)rx_stream.rxc.ok,
		    (unsigned long)rx_stream.rxc.lost);
	rxcheck_engine.stream_fini(&rx_stream);
	return teardown(NULL);
}
TPMD_TEST(testpmd_fwd_txonly_rxcheck, test_txonly_rxcheck)

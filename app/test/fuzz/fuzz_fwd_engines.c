/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the packet parsing of fpk-testpmd's forwarding engines that
 * read headers (csum, icmpecho, 5tswap, rxcheck), on arbitrary frames. The
 * engines' burst functions (csum_burst() and the others: what each mode's
 * packet_fwd runs on a received burst) get mbufs built from the input,
 * single- and multi-segment, exactly as a PMD hands them over.
 *
 * Input: byte 0 picks the engine (low 2 bits); then up to 16 frames, each
 *   1 byte   segments - 1 (low 2 bits: 1 to 4 segments)
 *   2 bytes  frame length, big-endian (cut to what the input has left)
 *   S-1 bytes where the frame is cut into segments (each a fraction /255
 *            of the length; segments may be empty)
 *   the frame's bytes
 * See corpus/fwd_engines/ for one frame of each kind the engines handle.
 *
 * Frames are anything: runts shorter than an Ethernet header, headers
 * split across segments of any length (odd ones too, so headers sit at odd
 * addresses), IPv4 headers whose IHL is below 5. csum and 5tswap send a
 * runt on untouched; 5tswap leaves an IPv4 header with IHL < 5 alone.
 *
 * Under ASan, the bytes of each segment's buffer outside its data (the
 * headroom, and everything after data_len) are poisoned while the engine
 * runs: a read or write past the end of a frame or segment is reported
 * even though the mbuf's buffer is larger (a real NIC's is too).
 *
 * Beyond not crashing, each engine's result is checked:
 *   csum      run twice: the second pass must find no bad checksum, since
 *             the first one wrote correct ones
 *   5tswap    run twice: the frames must be as they came (a swap undone)
 *   icmpecho  a reply to a request whose ICMP checksum was right has a
 *             right ICMP and IPv4 header checksum
 *   rxcheck   every frame counted exactly once (ok, corrupted, foreign or
 *             duplicate)
 * and every mbuf must be back in the pool afterwards: an engine that keeps
 * or frees one twice fails.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

#include <fpk_eal.h>
#include <fpk_ip.h>
#include <fpk_mbuf.h>

#include "testpmd.h"

#include "fuzz.h"

#define MAX_FRAMES 16
#define MAX_SEGS 4
/* Data room of a segment: any frame of an input fits in one. */
#define SEG_ROOM 9216

enum { ENGINE_CSUM, ENGINE_ICMPECHO, ENGINE_5TSWAP, ENGINE_RXCHECK };

struct frame {
	struct fpk_mbuf *segs[MAX_SEGS];
	unsigned int nb_segs;
	const uint8_t *bytes;  /* the frame as the input gave it */
	uint32_t len;
	bool icmp_ok;          /* icmpecho: an IPv4 ICMP message with a right checksum */
	uint32_t icmp_off, icmp_len;
};

static struct fpk_mempool *pool;
static struct fwd_stream fs;
static const struct fpk_ether_addr rx_mac = { { 0x02, 0, 0, 0, 0, 0x01 } };
static const struct fpk_ether_addr tx_mac = { { 0x02, 0, 0, 0, 0, 0x02 } };
static const struct fpk_ether_addr peer_mac = { { 0x02, 0, 0, 0, 0, 0x03 } };

static void
fwd_start(void)
{
	char lcores[32], prefix[64];
	char *argv[] = {
		"fuzz_fwd_engines", "--no-huge", "--in-memory", "--no-pci", "-l", lcores,
		"--file-prefix", prefix, NULL,
	};

	snprintf(lcores, sizeof(lcores), "0@%d", fuzz_first_cpu());
	snprintf(prefix, sizeof(prefix), "fuzz-fwd-%d", (int)getpid());
	if (fpk_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0)
		fuzz_fail("fwd engines: cannot start the EAL: %s", strerror(fpk_errno));
	fuzz_log_quiet();
	/* No cache: the pool's count is then exact after every input. */
	pool = fpk_pktmbuf_pool_create("fuzz_fwd", MAX_FRAMES * MAX_SEGS * 2, 0, 0,
				       SEG_ROOM + FPK_PKTMBUF_HEADROOM, FPK_SOCKET_ID_ANY);
	if (pool == NULL)
		fuzz_fail("fwd engines: cannot create the mbuf pool: %s", strerror(fpk_errno));
	fs.pool = pool;
	fs.rx_mac = rx_mac;
	fs.tx_mac = tx_mac;
	fs.peer_mac = peer_mac;
	if (rxcheck_engine.stream_init(&fs) != 0)
		fuzz_fail("fwd engines: rxcheck's stream state cannot be allocated");
}

/* Poison (or unpoison) what lies outside a segment's data in its buffer. */
static void
seg_guard(struct fpk_mbuf *m, bool on)
{
	uint8_t *buf = m->buf_addr, *end = buf + m->buf_len;
	uint8_t *data = fpk_pktmbuf_mtod(m, uint8_t *) + m->data_len;

	if (on) {
		ASAN_POISON_MEMORY_REGION(buf, m->data_off);
		ASAN_POISON_MEMORY_REGION(data, (size_t)(end - data));
	} else {
		ASAN_UNPOISON_MEMORY_REGION(buf, m->buf_len);
	}
}

/* The frame's mbufs, cut where @cuts say. @return 0 or -1 (no mbuf). */
static int
frame_build(struct frame *f, const uint8_t *cuts)
{
	uint32_t at[MAX_SEGS + 1];

	at[0] = 0;
	at[f->nb_segs] = f->len;
	for (unsigned int i = 1; i < f->nb_segs; i++) {
		uint32_t c = (uint32_t)cuts[i - 1] * f->len / 255, j = i;

		/* Insertion keeps the cut points in order. */
		while (j > 1 && at[j - 1] > c) {
			at[j] = at[j - 1];
			j--;
		}
		at[j] = c;
	}
	for (unsigned int i = 0; i < f->nb_segs; i++) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(pool);
		uint16_t n = (uint16_t)(at[i + 1] - at[i]);
		char *p;

		if (m == NULL)
			return -1;
		f->segs[i] = m;
		p = fpk_pktmbuf_append(m, n);
		if (p == NULL)
			fuzz_fail("fwd engines: %u bytes do not fit a segment", n);
		memcpy(p, f->bytes + at[i], n);
		if (i > 0 && fpk_pktmbuf_chain(f->segs[0], m) != 0)
			fuzz_fail("fwd engines: cannot chain a segment");
	}
	return 0;
}

/* Whether the packet's bytes are @f's bytes. */
static bool
frame_same(const struct frame *f)
{
	uint32_t off = 0;

	if (f->segs[0]->pkt_len != f->len)
		return false;
	for (const struct fpk_mbuf *m = f->segs[0]; m != NULL; m = m->next) {
		if (memcmp(fpk_pktmbuf_mtod(m, const uint8_t *), f->bytes + off, m->data_len) != 0)
			return false;
		off += m->data_len;
	}
	return off == f->len;
}

/*
 * Where @m's ICMP message is, if it is an IPv4 ICMP message whose checksum
 * is right. Read before the engine runs; the engine decides with its own
 * parsing whether it answers.
 */
static void
icmp_find(struct frame *f)
{
	const struct fpk_mbuf *m = f->segs[0];
	uint8_t ipbuf[60];
	const struct fpk_ipv4_hdr *ip;
	uint16_t l2_len = 0, sum;
	uint32_t l3_len, total;

	f->icmp_ok = false;
	if (pkt_l2_parse(m, &l2_len) != FPK_ETHER_TYPE_IPV4)
		return;
	ip = fpk_pktmbuf_read(m, l2_len, FPK_IPV4_MIN_HDR_LEN, ipbuf);
	if (ip == NULL || ip->next_proto_id != FPK_IPPROTO_ICMP)
		return;
	l3_len = fpk_ipv4_hdr_len(ip);
	total = fpk_be_to_cpu_16(ip->total_length);
	if (l3_len < FPK_IPV4_MIN_HDR_LEN || total < l3_len + 8 || l2_len + total > m->pkt_len)
		return;
	f->icmp_off = l2_len + l3_len;
	f->icmp_len = total - l3_len;
	f->icmp_ok = fpk_raw_cksum_mbuf(m, f->icmp_off, f->icmp_len, &sum) == 0 && sum == 0xffff;
}

static void
icmp_check_reply(const struct frame *f)
{
	const struct fpk_mbuf *m = f->segs[0];
	uint16_t l2_len = 0, sum;
	const struct fpk_ipv4_hdr *ip;

	if (pkt_l2_parse(m, &l2_len) == FPK_ETHER_TYPE_ARP)
		return;
	/* The engine answers only with the IPv4 header in the first segment. */
	ip = fpk_pktmbuf_mtod_offset(m, const struct fpk_ipv4_hdr *, l2_len);
	if (fpk_ipv4_cksum_verify(ip) != 0)
		fuzz_fail("icmpecho: a reply with a wrong IPv4 header checksum");
	if (f->icmp_ok && (fpk_raw_cksum_mbuf(m, f->icmp_off, f->icmp_len, &sum) != 0 ||
			   sum != 0xffff))
		fuzz_fail("icmpecho: a request with a right ICMP checksum got a reply with a "
			  "wrong one (sum 0x%04x)", sum);
}

static uint64_t
rxcheck_total(void)
{
	return fs.rxc.ok + fs.rxc.corrupted + fs.rxc.foreign + fs.rxc.duplicate;
}

static void
run(unsigned int engine, struct frame *frames, uint16_t n)
{
	struct fpk_mbuf *pkts[MAX_FRAMES];
	uint16_t out = 0;

	for (uint16_t i = 0; i < n; i++)
		pkts[i] = frames[i].segs[0];
	switch (engine) {
	case ENGINE_CSUM:
		out = csum_burst(&fs, pkts, n);
		fs.rx_bad_ip_csum = fs.rx_bad_l4_csum = 0;
		if (out != n || csum_burst(&fs, pkts, n) != n)
			fuzz_fail("csum: %u of %u frames sent on", out, n);
		if (fs.rx_bad_ip_csum || fs.rx_bad_l4_csum)
			fuzz_fail("csum: its own checksums are bad on a second pass (IP %" PRIu64
				  ", L4 %" PRIu64 ")", fs.rx_bad_ip_csum, fs.rx_bad_l4_csum);
		break;
	case ENGINE_5TSWAP:
		out = fivetswap_burst(&fs, pkts, n);
		if (out != n || fivetswap_burst(&fs, pkts, n) != n)
			fuzz_fail("5tswap: %u of %u frames sent on", out, n);
		for (uint16_t i = 0; i < n; i++)
			if (!frame_same(&frames[i]))
				fuzz_fail("5tswap: frame %u differs after two swaps", i);
		break;
	case ENGINE_ICMPECHO:
		for (uint16_t i = 0; i < n; i++)
			icmp_find(&frames[i]);
		out = icmpecho_burst(&fs, pkts, n);
		for (uint16_t r = 0, i = 0; r < out; r++, i++) {
			/* Replies keep the requests' order. */
			while (i < n && frames[i].segs[0] != pkts[r])
				i++;
			if (i == n)
				fuzz_fail("icmpecho: reply %u is no frame it was given", r);
			icmp_check_reply(&frames[i]);
		}
		break;
	default: {
		uint64_t before = rxcheck_total();

		out = rxcheck_burst(&fs, pkts, n);
		if (out != 0 || rxcheck_total() - before != n)
			fuzz_fail("rxcheck: %u frames counted %" PRIu64 " times, %u sent on", n,
				  rxcheck_total() - before, out);
		break;
	}
	}
	/* What the engine kept to send: the test's to free. */
	for (uint16_t i = 0; i < n; i++)
		for (unsigned int s = 0; s < frames[i].nb_segs; s++)
			seg_guard(frames[i].segs[s], false);
	fpk_pktmbuf_free_bulk(pkts, out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	struct frame frames[MAX_FRAMES];
	size_t pos = 1;
	uint16_t n = 0;
	unsigned int engine;

	if (!started) {
		fwd_start();
		started = true;
	}
	if (size == 0)
		return 0;
	engine = data[0] & 3;
	memset(&fs.rxc, 0, sizeof(fs.rxc));
	memset(fs.rxc_flows, 0, RXCHECK_NB_FLOWS * sizeof(*fs.rxc_flows));
	while (pos < size && n < MAX_FRAMES) {
		struct frame *f = &frames[n];
		uint8_t cuts[MAX_SEGS - 1] = { 0 };

		memset(f, 0, sizeof(*f));
		f->nb_segs = 1 + (data[pos++] & 3);
		for (int b = 0; b < 2; b++)
			f->len = f->len << 8 | (pos < size ? data[pos++] : 0);
		for (unsigned int c = 0; c + 1 < f->nb_segs; c++)
			cuts[c] = pos < size ? data[pos++] : 0;
		if (f->len > size - pos)
			f->len = (uint32_t)(size - pos);
		if (f->len > SEG_ROOM)
			f->len = SEG_ROOM;
		f->bytes = data + pos;
		pos += f->len;
		if (frame_build(f, cuts) < 0)
			fuzz_fail("fwd engines: the pool ran out of mbufs");
		n++;
	}
	for (uint16_t i = 0; i < n; i++)
		for (unsigned int s = 0; s < frames[i].nb_segs; s++)
			seg_guard(frames[i].segs[s], true);
	run(engine, frames, n);
	if (fpk_mempool_avail_count(pool) != pool->size)
		fuzz_fail("fwd engines: %u mbufs in the pool after the burst, %u before (kept, "
			  "or freed twice)", fpk_mempool_avail_count(pool), pool->size);
	return 0;
}

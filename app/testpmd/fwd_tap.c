/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "set verbose" packet dumps and packet capture into pcapng files
 * (fwd_tap.h), fed by fwd_rx()/fwd_tx() while fwd_tap_on is set.
 *
 * Capture: a forwarding lcore copies each packet of a captured port into
 * mbufs of the capture pool (its own: the ports' pools are not drained),
 * with the burst's cycle counter and the packet's length in the copy's
 * private area, and puts the copy on its own ring (it is the only
 * producer). A writer thread drains the rings into the files. Nothing
 * blocks the lcore: when the pool or its ring is full the packet is counted
 * as dropped for the capture. Received packets are copied after rx; sent
 * ones before tx, but only those the port took are kept.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fpk_eal.h>
#include <fpk_lcore.h>
#include <fpk_pcapng.h>
#include <fpk_ring.h>
#include <fpk_tcp.h>

#include "fwd_tap.h"
#include "testpmd.h"

#define TAP_SNAPLEN 9216           /* a jumbo frame: longer packets are cut */
#define TAP_POOL_SIZE 8191         /* copies in flight, all lcores together */
#define TAP_POOL_CACHE 64
#define TAP_RING_SIZE 2048         /* per lcore */
#define TAP_DRAIN_BURST 64
#define TAP_IDLE_MS 1              /* writer's sleep when every ring is empty */

bool fwd_tap_on __fpk_cache_aligned;   /* read by every burst, written rarely: a line of its own */

static unsigned int verbose;

/* What a copy carries besides the bytes (the capture mbufs' private area). */
struct tap_meta {
	uint64_t tsc;              /* when its burst was seen */
	uint32_t orig_len;         /* the packet's length; the copy stops at TAP_SNAPLEN */
	uint16_t port;
	uint8_t dir;               /* enum fpk_pcapng_direction */
};

/* One captured port. */
struct tap_capture {
	struct fpk_pcapng *pc;
	int err;                   /* first write error, -errno: the rest is not written */
	uint64_t written[2];       /* received, sent: written by the writer thread */
	char path[PATH_MAX];
};

/* Per lcore: its ring, and its part of the drops. */
struct tap_lcore {
	struct fpk_ring *ring;
	int busy;                  /* copying or enqueuing: tap_capture_stop() waits */
	uint64_t dropped[FPK_MAX_ETHPORTS];
} __fpk_cache_aligned;

static struct {
	bool capturing;                               /* lcores feed the rings */
	struct tap_capture *port[FPK_MAX_ETHPORTS];   /* NULL: port not captured */
	struct fpk_mempool *pool;
	struct tap_lcore lcore[FPK_MAX_LCORE];
	pthread_t writer;
	bool writer_stop;
	uint64_t base_tsc, base_ns, tsc_hz;           /* cycle counter to wall clock */
} tap;

static void
tap_on_update(void)
{
	__atomic_store_n(&fwd_tap_on, verbose != 0 || tap.capturing, __ATOMIC_SEQ_CST);
}

/* ---- set verbose ---- */

int
tap_verbose_set(unsigned int level)
{
	printf("Change verbose level from %u to %u\n", verbose, level);
	__atomic_store_n(&verbose, level, __ATOMIC_RELAXED);
	tap_on_update();
	return 0;
}

unsigned int
tap_verbose_get(void)
{
	return verbose;
}

/* DPDK's levels: 1 or more than 2 dump received packets, 2 or more sent ones. */
static bool
verbose_rx(unsigned int level)
{
	return level == 1 || level > 2;
}

static bool
verbose_tx(unsigned int level)
{
	return level >= 2;
}

struct ol_flag_name {
	uint64_t mask;
	uint64_t value;
	const char *name;
};

/* DPDK's names, in the order its rte_get_{rx,tx}_ol_flag_list() prints them. */
static const struct ol_flag_name rx_flag_names[] = {
	{ FPK_MBUF_F_RX_VLAN, FPK_MBUF_F_RX_VLAN, "RTE_MBUF_F_RX_VLAN" },
	{ FPK_MBUF_F_RX_RSS_HASH, FPK_MBUF_F_RX_RSS_HASH, "RTE_MBUF_F_RX_RSS_HASH" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_BAD, "RTE_MBUF_F_RX_L4_CKSUM_BAD" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_GOOD, "RTE_MBUF_F_RX_L4_CKSUM_GOOD" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_NONE, "RTE_MBUF_F_RX_L4_CKSUM_NONE" },
	{ FPK_MBUF_F_RX_L4_CKSUM_MASK, FPK_MBUF_F_RX_L4_CKSUM_UNKNOWN,
	  "RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_BAD, "RTE_MBUF_F_RX_IP_CKSUM_BAD" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_GOOD, "RTE_MBUF_F_RX_IP_CKSUM_GOOD" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_NONE, "RTE_MBUF_F_RX_IP_CKSUM_NONE" },
	{ FPK_MBUF_F_RX_IP_CKSUM_MASK, FPK_MBUF_F_RX_IP_CKSUM_UNKNOWN,
	  "RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN" },
	{ FPK_MBUF_F_RX_VLAN_STRIPPED, FPK_MBUF_F_RX_VLAN_STRIPPED, "RTE_MBUF_F_RX_VLAN_STRIPPED" },
	/* FPK's NICs report no outer checksum: DPDK then prints it unknown. */
	{ 0, 0, "RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN" },
};

static const struct ol_flag_name tx_flag_names[] = {
	{ FPK_MBUF_F_TX_VLAN, FPK_MBUF_F_TX_VLAN, "RTE_MBUF_F_TX_VLAN" },
	{ FPK_MBUF_F_TX_IP_CKSUM, FPK_MBUF_F_TX_IP_CKSUM, "RTE_MBUF_F_TX_IP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_TCP_CKSUM, "RTE_MBUF_F_TX_TCP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_SCTP_CKSUM, "RTE_MBUF_F_TX_SCTP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_UDP_CKSUM, "RTE_MBUF_F_TX_UDP_CKSUM" },
	{ FPK_MBUF_F_TX_L4_MASK, FPK_MBUF_F_TX_L4_NO_CKSUM, "RTE_MBUF_F_TX_L4_NO_CKSUM" },
	{ FPK_MBUF_F_TX_TCP_SEG, FPK_MBUF_F_TX_TCP_SEG, "RTE_MBUF_F_TX_TCP_SEG" },
	{ FPK_MBUF_F_TX_IPV4, FPK_MBUF_F_TX_IPV4, "RTE_MBUF_F_TX_IPV4" },
	{ FPK_MBUF_F_TX_IPV6, FPK_MBUF_F_TX_IPV6, "RTE_MBUF_F_TX_IPV6" },
};

#define DUMP_LEN 1024

/* Append to a dump line; what does not fit is cut. */
static void __attribute__((format(printf, 3, 4)))
dump_add(char *buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= DUMP_LEN)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, DUMP_LEN - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
}

/*
 * DPDK's "sw ptype" of a packet (rte_net_get_ptype() without tunnels or
 * IPv6 extension headers) and its header lengths.
 */
static void
dump_sw_ptype(char *buf, size_t *len, const struct fpk_mbuf *m)
{
	union {
		struct fpk_ether_hdr eth;
		struct fpk_vlan_hdr vlan;
		struct fpk_ipv4_hdr ip4;
		struct fpk_ipv6_hdr ip6;
		struct fpk_tcp_hdr tcp;
	} copy;
	const struct fpk_ether_hdr *eth = fpk_pktmbuf_read(m, 0, sizeof(*eth), &copy);
	const char *l2 = "L2_ETHER", *l3 = NULL, *l4 = NULL;
	uint32_t off = FPK_ETHER_HDR_LEN, l3_len = 0, l4_len = 0;
	uint16_t type;
	uint8_t proto = 0;

	if (eth == NULL) {
		dump_add(buf, len, " - sw ptype: ");
		return;
	}
	type = fpk_be_to_cpu_16(eth->ether_type);
	if (type == FPK_ETHER_TYPE_VLAN || type == FPK_ETHER_TYPE_QINQ) {
		bool qinq = type == FPK_ETHER_TYPE_QINQ;
		const struct fpk_vlan_hdr *vh;

		l2 = qinq ? "L2_ETHER_QINQ" : "L2_ETHER_VLAN";
		off += qinq ? 8 : 4;
		vh = fpk_pktmbuf_read(m, off - (uint32_t)sizeof(*vh), sizeof(*vh), &copy);
		type = vh != NULL ? fpk_be_to_cpu_16(vh->eth_proto) : 0;
	}
	if (type == FPK_ETHER_TYPE_IPV4) {
		const struct fpk_ipv4_hdr *ip = fpk_pktmbuf_read(m, off, sizeof(*ip), &copy);

		if (ip != NULL && (ip->version_ihl >> 4) == 4 && (ip->version_ihl & 0xf) >= 5) {
			l3 = (ip->version_ihl & 0xf) == 5 ? "L3_IPV4" : "L3_IPV4_EXT";
			l3_len = (ip->version_ihl & 0xfu) * 4;
			if (fpk_be_to_cpu_16(ip->fragment_offset) & 0x3fff)
				l4 = "L4_FRAG";
			else
				proto = ip->next_proto_id;
		}
	} else if (type == FPK_ETHER_TYPE_IPV6) {
		const struct fpk_ipv6_hdr *ip = fpk_pktmbuf_read(m, off, sizeof(*ip), &copy);

		if (ip != NULL) {
			l3 = "L3_IPV6";
			l3_len = sizeof(*ip);
			proto = ip->proto;
		}
	}
	off += l3_len;
	if (proto == FPK_IPPROTO_UDP) {
		l4 = "L4_UDP";
		l4_len = sizeof(struct fpk_udp_hdr);
	} else if (proto == FPK_IPPROTO_TCP) {
		const struct fpk_tcp_hdr *th = fpk_pktmbuf_read(m, off, sizeof(*th), &copy);

		l4 = "L4_TCP";
		l4_len = th != NULL ? (th->data_off >> 4) * 4u : 0;
	} else if (proto == IPPROTO_SCTP) {
		l4 = "L4_SCTP";
		l4_len = 12;
	}
	dump_add(buf, len, " - sw ptype: %s %s%s%s%s", l2, l3 ? l3 : "", l3 ? " " : "",
		 l4 ? l4 : "", l4 ? " " : "");
	dump_add(buf, len, " - l2_len=%u", off - l3_len);
	if (l3 != NULL)
		dump_add(buf, len, " - l3_len=%u", l3_len);
	if (l4 != NULL)
		dump_add(buf, len, " - l4_len=%u", l4_len);
}

/* DPDK testpmd's dump of a burst (its app/test-pmd/util.c), for the fields FPK's mbuf has. */
static void
dump_burst(uint16_t port, uint16_t queue, struct fpk_mbuf **pkts, uint16_t n, bool rx)
{
	const struct ol_flag_name *names = rx ? rx_flag_names : tx_flag_names;
	size_t nb_names = rx ? FPK_DIM(rx_flag_names) : FPK_DIM(tx_flag_names);
	char buf[DUMP_LEN];
	size_t len = 0;

	dump_add(buf, &len, "port %u/queue %u: %s %u packets\n", port, queue,
		 rx ? "received" : "sent", n);
	for (uint16_t i = 0; i < n; i++) {
		const struct fpk_mbuf *m = pkts[i];
		struct fpk_ether_hdr copy;
		const struct fpk_ether_hdr *eth = fpk_pktmbuf_read(m, 0, sizeof(copy), &copy);
		char src[FPK_ETHER_ADDR_FMT_SIZE] = "", dst[FPK_ETHER_ADDR_FMT_SIZE] = "";

		if (eth != NULL) {
			fpk_ether_format_addr(src, sizeof(src), &eth->src_addr);
			fpk_ether_format_addr(dst, sizeof(dst), &eth->dst_addr);
		}
		dump_add(buf, &len, "  src=%s - dst=%s - pool=%s - type=0x%04x - length=%u - "
			 "nb_segs=%d", src, dst, m->pool->name,
			 eth != NULL ? fpk_be_to_cpu_16(eth->ether_type) : 0, m->pkt_len,
			 (int)m->nb_segs);
		if (m->ol_flags & FPK_MBUF_F_RX_RSS_HASH)
			dump_add(buf, &len, " - RSS hash=0x%x - RSS queue=0x%x", m->hash.rss,
				 queue);
		if (rx && (m->ol_flags & FPK_MBUF_F_RX_VLAN))
			dump_add(buf, &len, " - VLAN tci=0x%x", m->vlan_tci);
		dump_sw_ptype(buf, &len, m);
		dump_add(buf, &len, " - %s queue=0x%x\n  ol_flags: ", rx ? "Receive" : "Send",
			 queue);
		for (size_t f = 0; f < nb_names; f++)
			if ((m->ol_flags & names[f].mask) == names[f].value)
				dump_add(buf, &len, "%s ", names[f].name);
		dump_add(buf, &len, "\n");
		/* One write per packet: lines of several lcores do not mix. */
		if (len >= DUMP_LEN)
			printf("%.*s ...\n", DUMP_LEN - 1, buf);
		else
			fputs(buf, stdout);
		len = 0;
	}
}

/* ---- capture: the lcores' side ---- */

/* A copy of @m's first @len bytes (at least one segment), or NULL when the pool is short. */
static struct fpk_mbuf *
pkt_copy(const struct fpk_mbuf *m, uint32_t len)
{
	struct fpk_mbuf *head = NULL;
	uint32_t off = 0;

	do {
		struct fpk_mbuf *seg = fpk_pktmbuf_alloc(tap.pool);
		uint16_t n;
		char *dst;
		const void *src;

		if (seg == NULL) {
			fpk_pktmbuf_free(head);
			return NULL;
		}
		n = (uint16_t)(len - off < fpk_pktmbuf_tailroom(seg) ? len - off :
			       fpk_pktmbuf_tailroom(seg));
		dst = fpk_pktmbuf_append(seg, n);
		src = fpk_pktmbuf_read(m, off, n, dst);
		if (src != dst)
			memcpy(dst, src, n);
		if (head == NULL)
			head = seg;
		else
			fpk_pktmbuf_chain(head, seg);   /* TAP_SNAPLEN needs few segments */
		off += n;
	} while (off < len);
	return head;
}

static void
drops_add(struct tap_lcore *tl, uint16_t port, unsigned int n)
{
	__atomic_store_n(&tl->dropped[port], tl->dropped[port] + n, __ATOMIC_RELAXED);
}

/*
 * The lcore's state if @port is being captured, marked busy; NULL if not.
 * tap_capture_stop() clears tap.capturing and then waits for busy lcores,
 * so the pool and rings stay until they are done.
 */
static struct tap_lcore *
capture_enter(uint16_t port)
{
	unsigned int lc = fpk_lcore_id();
	struct tap_lcore *tl;

	if (!__atomic_load_n(&tap.capturing, __ATOMIC_RELAXED) || lc >= FPK_MAX_LCORE)
		return NULL;
	tl = &tap.lcore[lc];
	__atomic_store_n(&tl->busy, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&tap.capturing, __ATOMIC_SEQ_CST) && tl->ring != NULL &&
	    __atomic_load_n(&tap.port[port], __ATOMIC_ACQUIRE) != NULL)
		return tl;
	__atomic_store_n(&tl->busy, 0, __ATOMIC_RELEASE);
	return NULL;
}

static void
capture_leave(struct tap_lcore *tl)
{
	__atomic_store_n(&tl->busy, 0, __ATOMIC_RELEASE);
}

/* Copies of @pkts into @copies, NULL where the pool ran short. */
static void
capture_copy(uint16_t port, struct fpk_mbuf **pkts, uint16_t n, struct fpk_mbuf **copies,
	     enum fpk_pcapng_direction dir)
{
	uint64_t tsc = fpk_rdtsc();

	for (uint16_t i = 0; i < n; i++) {
		uint32_t len = pkts[i]->pkt_len < TAP_SNAPLEN ? pkts[i]->pkt_len : TAP_SNAPLEN;
		struct fpk_mbuf *c = pkt_copy(pkts[i], len);

		copies[i] = c;
		if (c != NULL)
			*(struct tap_meta *)fpk_mbuf_to_priv(c) = (struct tap_meta){
				.tsc = tsc, .orig_len = pkts[i]->pkt_len, .port = port,
				.dir = (uint8_t)dir,
			};
	}
}

/*
 * Hand @copies[0..@n) to the writer; free what the ring has no room for.
 * The packets without a copy (NULL) and those are the capture's drops.
 */
static void
capture_enqueue(struct tap_lcore *tl, uint16_t port, struct fpk_mbuf **copies, uint16_t n)
{
	uint16_t nb = 0;
	unsigned int done;

	for (uint16_t i = 0; i < n; i++)
		if (copies[i] != NULL)
			copies[nb++] = copies[i];
	done = fpk_ring_sp_enqueue_burst(tl->ring, (void **)copies, nb, NULL);
	if (done < nb)
		fpk_pktmbuf_free_bulk(&copies[done], nb - done);
	if (done < n)
		drops_add(tl, port, n - done);
}

void
fwd_tap_rx(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	struct fpk_mbuf *copies[MAX_PKT_BURST];
	struct tap_lcore *tl;

	if (n == 0)
		return;
	if (verbose_rx(__atomic_load_n(&verbose, __ATOMIC_RELAXED)))
		dump_burst(fs->rx_port, fs->rx_queue, pkts, n, true);
	tl = capture_enter(fs->rx_port);
	if (tl == NULL)
		return;
	capture_copy(fs->rx_port, pkts, n, copies, FPK_PCAPNG_DIR_IN);
	capture_enqueue(tl, fs->rx_port, copies, n);
	capture_leave(tl);
}

uint16_t
fwd_tap_tx(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	struct fpk_mbuf *copies[MAX_PKT_BURST];
	struct tap_lcore *tl;
	uint16_t sent;

	if (n > 0 && verbose_tx(__atomic_load_n(&verbose, __ATOMIC_RELAXED)))
		dump_burst(fs->tx_port, fs->tx_queue, pkts, n, false);
	tl = n > 0 ? capture_enter(fs->tx_port) : NULL;
	if (tl == NULL)
		return fwd_tx_burst(fs, pkts, n);
	/* Copied now: once sent, the packets are the driver's. */
	capture_copy(fs->tx_port, pkts, n, copies, FPK_PCAPNG_DIR_OUT);
	sent = fwd_tx_burst(fs, pkts, n);
	for (uint16_t i = sent; i < n; i++)
		fpk_pktmbuf_free(copies[i]);
	capture_enqueue(tl, fs->tx_port, copies, sent);
	capture_leave(tl);
	return sent;
}

/* ---- capture: the writer thread and the prompt's side ---- */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
tsc_to_ns(uint64_t tsc)
{
	uint64_t d = tsc - tap.base_tsc;

	if (tap.tsc_hz == 0)
		return tap.base_ns;
	return tap.base_ns + d / tap.tsc_hz * 1000000000u + d % tap.tsc_hz * 1000000000u / tap.tsc_hz;
}

static void
copy_write(struct fpk_mbuf *c)
{
	const struct tap_meta *meta = fpk_mbuf_to_priv(c);
	struct tap_capture *cap = __atomic_load_n(&tap.port[meta->port], __ATOMIC_ACQUIRE);
	int ret;

	if (cap == NULL || cap->err < 0)
		return;
	ret = fpk_pcapng_write(cap->pc, 0, c, meta->orig_len, tsc_to_ns(meta->tsc),
			       (enum fpk_pcapng_direction)meta->dir);
	if (ret < 0)
		cap->err = ret;
	else
		__atomic_store_n(&cap->written[meta->dir == FPK_PCAPNG_DIR_OUT],
				 cap->written[meta->dir == FPK_PCAPNG_DIR_OUT] + 1,
				 __ATOMIC_RELAXED);
}

/* Write out what the rings hold. @return how many copies it took. */
static unsigned int
rings_drain(void)
{
	unsigned int total = 0;

	for (unsigned int lc = 0; lc < FPK_MAX_LCORE; lc++) {
		struct fpk_mbuf *copies[TAP_DRAIN_BURST];
		unsigned int n;

		if (tap.lcore[lc].ring == NULL)
			continue;
		n = fpk_ring_sc_dequeue_burst(tap.lcore[lc].ring, (void **)copies,
					      TAP_DRAIN_BURST, NULL);
		for (unsigned int i = 0; i < n; i++)
			copy_write(copies[i]);
		fpk_pktmbuf_free_bulk(copies, n);
		total += n;
	}
	return total;
}

static void
files_flush(void)
{
	for (unsigned int p = 0; p < FPK_MAX_ETHPORTS; p++) {
		struct tap_capture *cap = __atomic_load_n(&tap.port[p], __ATOMIC_ACQUIRE);
		int ret;

		if (cap != NULL && cap->err == 0) {
			ret = fpk_pcapng_flush(cap->pc);
			if (ret < 0)
				cap->err = ret;
		}
	}
}

/* Drain until told to stop and nothing is left; flush when idle, so the files can be read meanwhile. */
static void *
writer_main(void *arg)
{
	(void)arg;
	for (;;) {
		bool stop = __atomic_load_n(&tap.writer_stop, __ATOMIC_ACQUIRE);

		if (rings_drain() > 0)
			continue;
		files_flush();
		if (stop)
			return NULL;
		fpk_delay_ms_sleep(TAP_IDLE_MS);
	}
}

static uint64_t
dropped_sum(uint16_t port)
{
	uint64_t sum = 0;

	for (unsigned int lc = 0; lc < FPK_MAX_LCORE; lc++)
		sum += __atomic_load_n(&tap.lcore[lc].dropped[port], __ATOMIC_RELAXED);
	return sum;
}

static void
shared_free(void)
{
	for (unsigned int lc = 0; lc < FPK_MAX_LCORE; lc++) {
		fpk_ring_free(tap.lcore[lc].ring);
		tap.lcore[lc].ring = NULL;
	}
	fpk_mempool_free(tap.pool);
	tap.pool = NULL;
}

static bool
capture_running(void)
{
	for (unsigned int p = 0; p < FPK_MAX_ETHPORTS; p++)
		if (tap.port[p] != NULL)
			return true;
	return false;
}

/* At exit, before the EAL's memory goes: the captures end as with "capture stop". */
static void
tap_cleanup(void *arg)
{
	(void)arg;
	if (capture_running())
		tap_capture_stop();
}

/* The pool, the rings and the writer thread, for the first capture. @return 0 or -errno (printed). */
static int
shared_setup(void)
{
	static bool cleanup_registered;
	unsigned int lc;
	int ret;

	if (!cleanup_registered) {
		ret = fpk_eal_cleanup_register(tap_cleanup, NULL);
		if (ret < 0) {
			printf("capture: cannot register the capture's cleanup with the EAL: %s\n",
			       strerror(-ret));
			return ret;
		}
		cleanup_registered = true;
	}

	tap.pool = fpk_pktmbuf_pool_create("tap_capture", TAP_POOL_SIZE, TAP_POOL_CACHE,
					   (uint16_t)FPK_ALIGN_CEIL(sizeof(struct tap_meta),
								    FPK_MBUF_PRIV_ALIGN),
					   FPK_MBUF_DEFAULT_BUF_SIZE, FPK_SOCKET_ID_ANY);
	if (tap.pool == NULL) {
		ret = -fpk_errno;
		printf("capture: no memory for the capture pool (%u mbufs): %s; give the EAL more "
		       "memory (-m or hugepages)\n", TAP_POOL_SIZE, strerror(fpk_errno));
		return ret;
	}
	FPK_LCORE_FOREACH(lc) {
		char name[32];

		snprintf(name, sizeof(name), "tap_capture_%u", lc);
		tap.lcore[lc].ring = fpk_ring_create(name, TAP_RING_SIZE, FPK_SOCKET_ID_ANY,
						     FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ);
		if (tap.lcore[lc].ring == NULL) {
			ret = -fpk_errno;
			printf("capture: cannot create the ring of lcore %u: %s; give the EAL more "
			       "memory (-m or hugepages)\n", lc, strerror(fpk_errno));
			shared_free();
			return ret;
		}
	}
	tap.base_tsc = fpk_rdtsc();
	tap.base_ns = now_ns();
	tap.tsc_hz = fpk_get_tsc_hz();
	tap.writer_stop = false;
	ret = -pthread_create(&tap.writer, NULL, writer_main, NULL);
	if (ret < 0) {
		printf("capture: cannot start the writer thread: %s\n", strerror(-ret));
		shared_free();
	}
	return ret;
}

int
tap_capture_start(uint16_t port, const char *path)
{
	char name[FPK_ETH_NAME_MAX_LEN + 16] = "";
	struct tap_capture *cap;
	int ret;

	if (port >= FPK_MAX_ETHPORTS || !fpk_eth_dev_is_valid_port(port)) {
		printf("capture: port %u does not exist: 'show port summary all' lists the ports\n",
		       port);
		return -ENODEV;
	}
	if (tap.port[port] != NULL) {
		printf("capture: port %u is already captured into %s: 'capture stop' first\n",
		       port, tap.port[port]->path);
		return -EBUSY;
	}
	cap = calloc(1, sizeof(*cap));
	if (cap == NULL) {
		printf("capture: out of memory\n");
		return -ENOMEM;
	}
	snprintf(cap->path, sizeof(cap->path), "%s", path);
	cap->pc = fpk_pcapng_open(path);
	if (cap->pc == NULL) {
		ret = -fpk_errno;
		printf("capture: cannot create %s: %s\n", path, strerror(fpk_errno));
		free(cap);
		return ret;
	}
	if (fpk_eth_dev_get_name_by_port(port, name) < 0)
		snprintf(name, sizeof(name), "port %u", port);
	ret = fpk_pcapng_add_interface(cap->pc, name, TAP_SNAPLEN);
	if (ret < 0)
		printf("capture: cannot write %s: %s\n", path, strerror(-ret));
	else if (!capture_running())
		ret = shared_setup();
	if (ret < 0) {
		fpk_pcapng_close(cap->pc);
		free(cap);
		return ret;
	}
	__atomic_store_n(&tap.port[port], cap, __ATOMIC_RELEASE);
	__atomic_store_n(&tap.capturing, true, __ATOMIC_SEQ_CST);
	tap_on_update();
	printf("Capturing port %u (%s) into %s: received and sent packets, up to %u bytes each\n",
	       port, name, path, TAP_SNAPLEN);
	return 0;
}

int
tap_capture_stop(void)
{
	int ret = 0;

	if (!capture_running()) {
		printf("capture: no capture is running\n");
		return 0;
	}
	/* Stop the feeding, wait for the lcores still copying, then let the writer finish. */
	__atomic_store_n(&tap.capturing, false, __ATOMIC_SEQ_CST);
	tap_on_update();
	for (unsigned int lc = 0; lc < FPK_MAX_LCORE; lc++)
		while (__atomic_load_n(&tap.lcore[lc].busy, __ATOMIC_SEQ_CST))
			fpk_pause();
	__atomic_store_n(&tap.writer_stop, true, __ATOMIC_RELEASE);
	pthread_join(tap.writer, NULL);

	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++) {
		struct tap_capture *cap = tap.port[p];
		int err;

		if (cap == NULL)
			continue;
		err = fpk_pcapng_close(cap->pc);
		if (cap->err < 0)
			err = cap->err;
		printf("Capture of port %u stopped: %" PRIu64 " packets written to %s "
		       "(%" PRIu64 " received, %" PRIu64 " sent), %" PRIu64 " dropped\n",
		       p, cap->written[0] + cap->written[1], cap->path, cap->written[0],
		       cap->written[1], dropped_sum(p));
		if (err < 0) {
			printf("capture: writing %s failed: %s; the file holds the packets "
			       "before the failure\n", cap->path, strerror(-err));
			if (ret == 0)
				ret = err;
		}
		tap.port[p] = NULL;
		free(cap);
		for (unsigned int lc = 0; lc < FPK_MAX_LCORE; lc++)
			tap.lcore[lc].dropped[p] = 0;
	}
	shared_free();
	return ret;
}

void
tap_capture_show(void)
{
	if (!capture_running()) {
		printf("No capture running: 'capture start PORT FILE' starts one\n");
		return;
	}
	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++) {
		struct tap_capture *cap = tap.port[p];
		uint64_t rx, tx;

		if (cap == NULL)
			continue;
		rx = __atomic_load_n(&cap->written[0], __ATOMIC_RELAXED);
		tx = __atomic_load_n(&cap->written[1], __ATOMIC_RELAXED);
		printf("port %u: %s - written: %" PRIu64 " (received %" PRIu64 ", sent %" PRIu64
		       ") - dropped: %" PRIu64 "%s\n", p, cap->path, rx + tx, rx, tx,
		       dropped_sum(p), cap->err < 0 ? " - write failed" : "");
	}
}

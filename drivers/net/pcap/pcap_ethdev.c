/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_pcap: a port whose rx reads frames from pcap files or from network
 * interfaces, and whose tx writes them to pcap files or interfaces, through
 * libpcap. It replays a capture into a pipeline and records what comes out:
 * a test tool, not a fast path (libpcap reads and writes one frame at a
 * time, and a file is written with one flush per burst so that it can be
 * read while the port runs).
 *
 * Arguments (DPDK 22.11's): rx_pcap=<file>, tx_pcap=<file>, rx_iface=<if>,
 * rx_iface_in=<if> (incoming frames only), tx_iface=<if>, each giving one
 * queue and repeatable for more; iface=<if> (one queue pair on one
 * interface) with phy_mac=<0|1> (take the interface's MAC address);
 * infinite_rx=<0|1> (replay the rx_pcap files endlessly). A port with no rx
 * stream gets a queue that receives nothing for each tx stream, one with
 * no tx stream a queue that counts and drops for each rx stream.
 *
 * As in DPDK, stopping the port closes its files and interfaces (a tx file
 * is then complete), and starting it again reopens them: rx files replay
 * from their first frame and tx files are written anew.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <pcap.h>

#include "fpk_bus_vdev.h"
#include "fpk_ethdev_driver.h"
#include "fpk_kvargs.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"

#define PCAP_DRIVER_NAME "net_pcap"
/* Longest frame read or written whole; longer ones are cut to it in tx files. */
#define PCAP_SNAPLEN 65535

FPK_PMD_LOG_REGISTER(pcap);
#define PCAP_LOG(level, ...) FPK_PMD_LOG(pcap, level, __VA_ARGS__)

/* What a port's rx streams, or its tx streams, are: all of one kind. */
enum pcap_kind {
	PCAP_KIND_NONE,  /* rx receives nothing, tx drops */
	PCAP_KIND_FILE,
	PCAP_KIND_IFACE,
};

/* infinite_rx=1: the frames of an rx file, read once at probe and replayed. */
struct pcap_replay {
	uint32_t count;
	struct { uint32_t off, len; } *frames;
	uint8_t *data;
};

/* One rx or tx stream of a port: the file or interface behind one queue. */
struct pcap_stream {
	char *name;              /* the file or interface as given */
	bool in_only;            /* rx_iface_in: incoming frames only */
	pcap_t *pcap;            /* rx file or interface, tx interface; NULL while stopped */
	pcap_dumper_t *dumper;   /* tx file; NULL while stopped */
	struct pcap_replay *replay;
};

struct pcap_port {
	struct pcap_stream rx[FPK_MAX_QUEUES_PER_PORT];
	struct pcap_stream tx[FPK_MAX_QUEUES_PER_PORT];
	uint16_t nb_rx, nb_tx;
	enum pcap_kind rx_kind, tx_kind;
	bool iface;              /* iface=: rx[0] and tx[0] share one handle */
	bool infinite_rx;
};

/* Fast-path queue state, each on its own cache line, written only by the lcore polling it. */
struct pcap_rxq {
	struct pcap_stream *st;
	struct fpk_mempool *mp;
	/*
	 * A frame read but left for want of mbufs, delivered first next time:
	 * libpcap keeps its bytes until the next read, so none is lost.
	 */
	const uint8_t *pending;
	uint32_t pending_len;
	uint32_t next;           /* infinite_rx: the frame to replay next */
	uint16_t port_id;
	struct fpk_eth_queue_stats stats; /* errors: failed reads */
	uint64_t *nombuf;        /* the port's rx_mbuf_alloc_failed[] element of this queue */
} __fpk_cache_aligned;

struct pcap_txq {
	struct pcap_stream *st;
	uint8_t *buf;            /* a chained frame gathered for libpcap, PCAP_SNAPLEN bytes */
	struct fpk_eth_queue_stats stats; /* errors: frames not sent or written */
} __fpk_cache_aligned;

#define PCAP_RXQ_STATS_OFF offsetof(struct pcap_rxq, stats)
#define PCAP_TXQ_STATS_OFF offsetof(struct pcap_txq, stats)

/*
 * One frame into mbufs from @mp, chained when it does not fit one.
 * @return the packet, or NULL when the pool ran short (nothing is kept).
 */
static struct fpk_mbuf *
pcap_frame_to_mbuf(struct fpk_mempool *mp, const uint8_t *data, uint32_t len)
{
	struct fpk_mbuf *head = fpk_pktmbuf_alloc(mp), *seg = head;

	if (fpk_unlikely(head == NULL))
		return NULL;
	for (;;) {
		uint16_t n = (uint16_t)FPK_MIN(len, (uint32_t)fpk_pktmbuf_tailroom(seg));

		memcpy(fpk_pktmbuf_mtod(seg, uint8_t *), data, n);
		seg->data_len = n;
		head->pkt_len += n;
		data += n;
		len -= n;
		if (fpk_likely(len == 0))
			return head;
		seg->next = fpk_pktmbuf_alloc(mp);
		if (fpk_unlikely(seg->next == NULL || head->nb_segs == FPK_MBUF_MAX_NB_SEGS)) {
			fpk_pktmbuf_free(head);
			return NULL;
		}
		seg = seg->next;
		seg->data_off = 0; /* headroom serves the first segment only */
		head->nb_segs++;
	}
}

/* Rx from a file or an interface: whatever libpcap has, up to @n frames. */
static uint16_t
pcap_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct pcap_rxq *q = queue;
	uint64_t bytes = 0;
	uint16_t nb = 0;

	while (nb < n) {
		struct fpk_mbuf *m;

		if (q->pending == NULL) {
			struct pcap_pkthdr *h;
			const u_char *data;
			/* 1: a frame; 0: none yet (interface); PCAP_ERROR_BREAK: end of file. */
			int ret = pcap_next_ex(q->st->pcap, &h, &data);

			if (ret != 1) {
				if (fpk_unlikely(ret == PCAP_ERROR))
					q->stats.errors++;
				break;
			}
			q->pending = data;
			q->pending_len = h->caplen;
		}
		m = pcap_frame_to_mbuf(q->mp, q->pending, q->pending_len);
		if (fpk_unlikely(m == NULL)) {
			(*q->nombuf)++;
			break;
		}
		q->pending = NULL;
		m->port = q->port_id;
		bytes += m->pkt_len;
		pkts[nb++] = m;
	}
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

/* infinite_rx=1: the file's frames again and again, from memory. */
static uint16_t
pcap_rx_burst_infinite(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct pcap_rxq *q = queue;
	const struct pcap_replay *r = q->st->replay;
	uint32_t next = q->next;
	uint64_t bytes = 0;
	uint16_t nb;

	for (nb = 0; nb < n; nb++) {
		struct fpk_mbuf *m = pcap_frame_to_mbuf(q->mp, r->data + r->frames[next].off,
							r->frames[next].len);

		if (fpk_unlikely(m == NULL)) {
			(*q->nombuf)++;
			break;
		}
		next = next + 1 == r->count ? 0 : next + 1;
		m->port = q->port_id;
		bytes += m->pkt_len;
		pkts[nb] = m;
	}
	q->next = next;
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

/*
 * Tx to a file. The frames of a burst share one timestamp, in nanoseconds
 * (the file is written with nanosecond precision, as DPDK's are).
 */
static uint16_t
pcap_tx_burst_dump(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct pcap_txq *q = queue;
	struct pcap_pkthdr h;
	struct timespec now;
	uint64_t bytes = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	h.ts.tv_sec = now.tv_sec;
	h.ts.tv_usec = now.tv_nsec;
	for (uint16_t i = 0; i < n; i++) {
		const struct fpk_mbuf *m = pkts[i];

		h.len = m->pkt_len;
		h.caplen = FPK_MIN(m->pkt_len, (uint32_t)PCAP_SNAPLEN);
		pcap_dump((u_char *)q->st->dumper, &h, fpk_pktmbuf_read(m, 0, h.caplen, q->buf));
		bytes += m->pkt_len;
	}
	/* A full disk shows here: pcap_dump() reports nothing. */
	if (fpk_unlikely(pcap_dump_flush(q->st->dumper) != 0))
		q->stats.errors += n;
	else {
		q->stats.packets += n;
		q->stats.bytes += bytes;
	}
	fpk_pktmbuf_free_bulk(pkts, n);
	return n;
}

/*
 * Tx to an interface, one send per frame. A frame the kernel refuses (too
 * long for the interface, no buffer) is dropped and counted, so that one
 * bad frame never stalls the queue.
 */
static uint16_t
pcap_tx_burst_iface(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct pcap_txq *q = queue;
	uint64_t bytes = 0, sent = 0;

	for (uint16_t i = 0; i < n; i++) {
		const struct fpk_mbuf *m = pkts[i];

		if (fpk_unlikely(m->pkt_len > PCAP_SNAPLEN) ||
		    fpk_unlikely(pcap_sendpacket(q->st->pcap, fpk_pktmbuf_read(m, 0, m->pkt_len,
									   q->buf),
						 (int)m->pkt_len) != 0)) {
			q->stats.errors++;
			continue;
		}
		bytes += m->pkt_len;
		sent++;
	}
	fpk_pktmbuf_free_bulk(pkts, n);
	q->stats.packets += sent;
	q->stats.bytes += bytes;
	return n;
}

/* No tx stream: count and drop. */
static uint16_t
pcap_tx_burst_drop(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct pcap_txq *q = queue;
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	fpk_pktmbuf_free_bulk(pkts, n);
	q->stats.packets += n;
	q->stats.bytes += bytes;
	return n;
}

/* ---- opening and closing streams ----------------------------------------- */

/* The name of a capture's link type, for messages. */
static const char *
pcap_link_type(pcap_t *p)
{
	const char *type = pcap_datalink_val_to_name(pcap_datalink(p));

	return type != NULL ? type : "unknown";
}

/* Why @file could not be opened for @key (errno, or libpcap's @why), and the fix. */
static int
pcap_file_open_error(const char *name, const char *key, const char *file, const char *why)
{
	int err = errno;

	if (err == ENOENT)
		PCAP_LOG(ERR, "%s: %s=%s: %s: %s\n", name, key, file, strerror(err),
			 strcmp(key, "rx_pcap") == 0 ? "give an existing pcap file (e.g. written by "
			 "tcpdump -w)" : "create the directory first");
	else if (err == EACCES || err == EPERM || err == EROFS)
		PCAP_LOG(ERR, "%s: %s=%s: %s: check the permissions of the file and its "
			 "directory\n", name, key, file, strerror(err));
	else
		PCAP_LOG(ERR, "%s: %s=%s: %s: give a pcap or pcapng file (tcpdump -r reads it)\n",
			 name, key, file, why);
	return err == ENOENT || err == EACCES || err == EPERM || err == EROFS ? -err : -EINVAL;
}

static int
pcap_rx_file_open(const char *name, struct pcap_stream *st)
{
	char err[PCAP_ERRBUF_SIZE];

	errno = 0;
	st->pcap = pcap_open_offline(st->name, err);
	if (st->pcap == NULL)
		return pcap_file_open_error(name, "rx_pcap", st->name, err);
	if (pcap_datalink(st->pcap) != DLT_EN10MB)
		PCAP_LOG(WARNING, "%s: rx_pcap=%s holds %s frames, not Ethernet: they are passed "
			 "on as they are\n", name, st->name,
			 pcap_link_type(st->pcap));
	return 0;
}

static int
pcap_tx_file_open(const char *name, struct pcap_stream *st)
{
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, PCAP_SNAPLEN,
							    PCAP_TSTAMP_PRECISION_NANO);

	if (dead == NULL) {
		PCAP_LOG(ERR, "%s: tx_pcap=%s: libpcap is out of memory\n", name, st->name);
		return -ENOMEM;
	}
	errno = 0;
	st->dumper = pcap_dump_open(dead, st->name);
	if (st->dumper == NULL) {
		int ret = pcap_file_open_error(name, "tx_pcap", st->name, pcap_geterr(dead));

		pcap_close(dead);
		return ret;
	}
	pcap_close(dead);
	return 0;
}

/* pcap_activate()'s failure @ret on interface @st, as a cause and a fix. */
static int
pcap_iface_error(const char *name, const struct pcap_stream *st, pcap_t *p, int ret)
{
	switch (ret) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		PCAP_LOG(ERR, "%s: interface %s does not exist: name one that ip link lists\n",
			 name, st->name);
		return -ENODEV;
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		PCAP_LOG(ERR, "%s: no permission to capture on %s: run as root or grant "
			 "CAP_NET_RAW (setcap cap_net_raw,cap_net_admin+ep <program>)\n", name,
			 st->name);
		return -EPERM;
	case PCAP_ERROR_IFACE_NOT_UP:
		PCAP_LOG(ERR, "%s: interface %s is down: bring it up (ip link set dev %s up)\n",
			 name, st->name, st->name);
		return -ENETDOWN;
	default:
		PCAP_LOG(ERR, "%s: cannot open interface %s: %s\n", name, st->name,
			 pcap_geterr(p));
		return -EIO;
	}
}

/*
 * Open interface @st for capture and injection: promiscuous, whole frames,
 * delivered at once and read without blocking, as a polled port needs.
 */
static int
pcap_iface_open(const char *name, struct pcap_stream *st)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(st->name, err);
	int ret;

	if (p == NULL) {
		PCAP_LOG(ERR, "%s: cannot open interface %s: %s\n", name, st->name, err);
		return -ENOMEM;
	}
	pcap_set_snaplen(p, PCAP_SNAPLEN);
	pcap_set_promisc(p, 1);
	pcap_set_immediate_mode(p, 1);
	ret = pcap_activate(p);
	if (ret < 0) {
		ret = pcap_iface_error(name, st, p, ret);
		pcap_close(p);
		return ret;
	}
	if (ret > 0)
		PCAP_LOG(WARNING, "%s: interface %s: %s\n", name, st->name, pcap_geterr(p));
	ret = -EIO;
	if (pcap_datalink(p) != DLT_EN10MB)
		PCAP_LOG(ERR, "%s: interface %s is not an Ethernet interface (link type %s): name "
			 "an Ethernet one\n", name, st->name,
			 pcap_link_type(p));
	else if (pcap_setnonblock(p, 1, err) < 0)
		PCAP_LOG(ERR, "%s: interface %s: cannot read without blocking: %s\n", name,
			 st->name, err);
	else if (st->in_only && pcap_setdirection(p, PCAP_D_IN) < 0)
		PCAP_LOG(ERR, "%s: rx_iface_in=%s: cannot capture incoming frames only: %s: use "
			 "rx_iface=\n", name, st->name, pcap_geterr(p));
	else
		ret = 0;
	if (ret) {
		pcap_close(p);
		return ret;
	}
	st->pcap = p;
	return 0;
}

static void
pcap_stream_close(struct pcap_stream *st)
{
	if (st->pcap != NULL)
		pcap_close(st->pcap);
	if (st->dumper != NULL)
		pcap_dump_close(st->dumper);
	st->pcap = NULL;
	st->dumper = NULL;
}

/* Close what is open; iface= has one handle, held by rx[0]. */
static void
pcap_streams_close(struct pcap_port *pp)
{
	if (pp->iface)
		pp->tx[0].pcap = NULL;
	for (unsigned int i = 0; i < FPK_MAX_QUEUES_PER_PORT; i++) {
		pcap_stream_close(&pp->rx[i]);
		pcap_stream_close(&pp->tx[i]);
	}
}

/*
 * Open every stream not open yet; infinite_rx files stay closed once
 * loaded. On failure the caller closes what was opened.
 */
static int
pcap_streams_open(const char *name, struct pcap_port *pp)
{
	int ret = 0;

	for (unsigned int i = 0; i < pp->nb_rx && ret == 0; i++) {
		struct pcap_stream *st = &pp->rx[i];

		if (st->pcap != NULL || st->replay != NULL)
			continue;
		if (pp->rx_kind == PCAP_KIND_FILE)
			ret = pcap_rx_file_open(name, st);
		else if (pp->rx_kind == PCAP_KIND_IFACE)
			ret = pcap_iface_open(name, st);
	}
	if (pp->iface) {
		pp->tx[0].pcap = pp->rx[0].pcap;
		return ret;
	}
	for (unsigned int i = 0; i < pp->nb_tx && ret == 0; i++) {
		struct pcap_stream *st = &pp->tx[i];

		if (st->pcap != NULL || st->dumper != NULL)
			continue;
		if (pp->tx_kind == PCAP_KIND_FILE)
			ret = pcap_tx_file_open(name, st);
		else if (pp->tx_kind == PCAP_KIND_IFACE)
			ret = pcap_iface_open(name, st);
	}
	return ret;
}

/* infinite_rx=1: read rx file @st into memory, counting its frames and bytes first. */
static int
pcap_replay_load(const char *name, struct pcap_stream *st)
{
	struct pcap_replay *r;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t count = 0, size = 0, off = 0;
	int ret;

	while (pcap_next_ex(st->pcap, &h, &data) == 1) {
		count++;
		size += h->caplen;
	}
	if (count == 0 || count > UINT32_MAX || size > UINT32_MAX) {
		PCAP_LOG(ERR, "%s: infinite_rx=1: rx_pcap=%s holds %s: give a file of 1 to 2^32 "
			 "frames and under 4 GiB\n", name, st->name, count ? "too much" : "no frame");
		return -EINVAL;
	}
	pcap_close(st->pcap);
	st->pcap = NULL;
	ret = pcap_rx_file_open(name, st);
	if (ret)
		return ret;
	r = fpk_zmalloc("net_pcap replay", sizeof(*r), 0);
	if (r != NULL) {
		r->frames = fpk_zmalloc("net_pcap replay frames", count * sizeof(*r->frames), 0);
		r->data = fpk_zmalloc("net_pcap replay data", size ? size : 1, 0);
	}
	st->replay = r;
	if (r == NULL || r->frames == NULL || r->data == NULL) {
		PCAP_LOG(ERR, "%s: infinite_rx=1: no memory for the %" PRIu64 " bytes of rx_pcap=%s: "
			 "reserve more hugepages or use a smaller file\n", name, size, st->name);
		return -ENOMEM;
	}
	while (r->count < count && pcap_next_ex(st->pcap, &h, &data) == 1 &&
	       off + h->caplen <= size) {
		r->frames[r->count].off = (uint32_t)off;
		r->frames[r->count].len = h->caplen;
		memcpy(r->data + off, data, h->caplen);
		off += h->caplen;
		r->count++;
	}
	/* Replayed from memory: the file is not needed again. */
	pcap_close(st->pcap);
	st->pcap = NULL;
	if (r->count != count) {
		PCAP_LOG(ERR, "%s: infinite_rx=1: rx_pcap=%s changed while it was read: try "
			 "again once nothing writes it\n", name, st->name);
		return -EIO;
	}
	return 0;
}

static void
pcap_replay_free(struct pcap_stream *st)
{
	if (st->replay == NULL)
		return;
	fpk_free(st->replay->frames);
	fpk_free(st->replay->data);
	fpk_free(st->replay);
	st->replay = NULL;
}

/* ---- ethdev ops -------------------------------------------------------------- */

static int
pcap_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	const struct pcap_port *pp = dev->data->dev_private;

	info->driver_name = PCAP_DRIVER_NAME;
	info->max_rx_queues = pp->nb_rx;
	info->max_tx_queues = pp->nb_tx;
	/* Rx chains mbufs: any pool will do. */
	info->min_rx_bufsize = 0;
	info->max_rx_pktlen = PCAP_SNAPLEN;
	info->max_mtu = PCAP_SNAPLEN - FPK_ETHER_HDR_LEN;
	info->rx_offload_capa = FPK_ETH_RX_OFFLOAD_SCATTER;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	return 0;
}

static void
pcap_link_set(struct fpk_eth_dev *dev, uint16_t status)
{
	struct fpk_eth_link link = {
		.link_speed = FPK_ETH_SPEED_NUM_10G,
		.link_duplex = FPK_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = 0,
		.link_status = status,
	};

	if (fpk_eth_dev_link_set(dev, &link) && dev->data->dev_conf.intr_conf.lsc)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
}

static int
pcap_dev_start(struct fpk_eth_dev *dev)
{
	struct pcap_port *pp = dev->data->dev_private;
	int ret = pcap_streams_open(dev->data->name, pp);

	if (ret) {
		pcap_streams_close(pp);
		return ret;
	}
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		struct pcap_rxq *rxq = dev->data->rx_queues[q];

		rxq->pending = NULL;
		rxq->next = 0;
	}
	pcap_link_set(dev, FPK_ETH_LINK_UP);
	return 0;
}

/* Closing is what completes a tx file and lets the next start replay an rx file. */
static int
pcap_dev_stop(struct fpk_eth_dev *dev)
{
	pcap_streams_close(dev->data->dev_private);
	pcap_link_set(dev, FPK_ETH_LINK_DOWN);
	return 0;
}

static int
pcap_dev_close(struct fpk_eth_dev *dev)
{
	struct pcap_port *pp = dev->data->dev_private;

	pcap_streams_close(pp);
	for (unsigned int i = 0; i < FPK_MAX_QUEUES_PER_PORT; i++) {
		pcap_replay_free(&pp->rx[i]);
		free(pp->rx[i].name);
		free(pp->tx[i].name);
		pp->rx[i].name = NULL;
		pp->tx[i].name = NULL;
	}
	return 0;
}

static int
pcap_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		    struct fpk_mempool *mp)
{
	struct pcap_port *pp = dev->data->dev_private;
	struct pcap_rxq *q;

	/* Frames come from a file or libpcap's own buffer: there is no ring to size. */
	(void)nb_desc;
	(void)conf;
	q = fpk_zmalloc_socket("net_pcap rx queue", sizeof(*q), 0, fpk_eth_queue_socket(socket_id));
	if (q == NULL)
		return -ENOMEM;
	q->st = &pp->rx[qid];
	q->mp = mp;
	q->port_id = dev->data->port_id;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
pcap_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct pcap_port *pp = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	struct pcap_txq *q;

	(void)nb_desc;
	(void)conf;
	q = fpk_zmalloc_socket("net_pcap tx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	if (pp->tx_kind != PCAP_KIND_NONE) {
		q->buf = fpk_zmalloc_socket("net_pcap tx buffer", PCAP_SNAPLEN, 0, socket);
		if (q->buf == NULL) {
			fpk_free(q);
			return -ENOMEM;
		}
	}
	q->st = &pp->tx[qid];
	dev->data->tx_queues[qid] = q;
	return 0;
}

static void
pcap_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct pcap_txq *q = dev->data->tx_queues[qid];

	fpk_free(q->buf);
	fpk_free(q);
}

static int
pcap_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	fpk_eth_queue_stats_get(dev, PCAP_RXQ_STATS_OFF, PCAP_TXQ_STATS_OFF, st);
	return 0;
}

static int
pcap_stats_reset(struct fpk_eth_dev *dev)
{
	fpk_eth_queue_stats_reset(dev, PCAP_RXQ_STATS_OFF, PCAP_TXQ_STATS_OFF);
	return 0;
}

static const struct fpk_eth_dev_ops pcap_ops = {
	.dev_infos_get = pcap_dev_infos_get,
	.dev_start = pcap_dev_start,
	.dev_stop = pcap_dev_stop,
	.dev_close = pcap_dev_close,
	.rx_queue_setup = pcap_rx_queue_setup,
	.rx_queue_release = fpk_eth_rx_queue_release_free,
	.tx_queue_setup = pcap_tx_queue_setup,
	.tx_queue_release = pcap_tx_queue_release,
	.stats_get = pcap_stats_get,
	.stats_reset = pcap_stats_reset,
	/* Files have no filter; an interface is opened promiscuous. */
	.promiscuous_enable = fpk_eth_noop_rx_mode,
	.promiscuous_disable = fpk_eth_noop_rx_mode,
	.allmulticast_enable = fpk_eth_noop_rx_mode,
	.allmulticast_disable = fpk_eth_noop_rx_mode,
	.mac_addr_set = fpk_eth_noop_mac_addr_set,
	.mtu_set = fpk_eth_noop_mtu_set,
};

/* ---- probe ----------------------------------------------------------------- */

/* What the argument parser fills in. */
struct pcap_args {
	const char *name;
	struct pcap_port *pp;
	unsigned int nb_iface;
};

/* Add stream @value to the rx or tx streams of a port, which are all of one kind. */
static int
pcap_stream_add(const char *name, const char *key, const char *value, bool tx,
		enum pcap_kind kind, struct pcap_port *pp)
{
	struct pcap_stream *st = tx ? pp->tx : pp->rx;
	uint16_t *nb = tx ? &pp->nb_tx : &pp->nb_rx;
	enum pcap_kind *have = tx ? &pp->tx_kind : &pp->rx_kind;

	if (*nb == FPK_MAX_QUEUES_PER_PORT) {
		PCAP_LOG(ERR, "%s: more than %u %s streams: give at most %u, or use another port\n",
			 name, FPK_MAX_QUEUES_PER_PORT, tx ? "tx" : "rx", FPK_MAX_QUEUES_PER_PORT);
		return -EINVAL;
	}
	if (*have != PCAP_KIND_NONE && *have != kind) {
		PCAP_LOG(ERR, "%s: %s=%s: a port's %s streams are all files or all interfaces: put "
			 "the others on another port\n", name, key, value, tx ? "tx" : "rx");
		return -EINVAL;
	}
	*have = kind;
	st[*nb].name = strdup(value);
	if (st[*nb].name == NULL)
		return -ENOMEM;
	st[*nb].in_only = strcmp(key, "rx_iface_in") == 0;
	(*nb)++;
	return 0;
}

static int
pcap_arg_stream(const char *key, const char *value, void *opaque)
{
	struct pcap_args *a = opaque;
	enum pcap_kind kind = strstr(key, "_pcap") ? PCAP_KIND_FILE : PCAP_KIND_IFACE;
	bool rx = strncmp(key, "rx_", 3) == 0 || strcmp(key, "iface") == 0;
	bool tx = strncmp(key, "tx_", 3) == 0 || strcmp(key, "iface") == 0;
	int ret = 0;

	if (!rx && !tx)
		return 0;
	if (*value == '\0') {
		PCAP_LOG(ERR, "%s: %s= is empty: give %s\n", a->name, key,
			 kind == PCAP_KIND_FILE ? "a file name" : "an interface name");
		return -EINVAL;
	}
	if (kind == PCAP_KIND_IFACE && strlen(value) >= IFNAMSIZ) {
		PCAP_LOG(ERR, "%s: %s=%s: interface names are at most %u characters\n", a->name,
			 key, value, IFNAMSIZ - 1);
		return -EINVAL;
	}
	a->nb_iface += strcmp(key, "iface") == 0;
	if (rx)
		ret = pcap_stream_add(a->name, key, value, false, kind, a->pp);
	if (ret == 0 && tx)
		ret = pcap_stream_add(a->name, key, value, true, kind, a->pp);
	return ret;
}

/* infinite_rx=: DPDK's rules (once per port, rx files only), with a warning where they ignore it. */
static int
pcap_arg_infinite_rx(const char *name, const struct fpk_kvargs *kv, struct pcap_port *pp)
{
	unsigned int n = fpk_kvargs_count(kv, "infinite_rx");
	int ret;

	if (n == 0)
		return 0;
	if (n > 1) {
		PCAP_LOG(WARNING, "%s: infinite_rx= given %u times: ignored; give it once\n", name, n);
		return 0;
	}
	ret = fpk_kvargs_process(kv, "infinite_rx", fpk_kvargs_parse_bool, &pp->infinite_rx);
	if (ret == 0 && pp->infinite_rx && pp->rx_kind != PCAP_KIND_FILE) {
		PCAP_LOG(WARNING, "%s: infinite_rx=1 replays rx_pcap= files and there is none: "
			 "ignored\n", name);
		pp->infinite_rx = false;
	}
	return ret;
}

/* Streams and options from the device arguments, checked; nothing opened yet. */
static int
pcap_args_parse(const char *name, const struct fpk_kvargs *kv, struct pcap_port *pp,
		bool *phy_mac)
{
	struct pcap_args a = { .name = name, .pp = pp };
	int ret = fpk_kvargs_process(kv, NULL, pcap_arg_stream, &a);

	if (ret == 0)
		ret = pcap_arg_infinite_rx(name, kv, pp);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "phy_mac", fpk_kvargs_parse_bool, phy_mac);
	if (ret)
		return ret;
	if (a.nb_iface > 0 && (a.nb_iface > 1 || pp->nb_rx > 1 || pp->nb_tx > 1)) {
		PCAP_LOG(ERR, "%s: iface= gives the port its only rx and tx stream: give it once "
			 "and alone, or use rx_iface= and tx_iface=\n", name);
		return -EINVAL;
	}
	pp->iface = a.nb_iface == 1;
	if (*phy_mac && !pp->iface) {
		PCAP_LOG(WARNING, "%s: phy_mac=1 applies to iface= only: ignored\n", name);
		*phy_mac = false;
	}
	if (pp->nb_rx == 0 && pp->nb_tx == 0) {
		PCAP_LOG(ERR, "%s: no stream: give rx_pcap=<file>, tx_pcap=<file>, rx_iface=<if>, "
			 "tx_iface=<if> or iface=<if>\n", name);
		return -EINVAL;
	}
	/* As DPDK: a missing direction gets one dummy queue per queue of the other. */
	if (pp->nb_rx == 0)
		pp->nb_rx = pp->nb_tx;
	if (pp->nb_tx == 0)
		pp->nb_tx = pp->nb_rx;
	return 0;
}

/* phy_mac=1: the interface's own MAC address instead of the made-up one. */
static int
pcap_phy_mac_get(const char *name, const char *ifname, struct fpk_ether_addr *mac)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ret = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	if (ret) {
		PCAP_LOG(ERR, "%s: phy_mac=1: cannot read the MAC address of %s: %s: drop "
			 "phy_mac=1\n", name, ifname, strerror(-ret));
		return ret;
	}
	memcpy(mac->addr_bytes, ifr.ifr_hwaddr.sa_data, FPK_ETHER_ADDR_LEN);
	return 0;
}

/* The port's streams open (or loaded, infinite_rx=1) and its address set. */
static int
pcap_port_init(struct fpk_eth_dev *dev, bool phy_mac)
{
	/* DPDK's addresses: locally administered, then "pcap" in ASCII, then a count. */
	static uint8_t port_count;
	struct pcap_port *pp = dev->data->dev_private;
	const char *name = dev->data->name;
	int ret = pcap_streams_open(name, pp);

	for (unsigned int i = 0; ret == 0 && pp->infinite_rx && i < pp->nb_rx; i++)
		ret = pcap_replay_load(name, &pp->rx[i]);
	if (ret)
		return ret;
	if (phy_mac)
		return pcap_phy_mac_get(name, pp->rx[0].name, &dev->data->mac_addr);
	dev->data->mac_addr = (struct fpk_ether_addr){
		.addr_bytes = { 0x02, 'p', 'c', 'a', 'p', port_count++ }
	};
	return 0;
}

static int
pcap_probe(const char *name, const char *args)
{
	static const char *const keys[] = {
		"rx_pcap", "tx_pcap", "rx_iface", "rx_iface_in", "tx_iface", "iface", "phy_mac",
		"infinite_rx", NULL
	};
	struct fpk_eth_dev *dev;
	struct fpk_kvargs *kv;
	struct pcap_port *pp;
	bool phy_mac = false;
	int ret;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	dev = fpk_eth_dev_allocate(name, sizeof(*pp), FPK_SOCKET_ID_ANY);
	if (dev == NULL) {
		fpk_kvargs_free(kv);
		return -fpk_errno;
	}
	pp = dev->data->dev_private;
	ret = pcap_args_parse(name, kv, pp, &phy_mac);
	fpk_kvargs_free(kv);
	if (ret == 0)
		ret = pcap_port_init(dev, phy_mac);
	if (ret) {
		pcap_dev_close(dev);
		fpk_eth_dev_release_port(dev);
		return ret;
	}
	dev->dev_ops = &pcap_ops;
	/* No rx stream: no rx burst, which ethdev answers with nothing. */
	if (pp->infinite_rx)
		dev->rx_pkt_burst = pcap_rx_burst_infinite;
	else if (pp->rx_kind != PCAP_KIND_NONE)
		dev->rx_pkt_burst = pcap_rx_burst;
	if (pp->tx_kind == PCAP_KIND_FILE)
		dev->tx_pkt_burst = pcap_tx_burst_dump;
	else
		dev->tx_pkt_burst = pp->tx_kind == PCAP_KIND_IFACE ? pcap_tx_burst_iface :
				    pcap_tx_burst_drop;
	/* As DPDK's: down until started, and everything a file holds is received. */
	pcap_link_set(dev, FPK_ETH_LINK_DOWN);
	dev->data->promiscuous = 1;
	dev->data->all_multicast = 1;
	fpk_eth_dev_probing_finish(dev);
	PCAP_LOG(DEBUG, "%s: port %u, %u rx and %u tx queue(s)%s\n", name, dev->data->port_id,
		 pp->nb_rx, pp->nb_tx, pp->infinite_rx ? ", infinite_rx" : "");
	return 0;
}

static struct fpk_vdev_driver pcap_driver = {
	.name = PCAP_DRIVER_NAME,
	.usage = "rx_pcap=<file> tx_pcap=<file> rx_iface=<if> rx_iface_in=<if> tx_iface=<if> "
		 "iface=<if> phy_mac=<0|1> infinite_rx=<0|1>",
	.probe = pcap_probe,
	.remove = fpk_eth_dev_close_by_name,
};

FPK_PMD_REGISTER_VDEV(net_pcap, pcap_driver)

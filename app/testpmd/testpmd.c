/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-testpmd: DPDK testpmd's forwarding tool for FPK ports. This file has
 * main(), the ports and mbuf pools, the streams and the forwarding lcores,
 * starting and stopping them, the non-interactive run and the exit path.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fpk_eal.h>
#include <fpk_ethdev.h>
#include <fpk_log.h>
#include <fpk_mbuf.h>

#include "testpmd_app.h"

struct app_params app = {
	.nb_fwd_lcores = 1,
	.engine = &io_engine,
	.topology = TOPO_PAIRED,
	.nb_rxq = 1,
	.nb_txq = 1,
	.mbcache = DEF_MBUF_CACHE,
	.mbuf_data_size = MBUF_DATA_SIZE,
	.rss_hf = FPK_ETH_RSS_IP,        /* DPDK testpmd's default */
};

struct port_state ports[FPK_MAX_ETHPORTS];
uint16_t fwd_ports[FPK_MAX_ETHPORTS];
uint16_t nb_fwd_ports;
unsigned int nb_worker_lcores;
struct fwd_lcore fwd_lcores[FPK_MAX_LCORE];
struct fwd_stream **fwd_streams;
uint16_t nb_fwd_streams;
unsigned int nb_active_lcores;
bool fwd_running;

static struct fpk_mempool *pools[FPK_MAX_NUMA_NODES];
static bool port_configured[FPK_MAX_ETHPORTS];
/* The engine the current streams were set up for: "set fwd" may change app.engine since. */
static const struct fwd_engine *streams_engine;

/* ---- signals ---------------------------------------------------------- */

/*
 * SIGINT/SIGTERM write to a pipe that the main loop and the prompt poll:
 * whichever thread the signal lands on, the main thread wakes up.
 */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_seen;

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig_seen == 0)
		sig_seen = sig;
	if (write(sig_pipe[1], "", 1) < 0) {
		/* The pipe is full: the main thread has been told already. */
	}
	errno = saved;
}

int
signal_fd(void)
{
	return sig_pipe[0];
}

int
signal_received(void)
{
	return sig_seen;
}

int
signals_setup(void)
{
	struct sigaction sa;

	if (pipe(sig_pipe) < 0 || fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(sig_pipe[0], F_SETFD, FD_CLOEXEC) < 0 || fcntl(sig_pipe[1], F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read in the prompt returns on a signal. */
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0)
		return -1;
	return 0;
}

/* ---- exit ------------------------------------------------------------- */

static void
streams_free(void)
{
	for (uint16_t i = 0; i < nb_fwd_streams; i++) {
		if (streams_engine->stream_fini != NULL)
			streams_engine->stream_fini(fwd_streams[i]);
		free(fwd_streams[i]);
	}
	free(fwd_streams);
	fwd_streams = NULL;
	nb_fwd_streams = 0;
}

void
port_mcast_list_free(uint16_t port)
{
	free(ports[port].mc_addrs);
	ports[port].mc_addrs = NULL;
	ports[port].nb_mc_addrs = 0;
}

static void
ports_close(void)
{
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p) {
		if (!ports[p].started)
			continue;
		printf("\nStopping port %u...\nStopping ports...\n", p);
		stop_port(p);
		printf("Done\n");
	}
	FPK_ETH_FOREACH_DEV(p) {
		printf("\nShutting down port %u...\nClosing ports...\n", p);
		fpk_eth_dev_stop(p);
		if (fpk_eth_dev_close(p) == 0)
			printf("Port %u is closed\n", p);
		port_mcast_list_free(p);
		printf("Done\n");
	}
}

/*
 * Free the pools once the ports have given their mbufs back: each must be
 * full again, or something leaked.
 */
static void
pools_free(void)
{
	for (unsigned int s = 0; s < FPK_MAX_NUMA_NODES; s++) {
		struct fpk_mempool *mp = pools[s];
		unsigned int avail;

		if (mp == NULL)
			continue;
		avail = fpk_mempool_avail_count(mp);
		if (avail != mp->size)
			printf("Warning: mbuf pool <%s>: %u of %u mbufs were not returned (leak)\n",
			       mp->name, mp->size - avail, mp->size);
		fpk_mempool_free(mp);
		pools[s] = NULL;
	}
}

void
app_cleanup(void)
{
	if (fwd_running)
		stop_packet_forwarding();
	ports_close();
	streams_free();
	pools_free();
	fpk_eal_cleanup();
}

/* A fatal error after the EAL is up: say why, release everything, exit 1. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fpk-testpmd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	app_cleanup();
	exit(1);
}

/* ---- lcores, ports, pools -------------------------------------------- */

static void
lcores_init(void)
{
	unsigned int lc;

	nb_worker_lcores = 0;
	for (lc = 0; lc < 64 && app.fwd_coremask; lc++) {
		if (!(app.fwd_coremask & (UINT64_C(1) << lc)))
			continue;
		/* DPDK's words, then the fix. */
		if (!fpk_lcore_is_enabled(lc))
			fail("lcore %u not enabled: --coremask 0x%" PRIx64 " names lcores the EAL "
			     "does not run; add them to -l", lc, app.fwd_coremask);
		if (lc == fpk_get_main_lcore())
			fail("lcore %u cannot be masked on for running packet forwarding, which is "
			     "the main lcore and reserved for command line parsing only: clear its "
			     "bit in --coremask", lc);
		fwd_lcores[nb_worker_lcores++].lcore_id = lc;
	}
	if (app.fwd_coremask == 0)
		FPK_LCORE_FOREACH_WORKER(lc)
			fwd_lcores[nb_worker_lcores++].lcore_id = lc;
	if (nb_worker_lcores == 0)
		fail("no lcore to forward on: the EAL has only its main lcore, which runs the "
		     "prompt and statistics; give it at least two, e.g. -l 0-1");
	if (app.nb_fwd_lcores > nb_worker_lcores)
		fail("--nb-cores %u: only %u lcore%s can forward (the EAL's first lcore runs the "
		     "prompt and statistics): give the EAL %u lcores, e.g. -l 0-%u",
		     app.nb_fwd_lcores, nb_worker_lcores, nb_worker_lcores == 1 ? "" : "s",
		     app.nb_fwd_lcores + 1, app.nb_fwd_lcores);
}

static int
port_socket(uint16_t p)
{
	int s = fpk_eth_dev_socket_id(p);

	if (s < 0 || s >= FPK_MAX_NUMA_NODES)
		s = fpk_lcore_to_socket_id(fpk_get_main_lcore());
	return s < 0 || s >= FPK_MAX_NUMA_NODES ? 0 : s;
}

static void
paired_odd_warn(void)
{
	if (app.topology == TOPO_PAIRED && nb_fwd_ports % 2)
		printf("Warning: %u forwarding ports with --port-topology=paired: the last one "
		       "forwards to itself\n", nb_fwd_ports);
}

static void
fwd_ports_init(void)
{
	char present[FPK_MAX_ETHPORTS * 4] = "";
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p)
		snprintf(present + strlen(present), sizeof(present) - strlen(present), "%s%u",
			 present[0] ? ", " : "", p);
	if (fpk_eth_dev_count_avail() == 0)
		fail("no ports: add --vdev net_null0 --vdev net_null1, or bind a NIC to FPK and "
		     "allow it with -a (see doc/guides/testpmd.md)");
	for (unsigned int b = 0; b < 64; b++) {
		if (!(app.portmask & (UINT64_C(1) << b)))
			continue;
		if (b >= FPK_MAX_ETHPORTS || !fpk_eth_dev_is_valid_port((uint16_t)b))
			fail("--portmask 0x%" PRIx64 ": port %u does not exist (ports present: %s)",
			     app.portmask, b, present);
	}
	nb_fwd_ports = 0;
	FPK_ETH_FOREACH_DEV(p)
		if (app.portmask == 0 || (app.portmask & (UINT64_C(1) << p)))
			fwd_ports[nb_fwd_ports++] = p;
	if (app.nb_fwd_ports_max > nb_fwd_ports)
		fail("--nb-ports %u: only %u port%s to forward on (%s): give --nb-ports %u or "
		     "less", app.nb_fwd_ports_max, nb_fwd_ports, nb_fwd_ports == 1 ? "" : "s",
		     app.portmask ? "those of --portmask" : present, nb_fwd_ports);
	if (app.nb_fwd_ports_max)
		nb_fwd_ports = app.nb_fwd_ports_max;
	FPK_ETH_FOREACH_DEV(p) {
		ports[p].socket = port_socket(p);
		if (!app.peer_set[p]) {
			/* testpmd's default peer: 02:00:00:00:00:<port> */
			memset(&app.peer[p], 0, sizeof(app.peer[p]));
			app.peer[p].addr_bytes[0] = 0x02;
			app.peer[p].addr_bytes[5] = (uint8_t)p;
		}
	}
	paired_odd_warn();
}

/* Mbufs a pool needs for the ports on @socket: full rings, bursts, lcore caches. */
static uint32_t
pool_size(int socket)
{
	uint32_t per_port = app.nb_rxq * (uint32_t)(app.nb_rxd ? app.nb_rxd : RX_DESC_SIZING) +
			    app.nb_txq * (uint32_t)(app.nb_txd ? app.nb_txd : TX_DESC_SIZING) +
			    app.nb_txq * (uint32_t)MAX_PKT_BURST;
	uint32_t n = 0;
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p)
		if (ports[p].socket == socket)
			n += per_port;
	/* A cache holds up to 1.5 times its size before it flushes. */
	return n + fpk_lcore_count() * (app.mbcache * 3 / 2 + MAX_PKT_BURST);
}

static void
pools_create(void)
{
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p) {
		int s = ports[p].socket;
		uint32_t n;
		char name[FPK_MEMPOOL_NAMESIZE];

		if (pools[s] == NULL) {
			/* At least 1024 (--total-num-mbufs' floor): a full cache always fits. */
			n = app.total_num_mbufs ? app.total_num_mbufs : pool_size(s);
			snprintf(name, sizeof(name), "mb_pool_%d", s);
			printf("testpmd: create a new mbuf pool <%s>: n=%u, size=%u, socket=%d\n",
			       name, n, app.mbuf_data_size, s);
			pools[s] = fpk_pktmbuf_pool_create(name, n, app.mbcache, 0,
							   app.mbuf_data_size, s);
			if (pools[s] == NULL)
				fail("cannot create mbuf pool <%s> of %u mbufs on socket %d: %s: "
				     "lower --total-num-mbufs or give the EAL more memory (-m)",
				     name, n, s, strerror(fpk_errno));
		}
		ports[p].pool = pools[s];
	}
}

/*
 * Bytes a frame has beyond its MTU, as DPDK 22.11's testpmd reckons them:
 * what the port says (its longest frame less its largest MTU), else the
 * Ethernet header and CRC.
 */
static uint32_t
eth_overhead(const struct fpk_eth_dev_info *info)
{
	if (info->max_mtu != UINT16_MAX && info->max_rx_pktlen > info->max_mtu)
		return info->max_rx_pktlen - info->max_mtu;
	return FPK_ETHER_HDR_LEN + FPK_ETHER_CRC_LEN;
}

/* Configure port @p and set up its queues; @return 0 or -1 after saying why. */
static int
port_setup(uint16_t p)
{
	struct port_state *ps = &ports[p];
	struct fpk_eth_conf conf;
	int ret;

	ret = fpk_eth_dev_info_get(p, &ps->info);
	if (ret < 0) {
		fprintf(stderr, "port %u: cannot read device info: %s\n", p, strerror(-ret));
		return -1;
	}
	if (app.nb_rxq > ps->info.max_rx_queues || app.nb_txq > ps->info.max_tx_queues) {
		fprintf(stderr, "port %u (%s): --rxq %u --txq %u but the device has at most %u rx "
			"and %u tx queues\n", p, ps->info.device_name, app.nb_rxq, app.nb_txq,
			ps->info.max_rx_queues, ps->info.max_tx_queues);
		return -1;
	}
	memset(&conf, 0, sizeof(conf));
	/* Link changes as events (lsc_event_print); drivers without a link interrupt ignore it. */
	conf.intr_conf.lsc = !app.no_lsc_interrupt;
	if (app.max_rx_pkt_len) {
		uint32_t overhead = eth_overhead(&ps->info);

		if (app.max_rx_pkt_len < overhead + ps->info.min_mtu ||
		    app.max_rx_pkt_len > overhead + ps->info.max_mtu) {
			fprintf(stderr, "port %u (%s): --max-pkt-len %u is outside the MTUs it "
				"takes, %u to %u, plus its %u bytes of overhead: give --max-pkt-len "
				"from %u to %u\n", p, ps->info.driver_name, app.max_rx_pkt_len,
				ps->info.min_mtu, ps->info.max_mtu, overhead,
				overhead + ps->info.min_mtu,
				FPK_MIN(overhead + ps->info.max_mtu, (uint32_t)UINT16_MAX));
			return -1;
		}
		conf.rxmode.mtu = app.max_rx_pkt_len - overhead;
	}
	/*
	 * Spread flows over the rx queues when there are several and the
	 * device hashes on some of the --rss-* fields; the hash then goes into
	 * the mbufs too, as in DPDK's testpmd.
	 */
	if (app.nb_rxq > 1 && (app.rss_hf & ps->info.flow_type_rss_offloads)) {
		conf.rxmode.mq_mode = FPK_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = app.rss_hf & ps->info.flow_type_rss_offloads;
		conf.rxmode.offloads |= ps->info.rx_offload_capa & FPK_ETH_RX_OFFLOAD_RSS_HASH;
	} else if (app.nb_rxq > 1 && ps->info.flow_type_rss_offloads) {
		/* Then a NIC steers by its own rule: e1000e all to queue 0, virtio per flow. */
		printf("Port %u (%s): RSS off (%s): the port places packets on its rx queues by its "
		       "own rule (see its guide)\n", p, ps->info.driver_name,
		       app.rss_hf ? "it hashes none of the --rss-* fields" : "--disable-rss");
	}
	/* Multi-segment --txpkts needs it; no other offload is used. */
	conf.txmode.offloads = ps->info.tx_offload_capa & FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	ps->tx_offloads = conf.txmode.offloads;

	printf("Configuring Port %u (socket %d)\n", p, ps->socket);
	ret = fpk_eth_dev_configure(p, app.nb_rxq, app.nb_txq, &conf);
	if (ret < 0) {
		fprintf(stderr, "port %u: configure failed: %s\n", p, strerror(-ret));
		return -1;
	}
	for (uint16_t q = 0; q < app.nb_rxq; q++) {
		ret = fpk_eth_rx_queue_setup(p, q, app.nb_rxd, (unsigned int)ps->socket, NULL,
					     ps->pool);
		if (ret < 0) {
			fprintf(stderr, "port %u: rx queue %u setup failed: %s%s\n", p, q,
				strerror(-ret), ret == -ENOMEM ? ": raise --total-num-mbufs" :
				ret == -EINVAL ? ": check --rxd against the device's limits" : "");
			return -1;
		}
	}
	for (uint16_t q = 0; q < app.nb_txq; q++) {
		ret = fpk_eth_tx_queue_setup(p, q, app.nb_txd, (unsigned int)ps->socket, NULL);
		if (ret < 0) {
			fprintf(stderr, "port %u: tx queue %u setup failed: %s%s\n", p, q,
				strerror(-ret), ret == -EINVAL ?
				": check --txd against the device's limits" : "");
			return -1;
		}
	}
	port_configured[p] = true;
	ret = fpk_eth_promiscuous_enable(p);
	if (ret < 0 && ret != -ENOTSUP)
		fprintf(stderr, "port %u: cannot enable promiscuous mode: %s\n", p, strerror(-ret));
	fpk_eth_macaddr_get(p, &ps->mac);
	return 0;
}

bool
port_is_set_up(uint16_t p)
{
	return port_configured[p];
}

int
start_port(uint16_t p)
{
	char mac[FPK_ETHER_ADDR_FMT_SIZE];
	int ret;

	if (ports[p].started)
		return 0;
	if (!port_configured[p] && port_setup(p) < 0)
		return -1;
	ret = fpk_eth_dev_start(p);
	if (ret < 0) {
		fprintf(stderr, "port %u: start failed: %s\n", p, strerror(-ret));
		return -1;
	}
	ports[p].started = true;
	fpk_ether_format_addr(mac, sizeof(mac), &ports[p].mac);
	printf("Port %u: %s\n", p, mac);
	return 0;
}

void
stop_port(uint16_t p)
{
	if (!ports[p].started)
		return;
	fpk_eth_dev_stop(p);
	ports[p].started = false;
}

/* ---- forwarding ------------------------------------------------------- */

static uint16_t
peer_port_index(uint16_t i)
{
	switch (app.topology) {
	case TOPO_CHAINED:
		return (uint16_t)((i + 1) % nb_fwd_ports);
	case TOPO_LOOP:
		return i;
	case TOPO_PAIRED:
	default:
		if (i & 1)
			return (uint16_t)(i - 1);
		return i + 1 < nb_fwd_ports ? (uint16_t)(i + 1) : i;
	}
}

uint16_t
fwd_plan_nb_streams(void)
{
	return (uint16_t)(nb_fwd_ports * FPK_MIN(app.nb_rxq, app.nb_txq));
}

/*
 * Stream @k: one per (forwarding port, queue), queue-major as testpmd
 * orders them; rx queue q of a port goes to tx queue q of its peer.
 */
void
fwd_plan_stream(uint16_t k, uint16_t *rx_port, uint16_t *tx_port, uint16_t *queue)
{
	uint16_t i = k % nb_fwd_ports;

	*rx_port = fwd_ports[i];
	*tx_port = fwd_ports[peer_port_index(i)];
	*queue = k / nb_fwd_ports;
}

/* Spread the streams over the lcores; the last ones take the remainder, as testpmd does. */
void
fwd_plan_lcores(void)
{
	uint16_t nb = fwd_plan_nb_streams(), first = 0;
	unsigned int nb_lc = FPK_MIN(app.nb_fwd_lcores, (unsigned int)nb);
	unsigned int per, extra;

	/* No stream when every forwarding port was closed. */
	nb_active_lcores = 0;
	if (nb_lc == 0)
		return;
	per = nb / nb_lc;
	extra = nb % nb_lc;

	for (unsigned int i = 0; i < nb_lc; i++) {
		struct fwd_lcore *fc = &fwd_lcores[i];

		fc->first_stream = first;
		fc->nb_streams = (uint16_t)(per + (i >= nb_lc - extra ? 1 : 0));
		first = (uint16_t)(first + fc->nb_streams);
	}
	nb_active_lcores = nb_lc;
}

static int
streams_build(bool tx_first)
{
	uint16_t nb = fwd_plan_nb_streams();

	nb_fwd_streams = 0;
	streams_engine = app.engine;
	fwd_streams = calloc(nb, sizeof(*fwd_streams));
	if (fwd_streams == NULL)
		return -ENOMEM;
	for (uint16_t k = 0; k < nb; k++) {
		struct fwd_stream *fs = aligned_alloc(FPK_CACHE_LINE_SIZE, sizeof(*fs));
		uint16_t q;
		int ret = 0;

		if (fs == NULL)
			return -ENOMEM;
		memset(fs, 0, sizeof(*fs));
		fwd_plan_stream(k, &fs->rx_port, &fs->tx_port, &q);
		fs->rx_queue = fs->tx_queue = q;
		fs->pool = ports[fs->tx_port].pool;
		fs->rx_mac = ports[fs->rx_port].mac;
		fs->tx_mac = ports[fs->tx_port].mac;
		fs->peer_mac = app.peer[fs->tx_port];
		fs->tx_seq = ports[fs->tx_port].tx_seq[q];
		/* "port P rxq Q stop" before start: as DPDK's testpmd, skip the stream. */
		if (fpk_eth_rx_queue_state(fs->rx_port, q) == FPK_ETH_QUEUE_STATE_STOPPED ||
		    fpk_eth_tx_queue_state(fs->tx_port, q) == FPK_ETH_QUEUE_STATE_STOPPED) {
			fs->disabled = true;
			printf("Stream RX P=%u/Q=%u -> TX P=%u/Q=%u is not polled: a queue of it is "
			       "stopped\n", fs->rx_port, q, fs->tx_port, q);
		}
		if (tx_first && !app.engine->generates)
			ret = txgen_stream_init(fs);
		if (ret == 0 && app.engine->stream_init != NULL)
			ret = app.engine->stream_init(fs);
		if (ret < 0) {
			free(fs);
			return ret;
		}
		fwd_streams[k] = fs;
		nb_fwd_streams = (uint16_t)(k + 1);
	}
	return 0;
}

static int
fwd_lcore_run(void *arg)
{
	struct fwd_lcore *fc = arg;
	struct fwd_stream **fsl = &fwd_streams[fc->first_stream];
	uint16_t nb = fc->nb_streams;
	void (*packet_fwd)(struct fwd_stream *fs) = app.engine->packet_fwd;

	do {
		for (uint16_t i = 0; i < nb; i++)
			if (!fsl[i]->disabled)
				packet_fwd(fsl[i]);
	} while (!__atomic_load_n(&fc->stop, __ATOMIC_RELAXED));
	return 0;
}

static int
tx_first_lcore_run(void *arg)
{
	struct fwd_lcore *fc = arg;

	for (uint16_t i = 0; i < fc->nb_streams; i++)
		if (!fwd_streams[fc->first_stream + i]->disabled)
			txonly_fwd(fwd_streams[fc->first_stream + i]);
	return 0;
}

static void
launch_and_wait(int (*fn)(void *arg), bool wait)
{
	for (unsigned int i = 0; i < nb_active_lcores; i++) {
		__atomic_store_n(&fwd_lcores[i].stop, false, __ATOMIC_RELAXED);
		fpk_eal_remote_launch(fn, &fwd_lcores[i], fwd_lcores[i].lcore_id);
	}
	if (wait)
		for (unsigned int i = 0; i < nb_active_lcores; i++)
			fpk_eal_wait_lcore(fwd_lcores[i].lcore_id);
}

/* The checks a mode's packets need from the ports: --txpkts shape and segments. */
static int
fwd_check_ports(bool tx_first)
{
	if (!app.engine->generates && !tx_first)
		return 0;
	if (fwd_check_txpkts(app.mbuf_data_size - FPK_PKTMBUF_HEADROOM) < 0)
		return -1;
	for (uint16_t i = 0; i < nb_fwd_ports && fwd_cfg.nb_txpkts > 1; i++) {
		uint16_t p = fwd_ports[i];

		if (!(ports[p].tx_offloads & FPK_ETH_TX_OFFLOAD_MULTI_SEGS)) {
			fprintf(stderr, "port %u (%s) cannot send multi-segment packets, which "
				"--txpkts with %u segments makes: give one length\n", p,
				ports[p].info.driver_name, fwd_cfg.nb_txpkts);
			return -1;
		}
	}
	return 0;
}

int
start_packet_forwarding(unsigned int tx_first)
{
	int ret;

	if (fwd_running) {
		printf("Packet forwarding already started\n");
		return -1;
	}
	if (nb_fwd_ports == 0) {
		fprintf(stderr, "no port to forward on: the forwarding ports were closed; "
			"'set portlist' names ports that are still there\n");
		return -1;
	}
	for (uint16_t i = 0; i < nb_fwd_ports; i++) {
		if (!ports[fwd_ports[i]].started) {
			fprintf(stderr, "port %u is not started: 'port start all' first\n",
				fwd_ports[i]);
			return -1;
		}
	}
	if (fwd_check_ports(tx_first > 0) < 0)
		return -1;
	streams_free();
	ret = streams_build(tx_first > 0);
	if (ret < 0) {
		fprintf(stderr, "cannot set up the forwarding streams: %s\n", strerror(-ret));
		streams_free();
		return -1;
	}
	fwd_plan_lcores();
	for (uint16_t i = 0; i < nb_fwd_ports; i++)
		fpk_eth_stats_get(fwd_ports[i], &ports[fwd_ports[i]].base);
	fwd_config_display();
	rxtx_config_display();
	/* Each round waits for the last, as DPDK's "start tx_first N" does. */
	for (unsigned int b = 0; b < tx_first; b++)
		launch_and_wait(tx_first_lcore_run, true);
	launch_and_wait(fwd_lcore_run, false);
	fwd_running = true;
	return 0;
}

void
stop_packet_forwarding(void)
{
	if (!fwd_running) {
		printf("Packet forwarding not started\n");
		return;
	}
	printf("Telling cores to stop...\n");
	for (unsigned int i = 0; i < nb_active_lcores; i++)
		__atomic_store_n(&fwd_lcores[i].stop, true, __ATOMIC_RELAXED);
	printf("Waiting for lcores to finish...\n");
	for (unsigned int i = 0; i < nb_active_lcores; i++)
		fpk_eal_wait_lcore(fwd_lcores[i].lcore_id);
	fwd_running = false;
	for (uint16_t i = 0; i < nb_fwd_streams; i++)
		ports[fwd_streams[i]->tx_port].tx_seq[fwd_streams[i]->tx_queue] =
			fwd_streams[i]->tx_seq;
	fwd_stats_display();
	printf("\nDone.\n");
}

/* Link-state change events, with testpmd's wording, then the new state. */
static int
lsc_event_print(uint16_t port_id, enum fpk_eth_event_type event, void *cb_arg, void *param)
{
	struct fpk_eth_link link;
	char state[64] = "unknown";

	(void)event;
	(void)cb_arg;
	(void)param;
	if (fpk_eth_link_get_nowait(port_id, &link) == 0)
		fpk_eth_link_to_str(state, sizeof(state), &link);
	printf("\nPort %u: link state change event\nPort %u: %s\n", port_id, port_id, state);
	return 0;
}

/*
 * Like DPDK's testpmd, give started ports up to 9 s to bring their link up
 * before forwarding: frames sent (--tx-first) while a real NIC's link is
 * still down are simply lost.
 */
void
check_link_status(void)
{
	struct fpk_eth_link link;
	bool all_up = false;
	uint16_t p;

	printf("Checking link statuses...\n");
	fflush(stdout);
	for (int i = 0; i < 90 && !all_up && !signal_received(); i++) {
		all_up = true;
		FPK_ETH_FOREACH_DEV(p)
			if (fpk_eth_dev_is_started(p) == 1 &&
			    (fpk_eth_link_get_nowait(p, &link) != 0 ||
			     link.link_status != FPK_ETH_LINK_UP))
				all_up = false;
		if (!all_up)
			fpk_delay_ms_sleep(100);
	}
	FPK_ETH_FOREACH_DEV(p) {
		char buf[64];

		if (fpk_eth_dev_is_started(p) != 1 || fpk_eth_link_get_nowait(p, &link) != 0)
			continue;
		fpk_eth_link_to_str(buf, sizeof(buf), &link);
		printf("Port %u: %s\n", p, buf);
	}
	printf("Done\n");
}

/*
 * Everything between the options and the run: the forwarding lcores, the
 * ports, their pools, every port started and its link up. Exits through
 * fail() on an error.
 */
void
app_setup(void)
{
	uint16_t p;

	lcores_init();
	fwd_ports_init();
	pools_create();
	fwd_cfg.txpkts_room = (uint16_t)(app.mbuf_data_size - FPK_PKTMBUF_HEADROOM);
	fpk_eth_dev_callback_register(FPK_MAX_ETHPORTS, FPK_ETH_EVENT_INTR_LSC, lsc_event_print, NULL);
	if (app.interactive)
		printf("Interactive-mode selected\n");
	if (app.engine != &io_engine)
		printf("Set %s packet forwarding mode\n", app.engine->name);
	FPK_ETH_FOREACH_DEV(p)
		if (start_port(p) < 0)
			fail("cannot start port %u (see above)", p);
	check_link_status();
}

/* ---- the prompt's port and configuration commands ------------------ */

/* Drop a closed port from the forwarding ports, keeping the others' order. */
static void
fwd_ports_remove(uint16_t port)
{
	uint16_t n = 0;

	for (uint16_t i = 0; i < nb_fwd_ports; i++)
		if (fwd_ports[i] != port)
			fwd_ports[n++] = fwd_ports[i];
	nb_fwd_ports = n;
}

/*
 * As DPDK: a closed port is gone (its id answers "Invalid port" from then
 * on) and leaves the forwarding ports.
 */
void
port_close(uint16_t port)
{
	int ret;

	printf("Closing ports...\n");
	if (ports[port].started) {
		printf("Cannot close started device (port %u): 'port stop %u' first\n", port, port);
		printf("Done\n");
		return;
	}
	/* Forwarding ports are started, so running streams never name this one. */
	if (!fwd_running)
		streams_free();
	ret = fpk_eth_dev_close(port);
	if (ret < 0)
		printf("Port %u: its driver failed to close it (%s); it is released all the same\n",
		       port, strerror(-ret));
	else
		printf("Port %u is closed\n", port);
	port_configured[port] = false;
	port_mcast_list_free(port);
	fwd_ports_remove(port);
	printf("Done\n");
}

/* A reset port is configured again, with its queues, at its next start. */
void
port_reset(uint16_t port)
{
	int ret;

	if (ports[port].started) {
		printf("Can not reset port(s), please stop port(s) first.\n");
		return;
	}
	printf("Resetting ports...\n");
	ret = fpk_eth_dev_reset(port);
	if (ret == -ENOTSUP)
		printf("Failed to reset port %u. diag=%d: its driver (%s) cannot reset its device; "
		       "'port close %u' drops the port instead\n", port, ret,
		       ports[port].info.driver_name, port);
	else if (ret < 0)
		printf("Failed to reset port %u. diag=%d (%s)\n", port, ret, strerror(-ret));
	if (ret != -ENOTSUP)
		port_configured[port] = false;
	printf("Done\n");
}

void
port_mtu_set(uint16_t port, const char *arg)
{
	struct fpk_eth_dev_info info;
	unsigned long mtu;
	uint32_t frame;
	int ret;

	if (parse_uint(arg, 0, UINT16_MAX, &mtu) < 0) {
		printf("Invalid MTU '%s': give a size in bytes, e.g. 9000\n", arg);
		return;
	}
	ret = fpk_eth_dev_info_get(port, &info);
	if (ret < 0) {
		printf("port %u: cannot read device info: %s\n", port, strerror(-ret));
		return;
	}
	/* DPDK's checks and words; the limits are the port's. */
	frame = (uint32_t)mtu + eth_overhead(&info);
	if (mtu < info.min_mtu) {
		printf("MTU (%lu) < device min MTU (%u) for port_id %u\n", mtu, info.min_mtu, port);
		return;
	}
	if (mtu > info.max_mtu) {
		printf("MTU (%lu) > device max MTU (%u) for port_id %u\n", mtu, info.max_mtu, port);
		return;
	}
	if (frame > info.max_rx_pktlen) {
		printf("Frame size (%u) > device max frame size (%u) for port_id %u\n", frame,
		       info.max_rx_pktlen, port);
		return;
	}
	ret = fpk_eth_dev_set_mtu(port, (uint16_t)mtu);
	if (ret == -ENOTSUP)
		printf("Set MTU failed. diag=%d: port %u (%s) cannot change its MTU\n", ret, port,
		       info.driver_name);
	else if (ret < 0)
		printf("Set MTU failed. diag=%d (%s)\n", ret, strerror(-ret));
}

/*
 * Whether @v is a number of queues (@desc false) or descriptors every port
 * takes; prints DPDK's refusal (or FPK's, for what DPDK does not check)
 * naming the first port that does not.
 */
static bool
queues_fit(const char *what, bool rx, bool desc, unsigned long v)
{
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p) {
		struct fpk_eth_dev_info info;
		const struct fpk_eth_desc_lim *lim;
		uint16_t max_q;

		if (fpk_eth_dev_info_get(p, &info) < 0)
			continue;
		lim = rx ? &info.rx_desc_lim : &info.tx_desc_lim;
		max_q = rx ? info.max_rx_queues : info.max_tx_queues;
		if (!desc && v > max_q) {
			printf("Fail: input %s (%lu) can't be greater than max_%s_queues (%u) of "
			       "port %u\n", what, v, rx ? "rx" : "tx", max_q, p);
			return false;
		}
		/* 0 descriptors: the driver's default. */
		if (!desc || v == 0)
			continue;
		if (v > lim->nb_max) {
			printf("Fail: input %s (%lu) can't be greater than max_%ss (%u) of port %u\n",
			       what, v, what, lim->nb_max, p);
			return false;
		}
		if (v < lim->nb_min) {
			printf("Fail: input %s (%lu) can't be less than min_%ss (%u) of port %u\n",
			       what, v, what, lim->nb_min, p);
			return false;
		}
		if (lim->nb_align > 1 && v % lim->nb_align) {
			printf("Fail: input %s (%lu) must be a multiple of %u for port %u\n", what, v,
			       lim->nb_align, p);
			return false;
		}
	}
	return true;
}

/*
 * port config all rxq|txq|rxd|txd N: with every port stopped, as DPDK
 * asks; the ports take it at their next start, which configures them again.
 */
void
port_queues_config(const char *what, const char *arg)
{
	bool rx = what[0] == 'r', desc = what[2] == 'd';
	unsigned long v;
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p) {
		if (ports[p].started) {
			printf("Please stop all ports first\n");
			return;
		}
	}
	if (parse_uint(arg, 0, UINT16_MAX, &v) < 0) {
		printf("Invalid number '%s' for %s: give 0..%u\n", arg, what, UINT16_MAX);
		return;
	}
	/* DPDK takes 0 queues one way; FPK forwards rx queue q to tx queue q. */
	if (!desc && v == 0) {
		printf("port config all %s 0: fpk-testpmd forwards each rx queue to the tx queue "
		       "of the same id, so it needs one of each at least: give 1 or more\n", what);
		return;
	}
	if (!queues_fit(what, rx, desc, v))
		return;
	if (desc && rx)
		app.nb_rxd = (uint16_t)v;
	else if (desc)
		app.nb_txd = (uint16_t)v;
	else if (rx)
		app.nb_rxq = (uint16_t)v;
	else
		app.nb_txq = (uint16_t)v;
	FPK_ETH_FOREACH_DEV(p)
		port_configured[p] = false;
}

void
port_allmulti_set(uint16_t port, bool on)
{
	int ret = on ? fpk_eth_allmulticast_enable(port) : fpk_eth_allmulticast_disable(port);

	if (ret == -ENOTSUP)
		printf("Error during %s all-multicast mode for port %u: %s: its driver (%s) has no "
		       "all-multicast switch\n", on ? "enabling" : "disabling", port,
		       strerror(-ret), ports[port].info.driver_name);
	else if (ret < 0)
		printf("Error during %s all-multicast mode for port %u: %s\n",
		       on ? "enabling" : "disabling", port, strerror(-ret));
}

void
port_link_set(uint16_t port, bool up)
{
	int ret = up ? fpk_eth_dev_set_link_up(port) : fpk_eth_dev_set_link_down(port);

	if (ret == -ENOTSUP)
		printf("\nSet link %s fail.\nFunction not supported in PMD: port %u (%s) cannot set "
		       "its link by hand; see its guide in doc/guides/nics\n", up ? "up" : "down",
		       port, ports[port].info.driver_name);
	else if (ret < 0)
		printf("\nSet link %s fail.\nport %u: %s\n", up ? "up" : "down", port,
		       strerror(-ret));
}

void
port_mac_addr_set(uint16_t port, const char *arg)
{
	struct fpk_ether_addr mac;
	int ret;

	if (fpk_ether_unformat_addr(arg, &mac) < 0) {
		printf("Invalid MAC address '%s': give six hexadecimal bytes, e.g. "
		       "02:11:22:33:44:55\n", arg);
		return;
	}
	ret = fpk_eth_dev_default_mac_addr_set(port, &mac);
	if (ret == -EINVAL)
		printf("mac_addr_cmd error: (%s): give a unicast address (even first byte), not "
		       "all zeros\n", strerror(-ret));
	else if (ret == -ENOTSUP)
		printf("mac_addr_cmd error: (%s): port %u (%s) cannot change its MAC address\n",
		       strerror(-ret), port, ports[port].info.driver_name);
	else if (ret < 0)
		printf("mac_addr_cmd error: (%s)\n", strerror(-ret));
	else
		ports[port].mac = mac; /* the streams of the next start use it */
}

/*
 * DPDK's mcast_addr: testpmd keeps each port's list and hands the driver
 * the whole of it after every change; a change the driver refuses is
 * undone, so the list stays what the port filters on.
 */
static bool
mcast_addr_parse(const char *arg, struct fpk_ether_addr *mc)
{
	const uint8_t *b = mc->addr_bytes;

	if (fpk_ether_unformat_addr(arg, mc) < 0) {
		printf("Invalid MAC address '%s': give six hexadecimal bytes, e.g. "
		       "01:00:5E:00:00:01\n", arg);
		return false;
	}
	if (!fpk_is_multicast_ether_addr(mc)) {
		printf("Invalid multicast addr %02X:%02X:%02X:%02X:%02X:%02X: give a multicast "
		       "address (odd first byte), e.g. 01:00:5E:00:00:01\n", b[0], b[1], b[2], b[3],
		       b[4], b[5]);
		return false;
	}
	return true;
}

/* Where @mc is in @port's list, or nb_mc_addrs if it is not. */
static uint32_t
mcast_addr_find(uint16_t port, const struct fpk_ether_addr *mc)
{
	const struct port_state *ps = &ports[port];
	uint32_t i;

	for (i = 0; i < ps->nb_mc_addrs; i++)
		if (fpk_is_same_ether_addr(&ps->mc_addrs[i], mc))
			break;
	return i;
}

static int
mcast_list_apply(uint16_t port)
{
	const struct port_state *ps = &ports[port];
	int ret = fpk_eth_dev_set_mc_addr_list(port, ps->mc_addrs, ps->nb_mc_addrs);

	if (ret == 0)
		return 0;
	printf("fpk_eth_dev_set_mc_addr_list(port=%u, nb=%u) failed. diag=%d", port,
	       ps->nb_mc_addrs, ret);
	if (ret == -ENOTSUP)
		printf(": port %u (%s) has no multicast filter; 'set allmulti %u on' receives "
		       "every multicast frame\n", port, ports[port].info.driver_name, port);
	else if (ret == -EINVAL)
		printf(": the driver's table cannot hold the list (its log line says); 'set "
		       "allmulti %u on' receives every multicast frame\n", port);
	else
		printf(": %s\n", strerror(-ret));
	return ret;
}

void
port_mcast_addr_add(uint16_t port, const char *arg)
{
	struct port_state *ps = &ports[port];
	struct fpk_ether_addr mc, *list;

	if (!mcast_addr_parse(arg, &mc))
		return;
	if (mcast_addr_find(port, &mc) < ps->nb_mc_addrs) {
		printf("multicast address already filtered by port: port %u has it in its list\n",
		       port);
		return;
	}
	list = realloc(ps->mc_addrs, (ps->nb_mc_addrs + 1) * sizeof(*list));
	if (list == NULL) {
		printf("allocation of pool of %u multicast addresses failed: out of memory\n",
		       ps->nb_mc_addrs + 1);
		return;
	}
	ps->mc_addrs = list;
	list[ps->nb_mc_addrs++] = mc;
	if (mcast_list_apply(port) < 0)
		ps->nb_mc_addrs--;
}

void
port_mcast_addr_remove(uint16_t port, const char *arg)
{
	struct port_state *ps = &ports[port];
	struct fpk_ether_addr mc;
	uint32_t i;

	if (!mcast_addr_parse(arg, &mc))
		return;
	i = mcast_addr_find(port, &mc);
	if (i == ps->nb_mc_addrs) {
		printf("multicast address not filtered by port %u: 'mcast_addr add %u %s' "
		       "adds it\n", port, port, arg);
		return;
	}
	memmove(&ps->mc_addrs[i], &ps->mc_addrs[i + 1],
		(ps->nb_mc_addrs - i - 1) * sizeof(ps->mc_addrs[0]));
	ps->nb_mc_addrs--;
	/* The array keeps its room, so putting the address back cannot fail. */
	if (mcast_list_apply(port) < 0)
		ps->mc_addrs[ps->nb_mc_addrs++] = mc;
}

/* @s at a port id; parses it into *@v and moves @s past it. */
static bool
portlist_number(const char **s, unsigned long *v)
{
	char *end;

	if (**s < '0' || **s > '9') {
		printf("character %c is not a decimal digit: set portlist takes port ids and "
		       "ranges, e.g. 0,1 or 0-3\n", **s ? **s : ' ');
		return false;
	}
	errno = 0;
	*v = strtoul(*s, &end, 10);
	if (errno || *v >= FPK_MAX_ETHPORTS || !fpk_eth_dev_is_valid_port((uint16_t)*v)) {
		printf("Invalid port %.*s\n", (int)(end - *s), *s);
		return false;
	}
	*s = end;
	return true;
}

/*
 * set portlist 1,0 / 0-3 / 0,2-3: the forwarding ports and their order
 * (paired topology pairs them in this order); a port named twice counts
 * once, as in DPDK.
 */
void
fwd_portlist_set(const char *list)
{
	uint16_t nb = 0, ids[FPK_MAX_ETHPORTS];
	bool seen[FPK_MAX_ETHPORTS] = { false };
	const char *s = list;

	for (;;) {
		unsigned long lo, hi;

		if (!portlist_number(&s, &lo))
			return;
		hi = lo;
		if (*s == '-') {
			s++;
			if (!portlist_number(&s, &hi))
				return;
			if (hi < lo) {
				printf("Invalid port range %lu-%lu: write it lowest first (%lu-%lu)\n",
				       lo, hi, hi, lo);
				return;
			}
		}
		for (unsigned long p = lo; p <= hi; p++) {
			if (!fpk_eth_dev_is_valid_port((uint16_t)p)) {
				printf("Invalid port %lu\n", p);
				return;
			}
			if (!seen[p])
				ids[nb++] = (uint16_t)p;
			seen[p] = true;
		}
		if (*s == '\0')
			break;
		if (*s != ',') {
			printf("character %c is not a decimal digit: set portlist takes port ids "
			       "and ranges, e.g. 0,1 or 0-3\n", *s);
			return;
		}
		s++;
	}
	if (nb != nb_fwd_ports)
		printf("previous number of forwarding ports %u - changed to number of configured "
		       "ports %u\n", nb_fwd_ports, nb);
	memcpy(fwd_ports, ids, nb * sizeof(ids[0]));
	nb_fwd_ports = nb;
	paired_odd_warn();
}

void
log_global_set(const char *arg)
{
	int level = fpk_log_parse_level(arg);

	if (level < 0) {
		printf("Invalid log level '%s': give 1 (emergency) to 8 (debug), or a name: "
		       "emergency, alert, critical, error, warning, notice, info, debug\n", arg);
		return;
	}
	fpk_log_set_global_level(level);
}

/*
 * The program: the fuzz targets of app/test/fuzz compile this file with
 * FPK_TESTPMD_NO_MAIN to run the setup and commands above without it.
 */
#ifndef FPK_TESTPMD_NO_MAIN

/* ---- non-interactive run ---------------------------------------------- */

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
periodic_stats(void)
{
	/* Clear the screen as testpmd does, only where there is a screen. */
	if (isatty(STDOUT_FILENO))
		printf("\033[2J\033[1;1H");
	printf("\nPort statistics ====================================");
	for (uint16_t i = 0; i < nb_fwd_ports; i++)
		nic_stats_display(fwd_ports[i]);
	fflush(stdout);
}

/* Forward until a signal (or Enter on a terminal when no --stats-period). */
static void
run_until_signal(void)
{
	struct pollfd pfd[2] = {
		{ .fd = signal_fd(), .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	nfds_t nfds = 1;
	uint64_t period = (uint64_t)app.stats_period * 1000, next = now_ms() + period;

	if (period == 0 && isatty(STDIN_FILENO)) {
		printf("Press enter to exit\n");
		nfds = 2;
	}
	while (!signal_received()) {
		int timeout = -1;

		if (period) {
			uint64_t t = now_ms();

			timeout = next > t ? (int)(next - t) : 0;
		}
		if (poll(pfd, nfds, timeout) > 0 && nfds == 2 && pfd[1].revents)
			break;
		if (period && now_ms() >= next) {
			periodic_stats();
			next += period;
		}
	}
	if (signal_received())
		printf("\nSignal %d received, preparing to exit...\n", signal_received());
}

/*
 * Open /dev/null on whichever of fds 0, 1 and 2 is closed ("fpk-testpmd -i
 * <&-"), before anything else opens a file: the signal pipe, or any fd of
 * the EAL's, would otherwise become stdin or stdout, and the prompt would
 * wait on its own signal pipe forever. A closed stdin then reads as end of
 * input. @return 0, or -1 (errno set) if /dev/null cannot be opened.
 */
static int
std_fds_ensure(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* open() takes the lowest free fd: this one, as the lower ones are open. */
		nfd = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
		if (nfd < 0)
			return -1;
		if (nfd != fd) {
			errno = EBADF;
			close(nfd);
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int ret;

	if (std_fds_ensure() < 0) {
		/* stderr may be the closed one: the exit status says it then. */
		fprintf(stderr, "fpk-testpmd: stdin, stdout or stderr is closed and /dev/null "
			"cannot be opened in its place: %s; run with all three open\n",
			strerror(errno));
		return 1;
	}
	/* Output goes to pipes in tests and scripts: keep lines whole and timely. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (app_wants_help(argc, argv)) {
		usage(argv[0]);
		return 0;
	}
	fpk_eal_set_usage_hook(usage_app);
	/* Before the EAL's (slow) start-up, so that a signal then is not lost either. */
	if (signals_setup() < 0) {
		fprintf(stderr, "fpk-testpmd: cannot install the SIGINT/SIGTERM handlers: %s\n",
			strerror(errno));
		return 1;
	}
	ret = fpk_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "fpk-testpmd: cannot initialise the EAL: %s\n", strerror(fpk_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	ret = parse_args(argc, argv);
	if (ret < 0) {
		fpk_eal_cleanup();
		return 1;
	}
	if (ret > 0) {
		/* --help inside a group of short options or abbreviated (-ih, --he). */
		usage(argv[0]);
		fpk_eal_cleanup();
		return 0;
	}
	app_setup();

	if (app.interactive) {
		if (app.auto_start) {
			printf("Start automatic packet forwarding\n");
			start_packet_forwarding(app.tx_first);
		}
		prompt();
	} else {
		printf("No commandline core given, start packet forwarding\n");
		if (start_packet_forwarding(app.tx_first) < 0)
			fail("cannot start forwarding (see above)");
		run_until_signal();
	}
	app_cleanup();
	printf("\nBye...\n");
	return 0;
}

#endif /* FPK_TESTPMD_NO_MAIN */

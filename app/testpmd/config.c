/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What fpk-testpmd prints about ports, streams and statistics. Labels,
 * borders and column widths are DPDK testpmd's, so that scripts written to
 * parse testpmd's output ("Rx-pps:", "RX-packets:", the Forward statistics
 * blocks) parse this one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_devargs.h>
#include <fpk_ethdev.h>
#include <fpk_memzone.h>
#include <fpk_mempool.h>

#include "testpmd_app.h"

static const char nic_border[] = "########################";
static const char fwd_border[] = "----------------------";
static const char acc_border[] = "+++++++++++++++";

static const char info_border[] = "*********************";

/* A link speed as DPDK's rte_eth_link_speed_to_str() words it. */
static const char *
link_speed_str(uint32_t speed, char *buf, size_t len)
{
	if (speed == FPK_ETH_SPEED_NUM_NONE)
		return "None";
	if (speed == FPK_ETH_SPEED_NUM_UNKNOWN)
		return "Unknown";
	if (speed == 2500)
		return "2.5 Gbps";
	if (speed >= 1000)
		snprintf(buf, len, "%u Gbps", speed / 1000);
	else
		snprintf(buf, len, "%u Mbps", speed);
	return buf;
}

/* Per second over @ns nanoseconds; 0 on the first show, as testpmd. */
static uint64_t
rate(uint64_t now, uint64_t last, uint64_t ns)
{
	if (ns == 0 || now < last)
		return 0;
	return (uint64_t)((double)(now - last) * 1e9 / (double)ns);
}

void
nic_stats_display(uint16_t port)
{
	struct port_state *ps = &ports[port];
	struct fpk_eth_stats st;
	uint64_t ns = fpk_get_time_ns(), diff_ns = ps->last_ns ? ns - ps->last_ns : 0;

	if (fpk_eth_stats_get(port, &st) < 0) {
		printf("Cannot read the statistics of port %u\n", port);
		return;
	}
	printf("\n  %s NIC statistics for port %-2u %s\n", nic_border, port, nic_border);
	printf("  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64 " RX-bytes:  %-" PRIu64 "\n",
	       st.ipackets, st.imissed, st.ibytes);
	printf("  RX-errors: %-" PRIu64 "\n", st.ierrors);
	printf("  RX-nombuf:  %-10" PRIu64 "\n", st.rx_nombuf);
	printf("  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64 " TX-bytes:  %-" PRIu64 "\n",
	       st.opackets, st.oerrors, st.obytes);
	printf("\n  Throughput (since last show)\n");
	printf("  Rx-pps: %12" PRIu64 "          Rx-bps: %12" PRIu64 "\n"
	       "  Tx-pps: %12" PRIu64 "          Tx-bps: %12" PRIu64 "\n",
	       rate(st.ipackets, ps->last_rx_pkts, diff_ns),
	       rate(st.ibytes, ps->last_rx_bytes, diff_ns) * 8,
	       rate(st.opackets, ps->last_tx_pkts, diff_ns),
	       rate(st.obytes, ps->last_tx_bytes, diff_ns) * 8);
	printf("  %s############################%s\n", nic_border, nic_border);
	ps->last_rx_pkts = st.ipackets;
	ps->last_tx_pkts = st.opackets;
	ps->last_rx_bytes = st.ibytes;
	ps->last_tx_bytes = st.obytes;
	ps->last_ns = ns;
}

void
nic_stats_clear(uint16_t port)
{
	struct port_state *ps = &ports[port];

	if (fpk_eth_stats_reset(port) < 0) {
		printf("Cannot clear the statistics of port %u\n", port);
		return;
	}
	/* Forward statistics count from here on, and so does the throughput. */
	fpk_eth_stats_get(port, &ps->base);
	ps->last_rx_pkts = ps->last_tx_pkts = ps->last_rx_bytes = ps->last_tx_bytes = 0;
	ps->last_ns = 0;
	printf("\n  NIC statistics for port %u cleared\n", port);
}

void
nic_xstats_display(uint16_t port)
{
	int n = fpk_eth_xstats_get_names(port, NULL, 0);
	struct fpk_eth_xstat_name *names;
	struct fpk_eth_xstat *vals;

	if (n < 0) {
		printf("Cannot read the extended statistics of port %u\n", port);
		return;
	}
	names = calloc((size_t)n + 1, sizeof(*names));
	vals = calloc((size_t)n + 1, sizeof(*vals));
	if (names == NULL || vals == NULL ||
	    fpk_eth_xstats_get_names(port, names, (unsigned int)n) != n ||
	    fpk_eth_xstats_get(port, vals, (unsigned int)n) != n) {
		printf("Cannot read the extended statistics of port %u\n", port);
	} else {
		printf("###### NIC extended statistics for port %-2u\n", port);
		for (int i = 0; i < n; i++)
			printf("%s: %" PRIu64 "\n", names[i].name, vals[i].value);
	}
	free(names);
	free(vals);
}

void
port_infos_display(uint16_t port)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_link link;
	struct fpk_ether_addr mac;
	char buf[64];
	uint16_t mtu = 0;

	if (fpk_eth_dev_info_get(port, &info) < 0) {
		printf("Invalid port %u\n", port);
		return;
	}
	printf("\n********************* Infos for port %-2u *********************\n", port);
	fpk_eth_macaddr_get(port, &mac);
	fpk_ether_format_addr(buf, sizeof(buf), &mac);
	printf("MAC address: %s\n", buf);
	printf("Device name: %s\n", info.device_name ? info.device_name : "");
	printf("Driver name: %s\n", info.driver_name ? info.driver_name : "");
	printf("Connect to socket: %d\n", ports[port].socket);
	printf("memory allocation on the socket: %d\n", ports[port].socket);
	if (fpk_eth_link_get_nowait(port, &link) == 0) {
		printf("Link status: %s\n", link.link_status ? "up" : "down");
		printf("Link speed: %s\n", link_speed_str(link.link_speed, buf, sizeof(buf)));
		printf("Link duplex: %s\n", link.link_duplex ? "full-duplex" : "half-duplex");
		printf("Autoneg status: %s\n", link.link_autoneg ? "On" : "Off");
	}
	if (fpk_eth_dev_get_mtu(port, &mtu) == 0)
		printf("MTU: %u\n", mtu);
	printf("Promiscuous mode: %s\n", fpk_eth_promiscuous_get(port) == 1 ? "enabled" : "disabled");
	printf("Allmulticast mode: %s\n", fpk_eth_allmulticast_get(port) == 1 ? "enabled" : "disabled");
	printf("Maximum number of MAC addresses: %u\n", info.max_mac_addrs);
	if (info.hash_key_size > 0)
		printf("Hash key size in bytes: %u\n", info.hash_key_size);
	if (info.reta_size > 0)
		printf("Redirection table size: %u\n", info.reta_size);
	if (info.flow_type_rss_offloads == 0) {
		printf("No RSS offload flow type is supported.\n");
	} else {
		printf("Supported RSS offload flow types:\n");
		rss_types_print(info.flow_type_rss_offloads);
	}
	printf("Minimum size of RX buffer: %u\n", info.min_rx_bufsize);
	printf("Maximum configurable length of RX packet: %u\n", info.max_rx_pktlen);
	printf("Current number of RX queues: %u\n", info.nb_rx_queues);
	printf("Max possible RX queues: %u\n", info.max_rx_queues);
	printf("Max possible number of RXDs per queue: %u\n", info.rx_desc_lim.nb_max);
	printf("Min possible number of RXDs per queue: %u\n", info.rx_desc_lim.nb_min);
	printf("RXDs number alignment: %u\n", info.rx_desc_lim.nb_align);
	printf("Current number of TX queues: %u\n", info.nb_tx_queues);
	printf("Max possible TX queues: %u\n", info.max_tx_queues);
	printf("Max possible number of TXDs per queue: %u\n", info.tx_desc_lim.nb_max);
	printf("Min possible number of TXDs per queue: %u\n", info.tx_desc_lim.nb_min);
	printf("TXDs number alignment: %u\n", info.tx_desc_lim.nb_align);
	printf("Rx offload capabilities: 0x%" PRIx64 "\n", info.rx_offload_capa);
	printf("Tx offload capabilities: 0x%" PRIx64 "\n", info.tx_offload_capa);
}

void
port_summary_display(void)
{
	char mac[FPK_ETHER_ADDR_FMT_SIZE], name[FPK_ETH_NAME_MAX_LEN], speed[32];
	struct fpk_eth_dev_info info;
	struct fpk_eth_link link;
	struct fpk_ether_addr addr;
	uint16_t p;

	printf("Number of available ports: %u\n", fpk_eth_dev_count_avail());
	printf("%-4s %-17s %-12s %-14s %-8s %s\n", "Port", "MAC Address", "Name", "Driver",
	       "Status", "Link");
	FPK_ETH_FOREACH_DEV(p) {
		if (fpk_eth_link_get_nowait(p, &link) < 0 || fpk_eth_dev_info_get(p, &info) < 0 ||
		    fpk_eth_dev_get_name_by_port(p, name) < 0 ||
		    fpk_eth_macaddr_get(p, &addr) < 0) {
			printf("%-4u (cannot read the port's state)\n", p);
			continue;
		}
		fpk_ether_format_addr(mac, sizeof(mac), &addr);
		printf("%-4u %s %-12s %-14s %-8s %s\n", p, mac, name,
		       info.driver_name ? info.driver_name : "", link.link_status ? "up" : "down",
		       link_speed_str(link.link_speed, speed, sizeof(speed)));
	}
}

/*
 * The queue id in @arg, of the @dir ("RX" or "TX") queues @port has set
 * up; false after printing why not, in DPDK's words and then the fix.
 */
static bool
queue_arg(uint16_t port, const char *dir, const char *arg, uint16_t *queue)
{
	bool rx = dir[0] == 'R';
	struct fpk_eth_dev_info info;
	unsigned long q;
	uint16_t nb;

	if (parse_uint(arg, 0, UINT16_MAX, &q) < 0) {
		printf("Invalid %s queue '%s': give a queue id\n", dir, arg);
		return false;
	}
	*queue = (uint16_t)q;
	if (fpk_eth_dev_info_get(port, &info) < 0)
		return false;
	nb = rx ? info.nb_rx_queues : info.nb_tx_queues;
	if (q < nb)
		return true;
	printf("Failed to retrieve information for port: %u, %s queue: %lu\n", port, dir, q);
	if (nb == 0)
		printf("error desc: %s(%d): port %u has no queues yet: they are set up when it "
		       "starts ('port start %u')\n", strerror(EINVAL), -EINVAL, port, port);
	else
		printf("error desc: %s(%d): port %u has %u %s queue%s: give 0..%u\n",
		       strerror(EINVAL), -EINVAL, port, nb, dir, nb == 1 ? "" : "s", nb - 1u);
	return false;
}

static const char *
queue_state_name(uint8_t state)
{
	return state == FPK_ETH_QUEUE_STATE_STARTED ? "started" : "stopped";
}

static const char *
on_off(unsigned int v)
{
	return v ? "on" : "off";
}

void
rxq_info_display(uint16_t port, const char *queue)
{
	struct fpk_eth_rxq_info qi;
	uint16_t q;
	int ret;

	if (!queue_arg(port, "RX", queue, &q))
		return;
	ret = fpk_eth_rx_queue_info_get(port, q, &qi);
	if (ret < 0) {
		printf("Failed to retrieve information for port: %u, RX queue: %u\n"
		       "error desc: %s(%d)\n", port, q, strerror(-ret), ret);
		return;
	}
	/* DPDK's labels; FPK has no descriptor threshold registers to show. */
	printf("\n%s Infos for port %-2u, RX queue %-2u %s\n", info_border, port, q, info_border);
	printf("Mempool: %s\n", qi.mp ? qi.mp->name : "NULL");
	printf("RX free threshold: %u\n", qi.conf.rx_free_thresh);
	printf("RX drop packets: %s\n", on_off(qi.conf.rx_drop_en));
	printf("RX deferred start: %s\n", on_off(qi.conf.rx_deferred_start));
	printf("RX scattered packets: %s\n", on_off(qi.scattered_rx));
	printf("Rx queue state: %s\n", queue_state_name(qi.queue_state));
	if (qi.rx_buf_size != 0)
		printf("RX buffer size: %u\n", qi.rx_buf_size);
	printf("Number of RXDs: %u\n", qi.nb_desc);
}

void
txq_info_display(uint16_t port, const char *queue)
{
	struct fpk_eth_txq_info qi;
	uint16_t q;
	int ret;

	if (!queue_arg(port, "TX", queue, &q))
		return;
	ret = fpk_eth_tx_queue_info_get(port, q, &qi);
	if (ret < 0) {
		printf("Failed to retrieve information for port: %u, TX queue: %u\n"
		       "error desc: %s(%d)\n", port, q, strerror(-ret), ret);
		return;
	}
	printf("\n%s Infos for port %-2u, TX queue %-2u %s\n", info_border, port, q, info_border);
	printf("TX RS threshold: %u\n", qi.conf.tx_rs_thresh);
	printf("TX free threshold: %u\n", qi.conf.tx_free_thresh);
	printf("TX deferred start: %s\n", on_off(qi.conf.tx_deferred_start));
	printf("Number of TXDs: %u\n", qi.nb_desc);
	printf("Tx queue state: %s\n", queue_state_name(qi.queue_state));
}

/* Every lcore that can forward, as DPDK lists its forwarding lcores. */
void
cores_config_display(void)
{
	printf("List of forwarding lcores:");
	for (unsigned int i = 0; i < nb_worker_lcores; i++)
		printf(" %2u", fwd_lcores[i].lcore_id);
	printf("\n");
}

/*
 * One block per device, as DPDK's "show device info all": FPK has one port
 * per device, and the device arguments tell a --vdev device from a bus one.
 */
void
device_infos_display(void)
{
	char mac[FPK_ETHER_ADDR_FMT_SIZE];
	struct fpk_eth_dev_info info;
	struct fpk_ether_addr addr;
	uint16_t p;

	FPK_ETH_FOREACH_DEV(p) {
		const struct fpk_devargs *da;
		const char *bus = "vdev";

		if (fpk_eth_dev_info_get(p, &info) < 0)
			continue;
		da = fpk_devargs_find(FPK_DEVTYPE_VIRTUAL, info.device_name);
		if (da == NULL) {
			bus = "pci";
			da = fpk_devargs_find(FPK_DEVTYPE_ALLOWED, info.device_name);
		}
		printf("\n%s Infos for device %s %s\n", info_border, info.device_name,
		       info_border);
		printf("Bus name: %s\n", bus);
		printf("Bus information: \n");
		printf("Driver name: %s\n", info.driver_name ? info.driver_name : "");
		printf("Devargs: %s\n", da ? da->args : "");
		printf("Connect to socket: %d\n", ports[p].socket);
		printf("\n\tPort id: %-2u\n", p);
		if (fpk_eth_macaddr_get(p, &addr) == 0) {
			fpk_ether_format_addr(mac, sizeof(mac), &addr);
			printf("\tMAC address: %s\n", mac);
		}
		printf("\tDevice name: %s\n", info.device_name);
		/* FPK's drivers report no speed bits: DPDK's words for none. */
		printf("\tDevice speed capability: Autonegotiate (all speeds)\n");
	}
}

static void
mempool_dump_one(struct fpk_mempool *mp, void *arg)
{
	fpk_mempool_dump(arg, mp);
}

void
mempools_dump(void)
{
	fpk_mempool_walk(mempool_dump_one, stdout);
}

void
memzones_dump(void)
{
	fpk_memzone_dump(stdout);
}

void
fwd_config_display(void)
{
	char mac[FPK_ETHER_ADDR_FMT_SIZE];

	/* While forwarding runs, fwd_lcores[] holds what it runs with. */
	if (!fwd_running)
		fwd_plan_lcores();
	printf("%s packet forwarding%s - ports=%u - cores=%u - streams=%u - NUMA support enabled\n",
	       app.engine->name, fwd_cfg.tx_retry ? " with retry" : "", nb_fwd_ports,
	       nb_active_lcores, fwd_plan_nb_streams());
	if (fwd_cfg.tx_retry)
		printf("TX retry num: %u, delay between TX retries: %uus\n", TX_RETRY_NUM,
		       TX_RETRY_DELAY_US);
	for (unsigned int i = 0; i < nb_active_lcores; i++) {
		const struct fwd_lcore *fc = &fwd_lcores[i];

		printf("Logical Core %u (socket %d) forwards packets on %u streams:\n",
		       fc->lcore_id, fpk_lcore_to_socket_id(fc->lcore_id), fc->nb_streams);
		for (uint16_t s = 0; s < fc->nb_streams; s++) {
			uint16_t rxp, txp, q;

			fwd_plan_stream((uint16_t)(fc->first_stream + s), &rxp, &txp, &q);
			fpk_ether_format_addr(mac, sizeof(mac), &app.peer[txp]);
			printf("  RX P=%u/Q=%u (socket %d) -> TX P=%u/Q=%u (socket %d) peer=%s\n",
			       rxp, q, ports[rxp].socket, txp, q, ports[txp].socket, mac);
		}
	}
	printf("\n");
}

/*
 * Descriptors of a queue: what the port set up (a driver's default
 * applied), as DPDK shows; before the port's start, what it will ask for.
 */
static uint16_t
queue_desc(uint16_t port, bool rx, uint16_t q)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_rxq_info ri;
	struct fpk_eth_txq_info ti;

	if (fpk_eth_dev_info_get(port, &info) == 0 && port_is_set_up(port) &&
	    q < (rx ? info.nb_rx_queues : info.nb_tx_queues)) {
		if (rx && fpk_eth_rx_queue_info_get(port, q, &ri) == 0)
			return ri.nb_desc;
		if (!rx && fpk_eth_tx_queue_info_get(port, q, &ti) == 0)
			return ti.nb_desc;
	}
	return rx ? app.nb_rxd : app.nb_txd;
}

void
rxtx_config_display(void)
{
	uint16_t p;

	printf("  %s packet forwarding%s packets/burst=%u\n", app.engine->name,
	       fwd_cfg.tx_retry ? " with retry" : "", fwd_cfg.burst);
	if (app.engine->generates)
		printf("  packet len=%u - nb packet segments=%u\n", fwd_cfg.tx_pkt_len,
		       fwd_cfg.nb_txpkts);
	printf("  nb forwarding cores=%u - nb forwarding ports=%u\n", app.nb_fwd_lcores,
	       nb_fwd_ports);
	/* Every port, as DPDK: they all take the same queue settings. */
	FPK_ETH_FOREACH_DEV(p) {
		printf("  port %u: RX queue number: %u Tx queue number: %u\n", p, app.nb_rxq,
		       app.nb_txq);
		printf("    Rx offloads=0x0 Tx offloads=0x%" PRIx64 "\n", ports[p].tx_offloads);
		for (uint16_t q = 0; q < app.nb_rxq; q++)
			printf("    RX queue: %u\n      RX desc=%u\n", q, queue_desc(p, true, q));
		for (uint16_t q = 0; q < app.nb_txq; q++)
			printf("    TX queue: %u\n      TX desc=%u\n", q, queue_desc(p, false, q));
	}
}

/*
 * "RX-bursts : N [a% of 0 pkts + b% of X pkts + c% of Y pkts + d% of other]":
 * empty bursts first, then the two most frequent sizes, then the rest.
 */
static void
burst_stats_display(const char *dir, const struct burst_stats *bs)
{
	uint64_t total = 0, count[3] = { bs->spread[0], 0, 0 }, seen = 0;
	unsigned int size[3] = { 0, 0, 0 }, pct_sum = 0;

	for (unsigned int n = 0; n <= MAX_PKT_BURST; n++)
		total += bs->spread[n];
	if (total == 0)
		return;
	for (unsigned int n = 1; n <= MAX_PKT_BURST; n++) {
		if (bs->spread[n] > count[1]) {
			count[2] = count[1];
			size[2] = size[1];
			count[1] = bs->spread[n];
			size[1] = n;
		} else if (bs->spread[n] > count[2]) {
			count[2] = bs->spread[n];
			size[2] = n;
		}
	}
	printf("  %s-bursts : %" PRIu64 " [", dir, total);
	for (int i = 0; i < 3; i++) {
		unsigned int pct;

		if (i > 0 && count[i] == 0)
			break;
		seen += count[i];
		if (seen == total) {
			printf("%u%% of %u pkts]\n", 100 - pct_sum, size[i]);
			return;
		}
		pct = (unsigned int)(count[i] * 100 / total);
		printf("%u%% of %u pkts + ", pct, size[i]);
		pct_sum += pct;
	}
	printf("%u%% of other]\n", 100 - pct_sum);
}

struct port_fwd_totals {
	uint64_t tx_dropped, bad_ip, bad_l4, cycles;
	struct rxcheck_stats rxc;
	struct burst_stats rx_bursts, tx_bursts;
	bool rx_stream, tx_stream;
};

static void
rxcheck_display(const struct rxcheck_stats *c)
{
	printf("  RX-seq-ok: %-14" PRIu64 " RX-lost: %-14" PRIu64 " RX-reordered: %" PRIu64 "\n",
	       c->ok, c->lost, c->reordered);
	printf("  RX-duplicate: %-14" PRIu64 " RX-corrupted: %-14" PRIu64 " RX-foreign: %-14" PRIu64
	       " RX-flow-reordered: %" PRIu64 "\n", c->duplicate, c->corrupted, c->foreign,
	       c->flow_reordered);
	/* Only ports whose NIC reported RSS hashes (rxcheck checks those). */
	if (c->rss_ok + c->rss_hash_mismatch + c->rss_queue_mismatch)
		printf("  RX-rss-ok: %-14" PRIu64 " RX-rss-hash-mismatch: %-5" PRIu64
		       " RX-rss-queue-mismatch: %" PRIu64 "\n",
		       c->rss_ok, c->rss_hash_mismatch, c->rss_queue_mismatch);
}

static void
rxcheck_add(struct rxcheck_stats *to, const struct rxcheck_stats *c)
{
	to->ok += c->ok;
	to->lost += c->lost;
	to->reordered += c->reordered;
	to->duplicate += c->duplicate;
	to->corrupted += c->corrupted;
	to->foreign += c->foreign;
	to->flow_reordered += c->flow_reordered;
	to->rss_ok += c->rss_ok;
	to->rss_hash_mismatch += c->rss_hash_mismatch;
	to->rss_queue_mismatch += c->rss_queue_mismatch;
}

static void
fwd_stream_stats_display(const struct fwd_stream *fs)
{
	if (fs->rx_packets == 0 && fs->tx_packets == 0 && fs->fwd_dropped == 0)
		return;
	printf("\n  ------- Forward Stats for RX Port=%2u/Queue=%2u -> TX Port=%2u/Queue=%2u "
	       "-------\n", fs->rx_port, fs->rx_queue, fs->tx_port, fs->tx_queue);
	printf("  RX-packets: %-14" PRIu64 " TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64
	       "\n", fs->rx_packets, fs->tx_packets, fs->fwd_dropped);
	if (fwd_cfg.record_burst_stats) {
		burst_stats_display("RX", &fs->rx_bursts);
		burst_stats_display("TX", &fs->tx_bursts);
	}
}

void
fwd_stats_display(void)
{
	struct port_fwd_totals *pt = calloc(FPK_MAX_ETHPORTS, sizeof(*pt));
	uint64_t total_rx = 0, total_tx = 0, total_rx_dropped = 0, total_tx_dropped = 0;
	uint64_t total_nombuf = 0, cycles = 0;
	struct rxcheck_stats rxc_total = { 0 };
	bool csum = app.engine == &csum_engine, rxcheck = app.engine == &rxcheck_engine;

	if (pt == NULL) {
		printf("Cannot show forward statistics: out of memory\n");
		return;
	}
	for (uint16_t i = 0; i < nb_fwd_streams; i++) {
		const struct fwd_stream *fs = fwd_streams[i];
		struct port_fwd_totals *rx = &pt[fs->rx_port], *tx = &pt[fs->tx_port];

		/* With several queues a port has several streams: each gets a block, as in DPDK. */
		if (nb_fwd_streams > nb_fwd_ports)
			fwd_stream_stats_display(fs);

		tx->tx_dropped += fs->fwd_dropped;
		rx->bad_ip += fs->rx_bad_ip_csum;
		rx->bad_l4 += fs->rx_bad_l4_csum;
		rxcheck_add(&rx->rxc, &fs->rxc);
		cycles += fs->core_cycles;
		rx->rx_stream = tx->tx_stream = true;
		for (unsigned int n = 0; n <= MAX_PKT_BURST; n++) {
			rx->rx_bursts.spread[n] += fs->rx_bursts.spread[n];
			tx->tx_bursts.spread[n] += fs->tx_bursts.spread[n];
		}
	}
	for (uint16_t i = 0; i < nb_fwd_ports; i++) {
		uint16_t p = fwd_ports[i];
		const struct fpk_eth_stats *b = &ports[p].base;
		struct fpk_eth_stats st;

		if (fpk_eth_stats_get(p, &st) < 0)
			memset(&st, 0, sizeof(st));
		/* Counts since forwarding started (or the stats were cleared). */
		st.ipackets -= b->ipackets;
		st.opackets -= b->opackets;
		st.imissed -= b->imissed;
		st.ierrors -= b->ierrors;
		st.oerrors -= b->oerrors;
		st.rx_nombuf -= b->rx_nombuf;
		total_rx += st.ipackets;
		total_tx += st.opackets;
		total_rx_dropped += st.imissed;
		total_tx_dropped += pt[p].tx_dropped + st.oerrors;
		total_nombuf += st.rx_nombuf;

		printf("\n  %s Forward statistics for port %-2u %s\n", fwd_border, p, fwd_border);
		printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 "RX-total: %-" PRIu64
		       "\n", st.ipackets, st.imissed, st.ipackets + st.imissed);
		if (csum)
			printf("  Bad-ipcsum: %-14" PRIu64 " Bad-l4csum: %-" PRIu64 "\n",
			       pt[p].bad_ip, pt[p].bad_l4);
		if (rxcheck) {
			rxcheck_display(&pt[p].rxc);
			rxcheck_add(&rxc_total, &pt[p].rxc);
		}
		if (st.ierrors + st.rx_nombuf > 0) {
			printf("  RX-error: %-" PRIu64 "\n", st.ierrors);
			printf("  RX-nombufs: %-14" PRIu64 "\n", st.rx_nombuf);
		}
		printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 "TX-total: %-" PRIu64
		       "\n", st.opackets, pt[p].tx_dropped, st.opackets + pt[p].tx_dropped);
		if (fwd_cfg.record_burst_stats) {
			if (pt[p].rx_stream)
				burst_stats_display("RX", &pt[p].rx_bursts);
			if (pt[p].tx_stream)
				burst_stats_display("TX", &pt[p].tx_bursts);
		}
		printf("  %s--------------------------------%s\n", fwd_border, fwd_border);
	}
	printf("\n  %s Accumulated forward statistics for all ports%s\n", acc_border, acc_border);
	printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 "RX-total: %-" PRIu64 "\n",
	       total_rx, total_rx_dropped, total_rx + total_rx_dropped);
	printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 "TX-total: %-" PRIu64 "\n",
	       total_tx, total_tx_dropped, total_tx + total_tx_dropped);
	if (rxcheck)
		rxcheck_display(&rxc_total);
	if (total_nombuf > 0)
		printf("  RX-nombufs: %-14" PRIu64 "\n", total_nombuf);
	printf("  %s++++++++++++++++++++++++++++++++++++++++++++++%s\n", acc_border, acc_border);
	if (fwd_cfg.record_core_cycles) {
		uint64_t pkts = app.engine->generates ? total_tx : total_rx;

		if (pkts > 0)
			printf("\n  CPU cycles/packet=%.2F (total cycles=%" PRIu64 " / total %s "
			       "packets=%" PRIu64 ") at %" PRIu64 " MHz Clock\n",
			       (double)cycles / (double)pkts, cycles, app.engine->name, pkts,
			       fpk_get_tsc_hz() / 1000000);
	}
	free(pt);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-testpmd's own options (after "--"), with DPDK testpmd's names and
 * meanings. Checks that need the ports or lcores (--portmask, --nb-ports,
 * --nb-cores, --coremask, --max-pkt-len) are made in testpmd.c once those
 * are known.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_eal.h>

#include "testpmd_app.h"

/* --mbuf-size: the headroom and a minimum frame must fit. */
#define MBUF_SIZE_MIN (FPK_PKTMBUF_HEADROOM + FPK_ETHER_MIN_LEN)

void
usage_app(const char *prog)
{
	printf("Usage: %s [EAL options] -- [testpmd options]\n"
	       "\n"
	       "Runs packet forwarding between ports, as DPDK's testpmd does.\n"
	       "\n"
	       "Testpmd options:\n"
	       "  -i, --interactive        run the testpmd> prompt ('help' lists its commands)\n"
	       "  -a, --auto-start         with -i: start forwarding at once\n"
	       "  --tx-first               send a txonly burst on every stream before forwarding\n"
	       "                           (not with -i: use 'start tx_first' at the prompt)\n"
	       "  --stats-period N         without -i: show port statistics every N seconds\n"
	       "  --nb-cores N             forwarding lcores (default 1; the EAL needs N+1 lcores)\n"
	       "  --coremask HEX           the lcores that forward, never the main one (default:\n"
	       "                           the first --nb-cores other lcores); sets --nb-cores\n"
	       "                           to their number\n"
	       "  --portmask HEX           ports to forward on (default: all)\n"
	       "  --nb-ports N             forward on the first N of those ports only\n"
	       "  --forward-mode MODE      io (default), mac, macswap, 5tswap, rxonly, txonly,\n"
	       "                           flowgen, csum, icmpecho, rxcheck\n"
	       "  --port-topology TOPO     paired (default: 0<->1, 2<->3...), chained (0->1->..->0),\n"
	       "                           loop (each port to itself)\n"
	       "  --rxq N, --txq N         queues per port (default 1); each lcore polls whole\n"
	       "                           (rx port, queue) streams\n"
	       "  --rss-ip                 with --rxq 2 or more: RSS on IPv4/IPv6 addresses\n"
	       "                           (the default)\n"
	       "  --rss-udp                RSS on IPv4/IPv6 addresses and UDP ports\n"
	       "  --disable-rss            no RSS: the port places packets by its own rule\n"
	       "  --rxd N, --txd N         descriptors per queue (default: the driver's)\n"
	       "  --burst N                packets per burst, 1..%d (default %d)\n"
	       "  --txpkts L[,L...]        txonly/flowgen segment lengths (default %d: one segment)\n"
	       "  --flowgen-flows N        flowgen: destination addresses to cycle through\n"
	       "                           (default %d)\n"
	       "  --txonly-multi-flow      txonly: vary the source address over 256 flows\n"
	       "                           (198.18.N.2 + lcore id), as DPDK's testpmd\n"
	       "  --tx-seq                 txonly/flowgen: sequence-numbered, patterned payloads\n"
	       "                           that rxcheck verifies (UDP checksum filled in)\n"
	       "  --total-num-mbufs N      mbufs in each pool (default: enough for the queues)\n"
	       "  --mbuf-size N            data room of each mbuf, headroom included, %u..65535\n"
	       "                           (default %u); one size only: FPK has no buffer split\n"
	       "  --max-pkt-len N          longest frame to receive, %u..65535: sets each port's\n"
	       "                           MTU to N less its overhead (18 bytes unless the port\n"
	       "                           says otherwise)\n"
	       "  --no-lsc-interrupt       do not ask the ports for link-state change events\n"
	       "                           ('link state change event' lines); links are still\n"
	       "                           checked when ports start\n"
	       "  --no-flush-rx            accepted for DPDK command lines: FPK never drains\n"
	       "                           the rx queues before forwarding starts\n"
	       "  --mbcache N              per-lcore mbuf cache, 0..%d (default %d)\n"
	       "  --eth-peer N,XX:XX:XX:XX:XX:XX\n"
	       "                           destination MAC for port N in mac/csum/txonly/flowgen\n"
	       "                           (default 02:00:00:00:00:N)\n"
	       "  --record-core-cycles     report CPU cycles per packet when forwarding stops\n"
	       "  --record-burst-stats     report the burst size distribution\n"
	       "  -h, --help               this help\n"
	       "\n"
	       "Example: %s --no-huge -m 512 --vdev net_null0 --vdev net_null1 -l 0-1 -- -i\n"
	       "\n"
	       "Exit status: 0 after quit, end of input, SIGINT or SIGTERM (and for --help);\n"
	       "1 on any error, with a message naming its cause.\n"
	       "\n", prog, MAX_PKT_BURST, DEF_PKT_BURST, DEF_TXPKT_LEN,
	       DEF_FLOWGEN_FLOWS, MBUF_SIZE_MIN, MBUF_DATA_SIZE, FPK_ETHER_MIN_LEN,
	       FPK_MEMPOOL_CACHE_MAX_SIZE, DEF_MBUF_CACHE, prog);
}

void
usage(const char *prog)
{
	usage_app(prog);
	printf("EAL options:\n");
	fpk_eal_usage(stdout);
}

/* Parse a decimal in [@min, @max]. @return 0 or -1. */
int
parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

enum {
	OPT_TX_FIRST = 256,
	OPT_STATS_PERIOD,
	OPT_NB_CORES,
	OPT_PORTMASK,
	OPT_FORWARD_MODE,
	OPT_PORT_TOPOLOGY,
	OPT_RXQ,
	OPT_TXQ,
	OPT_RXD,
	OPT_TXD,
	OPT_BURST,
	OPT_TXPKTS,
	OPT_FLOWGEN_FLOWS,
	OPT_TX_SEQ,
	OPT_TOTAL_NUM_MBUFS,
	OPT_MBCACHE,
	OPT_ETH_PEER,
	OPT_RECORD_CORE_CYCLES,
	OPT_RECORD_BURST_STATS,
	OPT_RSS_IP,
	OPT_RSS_UDP,
	OPT_DISABLE_RSS,
	OPT_TXONLY_MULTI_FLOW,
	OPT_MBUF_SIZE,
	OPT_MAX_PKT_LEN,
	OPT_COREMASK,
	OPT_NO_LSC_INTERRUPT,
	OPT_NO_FLUSH_RX,
	OPT_NB_PORTS,
};

static const struct option long_opts[] = {
	{ "interactive", no_argument, NULL, 'i' },
	{ "auto-start", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ "tx-first", no_argument, NULL, OPT_TX_FIRST },
	{ "stats-period", required_argument, NULL, OPT_STATS_PERIOD },
	{ "nb-cores", required_argument, NULL, OPT_NB_CORES },
	{ "portmask", required_argument, NULL, OPT_PORTMASK },
	{ "forward-mode", required_argument, NULL, OPT_FORWARD_MODE },
	{ "port-topology", required_argument, NULL, OPT_PORT_TOPOLOGY },
	{ "rxq", required_argument, NULL, OPT_RXQ },
	{ "txq", required_argument, NULL, OPT_TXQ },
	{ "rxd", required_argument, NULL, OPT_RXD },
	{ "txd", required_argument, NULL, OPT_TXD },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "txpkts", required_argument, NULL, OPT_TXPKTS },
	{ "flowgen-flows", required_argument, NULL, OPT_FLOWGEN_FLOWS },
	{ "tx-seq", no_argument, NULL, OPT_TX_SEQ },
	{ "total-num-mbufs", required_argument, NULL, OPT_TOTAL_NUM_MBUFS },
	{ "mbcache", required_argument, NULL, OPT_MBCACHE },
	{ "eth-peer", required_argument, NULL, OPT_ETH_PEER },
	{ "record-core-cycles", no_argument, NULL, OPT_RECORD_CORE_CYCLES },
	{ "record-burst-stats", no_argument, NULL, OPT_RECORD_BURST_STATS },
	{ "rss-ip", no_argument, NULL, OPT_RSS_IP },
	{ "rss-udp", no_argument, NULL, OPT_RSS_UDP },
	{ "disable-rss", no_argument, NULL, OPT_DISABLE_RSS },
	{ "txonly-multi-flow", no_argument, NULL, OPT_TXONLY_MULTI_FLOW },
	{ "mbuf-size", required_argument, NULL, OPT_MBUF_SIZE },
	{ "max-pkt-len", required_argument, NULL, OPT_MAX_PKT_LEN },
	{ "coremask", required_argument, NULL, OPT_COREMASK },
	{ "no-lsc-interrupt", no_argument, NULL, OPT_NO_LSC_INTERRUPT },
	{ "no-flush-rx", no_argument, NULL, OPT_NO_FLUSH_RX },
	{ "nb-ports", required_argument, NULL, OPT_NB_PORTS },
	{ NULL, 0, NULL, 0 },
};

/* The long option @name (@len bytes) or its unique abbreviation, as
 * getopt_long() would take it; NULL if none or ambiguous. */
static const struct option *
long_opt_find(const char *name, size_t len)
{
	const struct option *found = NULL;

	for (const struct option *o = long_opts; o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (strlen(o->name) == len)
			return o;
		if (found)
			return NULL;
		found = o;
	}
	return found;
}

bool
app_wants_help(int argc, char **argv)
{
	int i = 1;

	while (i < argc && strcmp(argv[i], "--") != 0)
		i++;
	for (i++; i < argc; i++) {
		const char *a = argv[i];

		/* getopt stops at the first argument that is not an option. */
		if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
			return false;
		if (a[1] == '-') {
			size_t len = strcspn(a + 2, "=");
			const struct option *o = long_opt_find(a + 2, len);

			if (o && o->val == 'h')
				return true;
			if (o && o->has_arg == required_argument && a[2 + len] != '=')
				i++; /* its value, even one that looks like -h */
		} else if (strchr(a + 1, 'h')) {
			return true; /* no short testpmd option takes a value */
		}
	}
	return false;
}

static void
list_modes(FILE *f)
{
	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		fprintf(f, "%s%s", i ? ", " : "", fwd_engines[i]->name);
}

/* Parse the --eth-peer value "N,XX:XX:XX:XX:XX:XX". */
static int
parse_eth_peer(const char *arg)
{
	char num[8];
	const char *comma = strchr(arg, ',');
	unsigned long port;
	struct fpk_ether_addr mac;

	if (comma == NULL || (size_t)(comma - arg) >= sizeof(num))
		goto bad;
	memcpy(num, arg, (size_t)(comma - arg));
	num[comma - arg] = '\0';
	if (parse_uint(num, 0, FPK_MAX_ETHPORTS - 1, &port) < 0 ||
	    fpk_ether_unformat_addr(comma + 1, &mac) < 0)
		goto bad;
	app.peer[port] = mac;
	app.peer_set[port] = true;
	return 0;
bad:
	fprintf(stderr, "--eth-peer '%s': expected PORT,XX:XX:XX:XX:XX:XX with PORT 0..%d\n",
		arg, FPK_MAX_ETHPORTS - 1);
	return -1;
}

/* A decimal option value in [min, max], or a message naming the option. */
static int
opt_uint(const char *name, const char *arg, unsigned long min, unsigned long max,
	 unsigned long *out)
{
	if (parse_uint(arg, min, max, out) == 0)
		return 0;
	fprintf(stderr, "--%s '%s': expected a number from %lu to %lu\n", name, arg, min, max);
	return -1;
}

static int
parse_portmask(const char *arg)
{
	char *end;

	errno = 0;
	app.portmask = strtoull(arg, &end, 16);
	if (errno || end == arg || *end != '\0' || arg[0] == '-') {
		fprintf(stderr, "--portmask '%s': expected a hexadecimal port mask such as 0x3\n",
			arg);
		return -1;
	}
	if (app.portmask == 0) {
		fprintf(stderr, "--portmask %s selects no port: set the bit of each port to "
			"forward on (0x3 for ports 0 and 1)\n", arg);
		return -1;
	}
	return 0;
}

/*
 * DPDK's --mbuf-size takes one size per pool of a buffer split; FPK's
 * testpmd has one pool per socket and no split, so one size.
 */
static int
parse_mbuf_size(const char *arg)
{
	unsigned long v;

	if (strchr(arg, ',')) {
		fprintf(stderr, "--mbuf-size %s: fpk-testpmd takes one mbuf size, as it has no "
			"buffer split (the pools DPDK's further sizes are for): give one, such as "
			"--mbuf-size=%u\n", arg, MBUF_DATA_SIZE);
		return -1;
	}
	if (parse_uint(arg, MBUF_SIZE_MIN, UINT16_MAX, &v) < 0) {
		fprintf(stderr, "--mbuf-size '%s': expected a number from %u (%u bytes of headroom "
			"and a %u-byte frame) to %u\n", arg, MBUF_SIZE_MIN, FPK_PKTMBUF_HEADROOM,
			FPK_ETHER_MIN_LEN, UINT16_MAX);
		return -1;
	}
	app.mbuf_data_size = (uint16_t)v;
	return 0;
}

/* As DPDK's: the mask's lcores forward, and --nb-cores becomes their number. */
static int
parse_coremask(const char *arg)
{
	unsigned int nb;
	uint64_t mask;
	char *end;

	errno = 0;
	mask = strtoull(arg, &end, 16);
	if (errno || end == arg || *end != '\0' || arg[0] == '-' || mask == 0) {
		fprintf(stderr, "--coremask '%s': expected a non-zero hexadecimal mask of the "
			"forwarding lcores, such as 0x2 for lcore 1\n", arg);
		return -1;
	}
	/* The modulo only keeps the shift defined where the test is false. */
	if (FPK_MAX_LCORE < 64 && mask >= UINT64_C(1) << (FPK_MAX_LCORE % 64)) {
		fprintf(stderr, "--coremask %s: lcores above %u are beyond the build's limit "
			"(-Dmax_lcores)\n", arg, FPK_MAX_LCORE - 1);
		return -1;
	}
	nb = (unsigned int)__builtin_popcountll(mask);
	if (app.nb_fwd_lcores != nb)
		printf("previous number of forwarding cores %u - changed to number of configured "
		       "cores %u\n", app.nb_fwd_lcores, nb);
	app.fwd_coremask = mask;
	app.nb_fwd_lcores = nb;
	return 0;
}

static int
parse_forward_mode(const char *arg)
{
	app.engine = fwd_engine_find(arg);
	if (app.engine)
		return 0;
	fprintf(stderr, "--forward-mode '%s': unknown mode; modes: ", arg);
	list_modes(stderr);
	fprintf(stderr, "\n");
	return -1;
}

static int
parse_topology(const char *arg)
{
	if (strcmp(arg, "paired") == 0)
		app.topology = TOPO_PAIRED;
	else if (strcmp(arg, "chained") == 0)
		app.topology = TOPO_CHAINED;
	else if (strcmp(arg, "loop") == 0)
		app.topology = TOPO_LOOP;
	else {
		fprintf(stderr, "--port-topology '%s': expected paired, chained or loop\n", arg);
		return -1;
	}
	return 0;
}

/* One option getopt_long() returned (@name: its long name, NULL for a short
 * one); @return 0 or -1 after a message. */
static int
set_option(int opt, const char *name, const char *arg)
{
	unsigned long v;

	switch (opt) {
	case 'i':
		app.interactive = true;
		return 0;
	case 'a':
		app.auto_start = true;
		return 0;
	case OPT_TX_FIRST:
		printf("Ports to start sending a burst of packets first\n");
		app.tx_first = true;
		return 0;
	case OPT_NO_LSC_INTERRUPT:
		app.no_lsc_interrupt = true;
		return 0;
	case OPT_NO_FLUSH_RX:
		/* DPDK's pcap guide passes it; FPK's start never flushes. */
		return 0;
	case OPT_MBUF_SIZE:
		return parse_mbuf_size(arg);
	case OPT_COREMASK:
		return parse_coremask(arg);
	case OPT_MAX_PKT_LEN:
		if (opt_uint(name, arg, FPK_ETHER_MIN_LEN, UINT16_MAX, &v) < 0)
			return -1;
		app.max_rx_pkt_len = (uint32_t)v;
		return 0;
	case OPT_NB_PORTS:
		if (opt_uint(name, arg, 1, FPK_MAX_ETHPORTS, &v) < 0)
			return -1;
		app.nb_fwd_ports_max = (uint16_t)v;
		return 0;
	case OPT_TX_SEQ:
		fwd_cfg.tx_seq = true;
		return 0;
	case OPT_RECORD_CORE_CYCLES:
		fwd_cfg.record_core_cycles = true;
		return 0;
	case OPT_RECORD_BURST_STATS:
		fwd_cfg.record_burst_stats = true;
		return 0;
	/* As in DPDK, the last of the three wins. */
	case OPT_RSS_IP:
		app.rss_hf = FPK_ETH_RSS_IP;
		return 0;
	case OPT_RSS_UDP:
		app.rss_hf = FPK_ETH_RSS_UDP;
		return 0;
	case OPT_DISABLE_RSS:
		app.rss_hf = 0;
		return 0;
	case OPT_TXONLY_MULTI_FLOW:
		fwd_cfg.txonly_multi_flow = true;
		return 0;
	case OPT_PORTMASK:
		return parse_portmask(arg);
	case OPT_FORWARD_MODE:
		return parse_forward_mode(arg);
	case OPT_PORT_TOPOLOGY:
		return parse_topology(arg);
	case OPT_TXPKTS:
		return fwd_set_txpkts(arg) < 0 ? -1 : 0;
	case OPT_ETH_PEER:
		return parse_eth_peer(arg) < 0 ? -1 : 0;
	case OPT_STATS_PERIOD:
		if (opt_uint(name, arg, 0, 86400, &v) < 0)
			return -1;
		app.stats_period = (unsigned int)v;
		return 0;
	case OPT_NB_CORES:
		if (opt_uint(name, arg, 1, FPK_MAX_LCORE - 1, &v) < 0)
			return -1;
		app.nb_fwd_lcores = (unsigned int)v;
		return 0;
	case OPT_RXQ:
	case OPT_TXQ:
		if (opt_uint(name, arg, 1, FPK_MAX_QUEUES_PER_PORT, &v) < 0)
			return -1;
		*(opt == OPT_RXQ ? &app.nb_rxq : &app.nb_txq) = (uint16_t)v;
		return 0;
	case OPT_RXD:
	case OPT_TXD:
		if (opt_uint(name, arg, 1, UINT16_MAX, &v) < 0)
			return -1;
		*(opt == OPT_RXD ? &app.nb_rxd : &app.nb_txd) = (uint16_t)v;
		return 0;
	case OPT_BURST:
		if (opt_uint(name, arg, 1, MAX_PKT_BURST, &v) < 0)
			return -1;
		fwd_cfg.burst = (uint16_t)v;
		return 0;
	case OPT_FLOWGEN_FLOWS:
		if (opt_uint(name, arg, 1, MAX_FLOWGEN_FLOWS, &v) < 0)
			return -1;
		fwd_cfg.flowgen_flows = (uint32_t)v;
		return 0;
	case OPT_TOTAL_NUM_MBUFS:
		if (opt_uint(name, arg, 1024, UINT32_MAX / 2, &v) < 0)
			return -1;
		app.total_num_mbufs = (uint32_t)v;
		return 0;
	case OPT_MBCACHE:
		if (opt_uint(name, arg, 0, FPK_MEMPOOL_CACHE_MAX_SIZE, &v) < 0)
			return -1;
		app.mbcache = (uint32_t)v;
		return 0;
	default:
		return -1; /* not reached: parse_args() filters unknown options */
	}
}

/* Options that are each fine but not together, whatever their order. */
static int
check_combinations(void)
{
	unsigned int nb_mask = (unsigned int)__builtin_popcountll(app.fwd_coremask);

	/* DPDK's words: scripts look for them. */
	if (app.tx_first && app.interactive) {
		fprintf(stderr, "--tx-first cannot be used on interactive mode. At the prompt, "
			"'start tx_first' sends the first burst; or leave out -i\n");
		return -1;
	}
	if (app.fwd_coremask && app.nb_fwd_lcores > nb_mask) {
		fprintf(stderr, "--nb-cores %u: --coremask 0x%" PRIx64 " has only %u lcore%s: give "
			"--nb-cores %u or less, or more lcores in the mask\n", app.nb_fwd_lcores,
			app.fwd_coremask, nb_mask, nb_mask == 1 ? "" : "s", nb_mask);
		return -1;
	}
	return 0;
}

int
parse_args(int argc, char **argv)
{
	int opt, idx, elem;

	/*
	 * The EAL ran getopt on the same argv: start afresh, report errors
	 * ourselves. 0, not 1: glibc then also forgets a place inside a group
	 * of short options that an earlier parse stopped in.
	 */
	optind = 0;
	opterr = 0;
	for (;;) {
		/*
		 * The argument this option comes from: inside a group of short
		 * options ("-iqz") optind moves past it only after its last
		 * letter. '+' keeps it so: getopt stops at the first non-option
		 * (an error below anyway) instead of skipping it, which would
		 * move the option away from optind.
		 */
		elem = optind > 0 ? optind : 1;
		opt = getopt_long(argc, argv, "+:iah", long_opts, &idx);
		if (opt == -1)
			break;
		if (opt == 'h')
			return 1;
		if (opt == ':') {
			fprintf(stderr, "option '%s' needs a value: see --help\n", argv[optind - 1]);
			return -1;
		}
		if (opt == '?' && optopt > 0 && optopt < 256 && elem < argc &&
		    strncmp(argv[elem], "--", 2) != 0) {
			/* A short option: name the letter, and its group if it has one. */
			if (strlen(argv[elem]) > 2)
				fprintf(stderr, "unknown option '-%c' (in '%s'): see --help for the "
					"options fpk-testpmd has\n", optopt, argv[elem]);
			else
				fprintf(stderr, "unknown option '-%c': see --help for the options "
					"fpk-testpmd has\n", optopt);
			return -1;
		}
		if (opt == '?') {
			fprintf(stderr, "unknown option '%s': see --help for the options "
				"fpk-testpmd has\n", argv[optind - 1]);
			return -1;
		}
		if (set_option(opt, opt >= 256 ? long_opts[idx].name : NULL, optarg) < 0)
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "unexpected argument '%s': testpmd options start with '-' "
			"(see --help)\n", argv[optind]);
		return -1;
	}
	return check_combinations();
}

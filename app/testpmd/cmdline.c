/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The testpmd> prompt: a subset of DPDK testpmd's commands with the same
 * words. One table (commands[]) holds every command's help section,
 * syntax, help line and handler; parsing, "help", completion and "?" all
 * read it, so a command cannot be known to one and missing from another.
 * On a terminal it uses readline (line editing, history, Tab and "?");
 * otherwise it reads lines from stdin and echoes each after the prompt, so
 * a piped session reads like a typed one. End of input quits, as does
 * SIGINT or SIGTERM.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include <fpk_ethdev.h>

#include "fwd_tap.h"
#include "testpmd_app.h"

#define PROMPT "testpmd> "
#define MAX_WORDS 8
#define SYNTAX_MAX 96      /* a command's syntax string, NUL included */
#define WORD_MAX 32        /* an alternative of a token, or a value listed for it */

/* DPDK testpmd's help sections, in its order. */
enum section {
	SEC_CONTROL, SEC_DISPLAY, SEC_CONFIG, SEC_PORTS, SEC_FILTERS, SEC_TM, SEC_DEVICES,
	SEC_DRIVERS, NB_SECTIONS
};

static const struct {
	const char *name;   /* help NAME */
	const char *brief;  /* DPDK's line in the list of sections */
	const char *title;  /* DPDK's heading of the section */
	const char *note;   /* under the heading, or NULL */
} sections[NB_SECTIONS] = {
	[SEC_CONTROL] = { "control", "Start and stop forwarding.", "Control forwarding", NULL },
	[SEC_DISPLAY] = { "display", "Displaying port, stats and config information.", "Display",
			  NULL },
	[SEC_CONFIG] = { "config", "Configuration information.", "Configuration",
			 "The forwarding settings (set fwd, nbcore, burst, txpkts, portlist) "
			 "change only while forwarding is stopped." },
	[SEC_PORTS] = { "ports", "Configuring ports.", "Port Operations", NULL },
	[SEC_FILTERS] = { "filters", "Filters configuration help.", "filters",
			  "FPK has no flow API, so no filter commands." },
	[SEC_TM] = { "traffic_management", "Traffic Management commands.", "Traffic Management",
		     "FPK has no traffic management API, so no commands here." },
	[SEC_DEVICES] = { "devices", "Device related commands.", "Device Operations",
			  "FPK has no device hotplug: give the devices at start (-a, --vdev)." },
	[SEC_DRIVERS] = { "drivers", "Driver specific commands.", "Driver specific",
			  "FPK's drivers have no commands of their own." },
};

/*
 * A command's syntax is its tokens separated by single spaces. A token is
 * one or more alternatives separated by '|': a literal word in lower case,
 * or an argument in upper case (P a port id, Q a queue id, N a number,
 * MODE a forwarding mode, ...; arg_kinds[] lists those whose values can be
 * completed). An argument takes any word: its handler checks it and says
 * what is wrong. The last token may be optional, in brackets.
 */
struct command {
	enum section section;
	const char *syntax;
	const char *help;
	void (*run)(int argc, char **argv);
};

/* Set by "quit", read by cmdline_execute(). */
static bool quit_asked;

/*
 * The ports "all" or a port id names, as a bit mask; 0 after printing why
 * if @arg names none.
 */
static uint64_t
port_arg(const char *arg)
{
	unsigned long p;
	uint64_t mask = 0;
	uint16_t id;

	if (strcmp(arg, "all") == 0) {
		FPK_ETH_FOREACH_DEV(id)
			mask |= UINT64_C(1) << id;
		return mask;
	}
	if (parse_uint(arg, 0, FPK_MAX_ETHPORTS - 1, &p) < 0 ||
	    !fpk_eth_dev_is_valid_port((uint16_t)p)) {
		printf("Invalid port '%s': give 'all' or the id of a port\n", arg);
		return 0;
	}
	return UINT64_C(1) << p;
}

/* The one port @arg names into @port; false after printing why. */
static bool
one_port(const char *arg, uint16_t *port)
{
	uint64_t mask = port_arg(arg);

	if (mask == 0)
		return false;
	if (__builtin_popcountll(mask) != 1) {
		printf("Give one port id, not 'all'\n");
		return false;
	}
	*port = (uint16_t)__builtin_ctzll(mask);
	return true;
}

#define FOREACH_PORT_IN(mask, p) \
	for ((p) = 0; (p) < FPK_MAX_ETHPORTS; (p)++) if ((mask) & (UINT64_C(1) << (p)))

static bool
forwarding_stopped(void)
{
	if (fwd_running)
		printf("Please stop forwarding first\n");
	return !fwd_running;
}

static void help_run(int argc, char **argv);

static void
quit_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	quit_asked = true;
}

static void
start_run(int argc, char **argv)
{
	unsigned long n = 1;

	/* "start tx_first N": N txonly bursts on every stream first, as in DPDK. */
	if (argc == 3 && parse_uint(argv[2], 1, UINT16_MAX, &n) < 0) {
		printf("tx_first takes a number of bursts, 1..%u\n", UINT16_MAX);
		return;
	}
	start_packet_forwarding(argc == 1 ? 0 : (unsigned int)n);
}

static void
stop_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	stop_packet_forwarding();
}

static void
capture_start_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (one_port(argv[2], &p))
		tap_capture_start(p, argv[3]);
}

static void
capture_stop_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tap_capture_stop();
}

static void
capture_show_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tap_capture_show();
}

/* show port stats|xstats|info P|all */
static void
show_port_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[3]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p) {
		if (strcmp(argv[2], "stats") == 0)
			nic_stats_display(p);
		else if (strcmp(argv[2], "xstats") == 0)
			nic_xstats_display(p);
		else
			port_infos_display(p);
	}
}

static void
show_port_summary_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	port_summary_display();
}

static void
show_rss_hash_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	FOREACH_PORT_IN(mask, p)
		rss_hash_show(p, argc == 5);
}

static void
show_rss_reta_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p)
		rss_reta_show(p, argv[5], argv[6]);
}

static void
clear_port_stats_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[3]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p)
		nic_stats_clear(p);
}

/* show rxq|txq info P Q */
static void
show_queue_info_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (!one_port(argv[3], &p))
		return;
	if (strcmp(argv[1], "rxq") == 0)
		rxq_info_display(p, argv[4]);
	else
		txq_info_display(p, argv[4]);
}

static void
show_config_run(int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[2], "rxtx") == 0)
		rxtx_config_display();
	else if (strcmp(argv[2], "cores") == 0)
		cores_config_display();
	else
		fwd_config_display();
}

static void
show_fwd_stats_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (fwd_streams == NULL)
		printf("No forwarding has run yet: 'start' first\n");
	else
		fwd_stats_display();
}

static void
show_device_info_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	device_infos_display();
}

static void
dump_mempool_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mempools_dump();
}

static void
dump_memzone_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	memzones_dump();
}

/* set fwd MODE [retry] */
static void
set_fwd_run(int argc, char **argv)
{
	const struct fwd_engine *e = fwd_engine_find(argv[2]);
	bool retry = argc == 4;

	if (!forwarding_stopped())
		return;
	if (e == NULL) {
		printf("Invalid forwarding mode '%s': ", argv[2]);
		for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
			printf("%s%s", i ? ", " : "", fwd_engines[i]->name);
		printf("\n");
		return;
	}
	/* As in DPDK, where "set fwd rxonly retry" does not parse. */
	if (retry && (e == &rxonly_engine || e == &rxcheck_engine)) {
		printf("%s mode sends nothing, so it has no retry: 'set fwd %s'\n", e->name,
		       e->name);
		return;
	}
	app.engine = e;
	fwd_cfg.tx_retry = retry;
	printf("Set %s packet forwarding mode%s\n", e->name, retry ? " with retry" : "");
}

static void
set_verbose_run(int argc, char **argv)
{
	unsigned long v;

	(void)argc;
	if (parse_uint(argv[2], 0, UINT16_MAX, &v) < 0) {
		printf("verbose takes a level 0..%u: 1 dumps received packets, 2 sent ones, 3 both\n",
		       UINT16_MAX);
		return;
	}
	tap_verbose_set((unsigned int)v);
}

static void
set_log_run(int argc, char **argv)
{
	(void)argc;
	log_global_set(argv[3]);
}

static void
set_nbcore_run(int argc, char **argv)
{
	unsigned long v;

	(void)argc;
	if (!forwarding_stopped())
		return;
	if (parse_uint(argv[2], 1, nb_worker_lcores, &v) < 0) {
		printf("nbcore must be 1..%u: the EAL's lcores less the main one\n",
		       nb_worker_lcores);
		return;
	}
	app.nb_fwd_lcores = (unsigned int)v;
	printf("Number of forwarding cores set to %u\n", app.nb_fwd_lcores);
}

static void
set_burst_run(int argc, char **argv)
{
	unsigned long v;

	(void)argc;
	if (!forwarding_stopped())
		return;
	if (parse_uint(argv[2], 1, MAX_PKT_BURST, &v) < 0) {
		printf("burst must be 1..%d\n", MAX_PKT_BURST);
		return;
	}
	fwd_cfg.burst = (uint16_t)v;
	printf("Number of packets per burst set to %u\n", fwd_cfg.burst);
}

static void
set_txpkts_run(int argc, char **argv)
{
	(void)argc;
	if (forwarding_stopped())
		fwd_set_txpkts(argv[2]);
}

static void
set_portlist_run(int argc, char **argv)
{
	(void)argc;
	if (forwarding_stopped())
		fwd_portlist_set(argv[2]);
}

/* set promisc|allmulti P|all on|off */
static void
set_port_mode_run(int argc, char **argv)
{
	bool on = strcmp(argv[3], "on") == 0;
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p) {
		int ret;

		if (strcmp(argv[1], "allmulti") == 0) {
			port_allmulti_set(p, on);
			continue;
		}
		ret = on ? fpk_eth_promiscuous_enable(p) : fpk_eth_promiscuous_disable(p);
		if (ret < 0)
			printf("port %u: cannot turn promiscuous mode %s: %s\n", p, argv[3],
			       strerror(-ret));
	}
}

static void
set_link_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (one_port(argv[3], &p))
		port_link_set(p, strcmp(argv[1], "link-up") == 0);
}

static void
mac_addr_set_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (one_port(argv[2], &p))
		port_mac_addr_set(p, argv[3]);
}

/* mcast_addr add|remove P MAC */
static void
mcast_addr_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (!one_port(argv[2], &p))
		return;
	if (strcmp(argv[1], "add") == 0)
		port_mcast_addr_add(p, argv[3]);
	else
		port_mcast_addr_remove(p, argv[3]);
}

static void
port_start_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	if (mask == 0)
		return;
	FOREACH_PORT_IN(mask, p)
		start_port(p);
	check_link_status();
}

static void
port_stop_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	if (mask == 0 || !forwarding_stopped())
		return;
	printf("Stopping ports...\n");
	FOREACH_PORT_IN(mask, p)
		stop_port(p);
	printf("Checking link statuses...\nDone\n");
}

/* port close|reset P|all */
static void
port_close_reset_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p) {
		if (strcmp(argv[1], "close") == 0)
			port_close(p);
		else
			port_reset(p);
	}
}

/* "port P rxq|txq Q start|stop", DPDK's words and messages. */
static void
port_queue_run(int argc, char **argv)
{
	bool rx = strcmp(argv[2], "rxq") == 0, start = strcmp(argv[4], "start") == 0;
	uint16_t p, nb = rx ? app.nb_rxq : app.nb_txq;
	unsigned long q;
	int ret;

	(void)argc;
	if (!one_port(argv[1], &p))
		return;
	if (parse_uint(argv[3], 0, nb - 1u, &q) < 0) {
		printf("Invalid %s queue %s (must be < nb_%s=%u)\n", rx ? "RX" : "TX", argv[3],
		       rx ? "rxq" : "txq", nb);
		return;
	}
	if (!ports[p].started) {
		printf("Please start port %u first\n", p);
		return;
	}
	/*
	 * A forwarding lcore would go on polling the queue while its driver
	 * takes the buffers back: stop forwarding first (a stopped queue's
	 * stream is then left out at the next start).
	 */
	if (!forwarding_stopped())
		return;
	if (rx)
		ret = start ? fpk_eth_dev_rx_queue_start(p, (uint16_t)q) :
			      fpk_eth_dev_rx_queue_stop(p, (uint16_t)q);
	else
		ret = start ? fpk_eth_dev_tx_queue_start(p, (uint16_t)q) :
			      fpk_eth_dev_tx_queue_stop(p, (uint16_t)q);
	if (ret == -ENOTSUP)
		printf("Function not supported in PMD: port %u (%s) cannot %s one queue; "
		       "see its guide in doc/guides/nics\n", p, ports[p].info.driver_name,
		       argv[4]);
	else if (ret < 0)
		printf("port %u %s %lu %s failed: %s\n", p, argv[2], q, argv[4], strerror(-ret));
}

static void
port_config_queues_run(int argc, char **argv)
{
	(void)argc;
	port_queues_config(argv[3], argv[4]);
}

static void
port_config_mtu_run(int argc, char **argv)
{
	uint16_t p;

	(void)argc;
	if (one_port(argv[3], &p))
		port_mtu_set(p, argv[4]);
}

static void
port_config_reta_run(int argc, char **argv)
{
	uint64_t mask = port_arg(argv[2]);
	uint16_t p;

	(void)argc;
	FOREACH_PORT_IN(mask, p)
		rss_reta_config(p, argv[5]);
}

static void
port_config_rss_run(int argc, char **argv)
{
	(void)argc;
	rss_config_all(argv[4]);
}

static const struct command commands[] = {
	{ SEC_CONTROL, "start", "Start packet forwarding with the current configuration.",
	  start_run },
	{ SEC_CONTROL, "start tx_first [N]",
	  "Send N (default 1) txonly bursts on every stream, then start forwarding.", start_run },
	{ SEC_CONTROL, "stop", "Stop packet forwarding and display the accumulated statistics.",
	  stop_run },
	{ SEC_CONTROL, "quit", "Stop forwarding and the ports, and exit.", quit_run },
	{ SEC_CONTROL, "help [SECTION]",
	  "List the help sections, or the commands of SECTION ('all': every section).",
	  help_run },
	{ SEC_CONTROL, "capture start P FILE",
	  "FPK only: write what port P receives and sends to the pcapng file FILE.",
	  capture_start_run },
	{ SEC_CONTROL, "capture stop", "FPK only: stop every capture and close its file.",
	  capture_stop_run },
	{ SEC_CONTROL, "show capture",
	  "FPK only: the captures running, with the packets written and dropped.",
	  capture_show_run },

	{ SEC_DISPLAY, "show port stats|xstats|info P|all",
	  "Display statistics, extended statistics or information of port P, or all.",
	  show_port_run },
	{ SEC_DISPLAY, "show port summary all", "Display one line per port.",
	  show_port_summary_run },
	{ SEC_DISPLAY, "show port P rss-hash [key]",
	  "Display the RSS hash functions and RSS hash key of port P.", show_rss_hash_run },
	{ SEC_DISPLAY, "show port P rss reta SIZE MASKS",
	  "Display the redirection table entries selected by MASKS, (MASK[,MASK...]) with a "
	  "mask per 64 entries; SIZE is the port's table size.", show_rss_reta_run },
	{ SEC_DISPLAY, "clear port stats P|all",
	  "Clear the statistics of port P, or all (forward statistics count from here too).",
	  clear_port_stats_run },
	{ SEC_DISPLAY, "show rxq|txq info P Q",
	  "Display information for configured RX/TX queue Q of port P.", show_queue_info_run },
	{ SEC_DISPLAY, "show config rxtx|cores|fwd", "Display the given configuration.",
	  show_config_run },
	{ SEC_DISPLAY, "show fwd stats all", "Display the forward statistics since start.",
	  show_fwd_stats_run },
	{ SEC_DISPLAY, "show device info all",
	  "Show general information about devices probed.", show_device_info_run },
	{ SEC_DISPLAY, "dump_mempool", "Dump every mempool.", dump_mempool_run },
	{ SEC_DISPLAY, "dump_memzone", "Dump every memzone.", dump_memzone_run },

	{ SEC_CONFIG, "set fwd MODE [retry]",
	  "Set the packet forwarding mode, with retry: sending again what tx did not take.",
	  set_fwd_run },
	{ SEC_CONFIG, "set verbose N",
	  "Set the verbosity level N: 1 dumps received packets, 2 sent ones, 3 both.",
	  set_verbose_run },
	{ SEC_CONFIG, "set log global LEVEL", "Set the log level.", set_log_run },
	{ SEC_CONFIG, "set nbcore N", "Set the number of forwarding cores.", set_nbcore_run },
	{ SEC_CONFIG, "set burst N", "Set the number of packets per burst.", set_burst_run },
	{ SEC_CONFIG, "set txpkts LIST",
	  "Set the segment lengths (L[,L...]) of txonly and flowgen packets.", set_txpkts_run },
	{ SEC_CONFIG, "set portlist LIST",
	  "Set the list (P[,P...]) of forwarding ports.", set_portlist_run },
	{ SEC_CONFIG, "set promisc P|all on|off",
	  "Set the promiscuous mode on port P, or all.", set_port_mode_run },
	{ SEC_CONFIG, "set allmulti P|all on|off",
	  "Set the allmulti mode on port P, or all.", set_port_mode_run },
	{ SEC_CONFIG, "set link-up|link-down port P", "Set the link of port P up or down.",
	  set_link_run },
	{ SEC_CONFIG, "mac_addr set P MAC",
	  "Set the default MAC address (XX:XX:XX:XX:XX:XX) of port P.", mac_addr_set_run },
	{ SEC_CONFIG, "mcast_addr add|remove P MAC",
	  "Add or remove a multicast MAC address (XX:XX:XX:XX:XX:XX) in the list port P "
	  "filters on.", mcast_addr_run },

	{ SEC_PORTS, "port start P|all", "Start port P, or all.", port_start_run },
	{ SEC_PORTS, "port stop P|all", "Stop port P, or all.", port_stop_run },
	{ SEC_PORTS, "port close P|all", "Close port P, or all.", port_close_reset_run },
	{ SEC_PORTS, "port reset P|all", "Reset port P, or all.", port_close_reset_run },
	{ SEC_PORTS, "port P rxq|txq Q start|stop",
	  "Start or stop queue Q of a started port P, forwarding stopped.", port_queue_run },
	{ SEC_PORTS, "port config all rxq|txq|rxd|txd N",
	  "Set the number of rx or tx queues, or of rx or tx descriptors.",
	  port_config_queues_run },
	{ SEC_PORTS, "port config mtu P N", "Set the MTU of port P to N.", port_config_mtu_run },
	{ SEC_PORTS, "port config P rss reta ENTRIES",
	  "Point redirection table entries I at rx queue Q: ENTRIES is (I,Q)[,(I,Q)...].",
	  port_config_reta_run },
	{ SEC_PORTS, "port config all rss TYPE",
	  "Hash on TYPE: all, default, none, ip, tcp, udp, ipv4, ipv4-tcp, ipv4-udp, ipv6, "
	  "ipv6-tcp or ipv6-udp.", port_config_rss_run },
};

#define NB_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/*
 * @c's syntax cut into tokens (in @buf, SYNTAX_MAX bytes), brackets of an
 * optional last token removed. @return the number of tokens; *@optional
 * tells whether the last one may be left out.
 */
static int
syntax_tokens(const struct command *c, char *buf, char *tok[MAX_WORDS], bool *optional)
{
	char *save = NULL;
	int n = 0;

	snprintf(buf, SYNTAX_MAX, "%s", c->syntax);
	*optional = false;
	for (char *t = strtok_r(buf, " ", &save); t != NULL && n < MAX_WORDS;
	     t = strtok_r(NULL, " ", &save)) {
		if (t[0] == '[') {
			t[strlen(t) - 1] = '\0';
			t++;
			*optional = true;
		}
		tok[n++] = t;
	}
	return n;
}

/* Each alternative of @tok in turn into @alt (WORD_MAX bytes); NULL after the last. */
static const char *
token_alternative(const char *tok, unsigned int i, char *alt)
{
	const char *s = tok;

	for (; i > 0; i--) {
		s = strchr(s, '|');
		if (s == NULL)
			return NULL;
		s++;
	}
	snprintf(alt, WORD_MAX, "%.*s", (int)strcspn(s, "|"), s);
	return alt;
}

static bool
is_argument(const char *alt)
{
	return isupper((unsigned char)alt[0]);
}

/* The i-th value of an argument kind into @buf; false past the last. */
static bool
port_value(unsigned int i, char *buf)
{
	unsigned int n = 0;
	uint16_t id;

	FPK_ETH_FOREACH_DEV(id) {
		if (n++ == i) {
			snprintf(buf, WORD_MAX, "%u", id);
			return true;
		}
	}
	return false;
}

static bool
mode_value(unsigned int i, char *buf)
{
	for (unsigned int k = 0; k <= i; k++)
		if (fwd_engines[k] == NULL)
			return false;
	snprintf(buf, WORD_MAX, "%s", fwd_engines[i]->name);
	return true;
}

static bool
section_value(unsigned int i, char *buf)
{
	if (i > NB_SECTIONS)
		return false;
	snprintf(buf, WORD_MAX, "%s", i < NB_SECTIONS ? sections[i].name : "all");
	return true;
}

/* The arguments whose values completion and "?" can list. */
static const struct arg_kind {
	const char *name;
	bool (*value)(unsigned int i, char *buf);
} arg_kinds[] = {
	{ "P", port_value },
	{ "MODE", mode_value },
	{ "SECTION", section_value },
};

/* The kind of argument @alt, or NULL when its values are not listed. */
static const struct arg_kind *
arg_kind_find(const char *alt)
{
	for (size_t k = 0; k < sizeof(arg_kinds) / sizeof(arg_kinds[0]); k++)
		if (strcmp(arg_kinds[k].name, alt) == 0)
			return &arg_kinds[k];
	return NULL;
}

/* Whether argument @alt takes @word: any word, or where @listed one of its values. */
static bool
argument_takes(const char *alt, const char *word, bool listed)
{
	const struct arg_kind *kind = listed ? arg_kind_find(alt) : NULL;
	char value[WORD_MAX];

	if (kind == NULL)
		return true;
	for (unsigned int v = 0; kind->value(v, value); v++)
		if (strcmp(value, word) == 0)
			return true;
	return false;
}

/*
 * Whether @word fits @tok; *@literal (if not NULL) tells whether it is one
 * of its literal words rather than an argument. An argument takes any word
 * (its handler says what is wrong with it) unless @listed: then, where its
 * values are listed, only one of them, so that completion after "show port
 * stats" does not offer what would follow a port id.
 */
static bool
token_matches(const char *tok, const char *word, bool *literal, bool listed)
{
	char alt[WORD_MAX];
	bool argument = false;

	if (literal != NULL)
		*literal = false;
	for (unsigned int i = 0; token_alternative(tok, i, alt) != NULL; i++) {
		if (is_argument(alt)) {
			argument = argument || argument_takes(alt, word, listed);
		} else if (strcmp(alt, word) == 0) {
			if (literal != NULL)
				*literal = true;
			return true;
		}
	}
	return argument;
}

/*
 * Called for what may come next: @word a literal or a value that starts
 * with the partial word, or NULL for an argument whose values are not
 * listed; @tok NULL where the command may end.
 */
typedef void next_fn(const struct command *c, const char *tok, const char *word, void *arg);

static void
token_next(const struct command *c, const char *tok, const char *partial, next_fn *found,
	   void *arg)
{
	size_t len = strlen(partial);
	char alt[WORD_MAX], value[WORD_MAX];

	for (unsigned int i = 0; token_alternative(tok, i, alt) != NULL; i++) {
		const struct arg_kind *kind;

		if (!is_argument(alt)) {
			if (strncmp(alt, partial, len) == 0)
				found(c, tok, alt, arg);
		} else if ((kind = arg_kind_find(alt)) != NULL) {
			for (unsigned int v = 0; kind->value(v, value); v++)
				if (strncmp(value, partial, len) == 0)
					found(c, tok, value, arg);
		} else {
			found(c, tok, NULL, arg);
		}
	}
}

/*
 * What may follow the complete words @argv[0..argc) and begin with
 * @partial, in every command they can start: passed to @found.
 */
static void
commands_next(int argc, char **argv, const char *partial, next_fn *found, void *arg)
{
	char buf[SYNTAX_MAX], *tok[MAX_WORDS];
	bool optional;

	for (size_t i = 0; i < NB_COMMANDS; i++) {
		const struct command *c = &commands[i];
		int n = syntax_tokens(c, buf, tok, &optional), w;

		for (w = 0; w < argc && w < n; w++)
			if (!token_matches(tok[w], argv[w], NULL, true))
				break;
		if (w < argc)
			continue;
		if (argc >= n - optional && partial[0] == '\0')
			found(c, NULL, NULL, arg);
		if (argc < n)
			token_next(c, tok[argc], partial, found, arg);
	}
}

/* One line of "?": DPDK's layout, "WORD [TOKEN]: SYNTAX: HELP". */
static void
next_print(const struct command *c, const char *tok, const char *word, void *arg)
{
	unsigned int *n = arg;

	(*n)++;
	if (tok == NULL)
		printf(" [RETURN]: %s: %s\n", c->syntax, c->help);
	else
		printf(" %s%s[%s]: %s: %s\n", word ? word : "", word ? " " : "", tok, c->syntax,
		       c->help);
}

/* "?" after @argv[0..argc) and the partial word @partial. */
static void
next_list(int argc, char **argv, const char *partial)
{
	unsigned int n = 0;

	commands_next(argc, argv, partial, next_print, &n);
	if (n == 0) {
		printf("No command starts with '");
		for (int i = 0; i < argc; i++)
			printf("%s ", argv[i]);
		printf("%s': see 'help'\n", partial);
	}
}

/*
 * The command @argv is: of the commands whose tokens all fit, the one
 * with most literal words. NULL if none; then *@known says whether some
 * command starts with @argv[0].
 */
static const struct command *
command_find(int argc, char **argv, bool *known)
{
	const struct command *best = NULL;
	char buf[SYNTAX_MAX], *tok[MAX_WORDS];
	int best_score = -1;
	bool optional;

	*known = false;
	for (size_t i = 0; i < NB_COMMANDS; i++) {
		const struct command *c = &commands[i];
		int n = syntax_tokens(c, buf, tok, &optional), score = 0, w;

		if (token_matches(tok[0], argv[0], NULL, false))
			*known = true;
		if (argc < n - optional || argc > n)
			continue;
		for (w = 0; w < argc; w++) {
			bool literal;

			if (!token_matches(tok[w], argv[w], &literal, false))
				break;
			score += literal;
		}
		if (w == argc && score > best_score) {
			best = c;
			best_score = score;
		}
	}
	return best;
}

/*
 * A known command given words it does not take: DPDK's message, then the
 * syntax of the commands that fit the most of the first words.
 */
static void
bad_arguments(int argc, char **argv)
{
	char buf[SYNTAX_MAX], *tok[MAX_WORDS];
	int fit[NB_COMMANDS], most = 0;
	bool optional;

	printf("Bad arguments: see 'help'\n");
	for (size_t i = 0; i < NB_COMMANDS; i++) {
		int n = syntax_tokens(&commands[i], buf, tok, &optional), w;

		for (w = 0; w < argc && w < n; w++)
			if (!token_matches(tok[w], argv[w], NULL, false))
				break;
		fit[i] = w;
		if (w > most)
			most = w;
	}
	for (size_t i = 0; i < NB_COMMANDS; i++)
		if (fit[i] == most)
			printf("Usage: %s\n", commands[i].syntax);
}

static void
help_section(enum section s)
{
	size_t len = strlen(sections[s].title) + 1;

	printf("\n%s:\n%.*s\n", sections[s].title, (int)len,
	       "--------------------------------------------------");
	if (sections[s].note != NULL)
		printf("%s\n", sections[s].note);
	printf("\n");
	for (size_t i = 0; i < NB_COMMANDS; i++)
		if (commands[i].section == s)
			printf("%s\n    %s\n\n", commands[i].syntax, commands[i].help);
}

/* "help": DPDK's list of sections; "help SECTION": that section's commands. */
static void
help_run(int argc, char **argv)
{
	bool all = argc == 2 && strcmp(argv[1], "all") == 0;

	if (argc == 1) {
		printf("\nHelp is available for the following sections:\n\n");
		for (unsigned int s = 0; s < NB_SECTIONS; s++)
			printf("    help %-27s: %s\n", sections[s].name, sections[s].brief);
		printf("    help %-27s: %s\n\n", "all", "All of the above sections.");
		printf("Tab completes command words and arguments; '?' lists what may come "
		       "next.\n\n");
		return;
	}
	for (unsigned int s = 0; s < NB_SECTIONS; s++) {
		if (all || strcmp(argv[1], sections[s].name) == 0) {
			help_section(s);
			if (!all)
				return;
		}
	}
	if (!all) {
		printf("No help section '%s': give one of", argv[1]);
		for (unsigned int s = 0; s < NB_SECTIONS; s++)
			printf(" %s,", sections[s].name);
		printf(" all\n");
	}
}

/* Cut @line into words in place. @return their number, or -1 past @max. */
static int
words_split(char *line, char **argv, int max)
{
	char *save = NULL;
	int argc = 0;

	for (char *w = strtok_r(line, " \t\r\n", &save); w != NULL;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == max)
			return -1;
		argv[argc++] = w;
	}
	return argc;
}

/*
 * Run one command line (cut into words in place). A known command with
 * words it does not take says "Bad arguments"; only a word that is no
 * command at all is "Command not found". A last word ending in '?' lists
 * what may come next instead, as the '?' key does on a terminal.
 * @return false when it asks to quit.
 */
bool
cmdline_execute(char *line)
{
	char *argv[MAX_WORDS + 1];
	const struct command *c;
	bool known;
	int argc;

	/* A comment is ignored whatever it holds, many words included. */
	line += strspn(line, " \t\r\n");
	if (line[0] == '#')
		return true;
	argc = words_split(line, argv, MAX_WORDS);
	if (argc < 0) {
		printf("Bad arguments: too many words\n");
		return true;
	}
	if (argc == 0)
		return true;
	argv[argc] = NULL;
	if (argv[argc - 1][strlen(argv[argc - 1]) - 1] == '?') {
		char *partial = argv[--argc];

		partial[strlen(partial) - 1] = '\0';
		next_list(argc, argv, partial);
		return true;
	}
	c = command_find(argc, argv, &known);
	if (c != NULL) {
		quit_asked = false;
		c->run(argc, argv);
		return !quit_asked;
	}
	if (known)
		bad_arguments(argc, argv);
	else
		printf("Command not found: '%s' (type 'help' for the list)\n", argv[0]);
	return true;
}

#ifdef HAVE_READLINE
static bool rl_quit;

/* The words Tab may complete to, deduplicated; found by commands_next(). */
#define MAX_CANDIDATES 128
static char candidates[MAX_CANDIDATES][WORD_MAX];
static unsigned int nb_candidates;
static bool complete_files;

static void
candidate_add(const struct command *c, const char *tok, const char *word, void *arg)
{
	(void)c;
	(void)arg;
	if (word == NULL) {
		/* File names only where the argument is one. */
		if (tok != NULL && strcmp(tok, "FILE") == 0)
			complete_files = true;
		return;
	}
	for (unsigned int i = 0; i < nb_candidates; i++)
		if (strcmp(candidates[i], word) == 0)
			return;
	if (nb_candidates < MAX_CANDIDATES)
		snprintf(candidates[nb_candidates++], WORD_MAX, "%s", word);
}

static char *
candidate_next(const char *text, int state)
{
	static unsigned int i;

	(void)text; /* the candidates all start with it */
	if (state == 0)
		i = 0;
	return i < nb_candidates ? strdup(candidates[i++]) : NULL;
}

/* The complete words before @end of the line into @buf, cut into @argv. */
static int
line_words(int end, char *buf, size_t size, char **argv)
{
	snprintf(buf, size, "%.*s", end, rl_line_buffer);
	return words_split(buf, argv, MAX_WORDS);
}

/* Tab: the words that may stand at @start, from the command table. */
static char **
complete_words(const char *text, int start, int end)
{
	char buf[4096], *argv[MAX_WORDS];
	int argc = line_words(start, buf, sizeof(buf), argv);

	(void)end;
	nb_candidates = 0;
	complete_files = false;
	if (argc >= 0)
		commands_next(argc, argv, text, candidate_add, NULL);
	/* readline's file name completion runs only when this is left off. */
	rl_attempted_completion_over = !complete_files;
	if (nb_candidates == 0)
		return NULL;
	return rl_completion_matches(text, candidate_next);
}

/* The '?' key: what may come next, then the line again, as in DPDK's cmdline. */
static int
help_key(int count, int key)
{
	char buf[4096], *argv[MAX_WORDS], *partial = "";
	int argc = line_words(rl_point, buf, sizeof(buf), argv);

	(void)count;
	(void)key;
	printf("\n");
	if (argc < 0) {
		printf("Bad arguments: too many words\n");
	} else {
		if (argc > 0 && rl_point > 0 && !isspace((unsigned char)rl_line_buffer[rl_point - 1]))
			partial = argv[--argc];
		next_list(argc, argv, partial);
	}
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static void
rl_on_line(char *line)
{
	if (line == NULL) {
		/* Ctrl-D: quit, on a line of its own. */
		printf("\n");
		rl_quit = true;
	} else {
		if (line[0] != '\0')
			add_history(line);
		if (!cmdline_execute(line))
			rl_quit = true;
		free(line);
	}
	/* Removed from inside the handler, readline prints no new prompt. */
	if (rl_quit)
		rl_callback_handler_remove();
}

static void
prompt_readline(void)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = signal_fd(), .events = POLLIN },
	};

	/* Signals are ours: the pipe wakes the poll below. */
	rl_catch_signals = 0;
	rl_quit = false;
	/* Words are what the commands split on: a MAC's ':' is no break. */
	rl_basic_word_break_characters = " \t\n";
	rl_attempted_completion_function = complete_words;
	rl_callback_handler_install(PROMPT, rl_on_line);
	rl_bind_key('?', help_key);
	while (!rl_quit && !signal_received()) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents && !signal_received())
			rl_callback_read_char();
	}
	if (!rl_quit)
		rl_callback_handler_remove();
	rl_clear_history();
}
#endif

/* The line buffer's first size; it doubles whenever a line needs more. */
#define LINE_BUF_MIN 4096

/*
 * Lines from a stdin that is not a terminal, each run whole however long it
 * is: the buffer grows until the line's newline arrives. A fixed buffer cut
 * a long line and ran its tail as a command of its own, so the end of a
 * long comment could stop forwarding or quit.
 */
static void
prompt_lines(void)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = signal_fd(), .events = POLLIN },
	};
	size_t cap = LINE_BUF_MIN, len = 0, scanned = 0; /* buf[0..scanned) has no '\n' */
	char *buf = malloc(cap);
	bool eof = false;

	if (buf == NULL) {
		fprintf(stderr, "fpk-testpmd: no memory for the %d-byte input line buffer: "
			"ending input here\n", LINE_BUF_MIN);
		return;
	}
	printf(PROMPT);
	fflush(stdout);
	while (!signal_received()) {
		ssize_t r;

		if (!eof) {
			if (poll(pfd, 2, -1) < 0 && errno != EINTR)
				break;
			if (signal_received())
				break;
			if (!pfd[0].revents)
				continue;
			/* Room for a read and the NUL that ends a line. */
			if (cap - len < LINE_BUF_MIN / 2) {
				char *bigger = realloc(buf, cap * 2);

				if (bigger == NULL) {
					fprintf(stderr, "\nfpk-testpmd: an input line of more than %zu "
						"bytes does not fit in memory: ending input here; "
						"split it into shorter lines\n", len);
					break;
				}
				buf = bigger;
				cap *= 2;
			}
			r = read(STDIN_FILENO, buf + len, cap - 1 - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				eof = true;
			else
				len += (size_t)r;
		}
		/* Run every whole line; at the end of input, what is left too. */
		for (;;) {
			char *nl = len > scanned ? memchr(buf + scanned, '\n', len - scanned) : NULL;
			size_t line_len = nl ? (size_t)(nl - buf) : len;
			size_t used = nl ? line_len + 1 : len;
			bool go_on;

			if (nl == NULL && !(eof && len > 0))
				break;
			buf[line_len] = '\0';
			printf("%s\n", buf);
			go_on = cmdline_execute(buf);
			len -= used;
			memmove(buf, buf + used, len);
			scanned = 0;
			if (!go_on) {
				free(buf);
				return;
			}
			printf(PROMPT);
			fflush(stdout);
		}
		scanned = len;
		if (eof) {
			printf("\n");
			break;
		}
	}
	free(buf);
}

void
prompt(void)
{
#ifdef HAVE_READLINE
	if (isatty(STDIN_FILENO)) {
		prompt_readline();
	} else
#endif
	{
		prompt_lines();
	}
	if (signal_received())
		printf("\nSignal %d received, preparing to exit...\n", signal_received());
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The testpmd> prompt: a subset of DPDK testpmd's commands with the same
 * words. On a terminal it uses readline (line editing, history); otherwise
 * it reads lines from stdin and echoes each after the prompt, so a piped
 * session reads like a typed one. End of input quits, as does SIGINT or
 * SIGTERM.
 */
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

#include "testpmd_app.h"

#define PROMPT "testpmd> "
#define MAX_WORDS 8

static void
cmd_help(void)
{
	printf("Commands ('all' or a port id where a port is named):\n"
	       "  start                         start forwarding\n"
	       "  start tx_first [N]            send N (1) txonly bursts on every stream, then start\n"
	       "  stop                          stop forwarding, show forward statistics\n"
	       "  set fwd MODE                  io, mac, macswap, 5tswap, rxonly, txonly, flowgen,\n"
	       "                                csum, icmpecho, rxcheck\n"
	       "  set nbcore N                  forwarding lcores (1..%u)\n"
	       "  set burst N                   packets per burst (1..%d)\n"
	       "  set txpkts L[,L...]           txonly/flowgen segment lengths\n"
	       "  set promisc all|P on|off      promiscuous mode\n"
	       "  show port stats all|P         NIC statistics and throughput since last show\n"
	       "  show port xstats all|P        extended statistics\n"
	       "  show port info all|P          device information\n"
	       "  clear port stats all|P        reset NIC statistics\n"
	       "  show fwd stats all            forward statistics since start\n"
	       "  show config fwd               streams and the lcores that poll them\n"
	       "  port stop all|P               stop ports\n"
	       "  port start all|P              start ports\n"
	       "  port P rxq|txq Q start|stop   start or stop one queue of a started port\n"
	       "  show port P rss-hash [key]    RSS hash types (and key) of a port\n"
	       "  show port P rss reta SIZE (MASK[,MASK...])\n"
	       "                                redirection table entries, a mask per 64\n"
	       "  port config P rss reta (I,Q)[,(I,Q)...]\n"
	       "                                set redirection table entry I to rx queue Q\n"
	       "  port config all rss TYPE      hash on all, default, none, ip, tcp, udp, ipv4,\n"
	       "                                ipv4-tcp, ipv4-udp, ipv6, ipv6-tcp, ipv6-udp\n"
	       "  help                          this list\n"
	       "  quit                          stop everything and exit\n",
	       nb_worker_lcores, MAX_PKT_BURST);
}

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

	if (arg != NULL && strcmp(arg, "all") == 0) {
		FPK_ETH_FOREACH_DEV(id)
			mask |= UINT64_C(1) << id;
		return mask;
	}
	if (arg == NULL || parse_uint(arg, 0, FPK_MAX_ETHPORTS - 1, &p) < 0 ||
	    !fpk_eth_dev_is_valid_port((uint16_t)p)) {
		printf("Invalid port '%s': give 'all' or the id of a port\n", arg ? arg : "");
		return 0;
	}
	return UINT64_C(1) << p;
}

/* A known command given words it does not take. */
static void
bad_arguments(void)
{
	printf("Bad arguments: see 'help'\n");
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

/* "start tx_first N": N txonly bursts on every stream first, as in DPDK. */
static void
cmd_start_tx_first(const char *arg)
{
	unsigned long n;

	if (parse_uint(arg, 1, UINT16_MAX, &n) < 0) {
		printf("tx_first takes a number of bursts, 1..%u\n", UINT16_MAX);
		return;
	}
	start_packet_forwarding((unsigned int)n);
}

static void
cmd_set(int argc, char **argv)
{
	unsigned long v;
	uint64_t mask;
	uint16_t p;

	if (argc == 3 && strcmp(argv[1], "fwd") == 0) {
		const struct fwd_engine *e = fwd_engine_find(argv[2]);

		if (!forwarding_stopped())
			return;
		if (e == NULL) {
			printf("Invalid forwarding mode '%s': ", argv[2]);
			for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
				printf("%s%s", i ? ", " : "", fwd_engines[i]->name);
			printf("\n");
			return;
		}
		app.engine = e;
		printf("Set %s packet forwarding mode\n", e->name);
	} else if (argc == 3 && strcmp(argv[1], "nbcore") == 0) {
		if (!forwarding_stopped())
			return;
		if (parse_uint(argv[2], 1, nb_worker_lcores, &v) < 0) {
			printf("nbcore must be 1..%u: the EAL's lcores less the main one\n",
			       nb_worker_lcores);
			return;
		}
		app.nb_fwd_lcores = (unsigned int)v;
		printf("Number of forwarding cores set to %u\n", app.nb_fwd_lcores);
	} else if (argc == 3 && strcmp(argv[1], "burst") == 0) {
		if (!forwarding_stopped())
			return;
		if (parse_uint(argv[2], 1, MAX_PKT_BURST, &v) < 0) {
			printf("burst must be 1..%d\n", MAX_PKT_BURST);
			return;
		}
		fwd_cfg.burst = (uint16_t)v;
		printf("Number of packets per burst set to %u\n", fwd_cfg.burst);
	} else if (argc == 3 && strcmp(argv[1], "txpkts") == 0) {
		if (forwarding_stopped())
			fwd_set_txpkts(argv[2]);
	} else if (argc == 4 && strcmp(argv[1], "promisc") == 0 &&
		   (strcmp(argv[3], "on") == 0 || strcmp(argv[3], "off") == 0)) {
		bool on = strcmp(argv[3], "on") == 0;

		mask = port_arg(argv[2]);
		FOREACH_PORT_IN(mask, p) {
			int ret = on ? fpk_eth_promiscuous_enable(p) : fpk_eth_promiscuous_disable(p);

			if (ret < 0)
				printf("port %u: cannot turn promiscuous mode %s: %s\n", p, argv[3],
				       strerror(-ret));
		}
	} else {
		bad_arguments();
	}
}

static void
cmd_show(int argc, char **argv)
{
	uint64_t mask;
	uint16_t p;

	if (argc == 4 && strcmp(argv[1], "port") == 0 &&
	    (strcmp(argv[2], "stats") == 0 || strcmp(argv[2], "xstats") == 0 ||
	     strcmp(argv[2], "info") == 0)) {
		mask = port_arg(argv[3]);
		FOREACH_PORT_IN(mask, p) {
			if (argv[2][0] == 's')
				nic_stats_display(p);
			else if (argv[2][0] == 'x')
				nic_xstats_display(p);
			else
				port_infos_display(p);
		}
	} else if (argc == 4 && strcmp(argv[1], "fwd") == 0 && strcmp(argv[2], "stats") == 0 &&
		   strcmp(argv[3], "all") == 0) {
		if (fwd_streams == NULL)
			printf("No forwarding has run yet: 'start' first\n");
		else
			fwd_stats_display();
	} else if (argc == 3 && strcmp(argv[1], "config") == 0 && strcmp(argv[2], "fwd") == 0) {
		fwd_config_display();
	} else if ((argc == 4 || argc == 5) && strcmp(argv[1], "port") == 0 &&
		   strcmp(argv[3], "rss-hash") == 0 && (argc == 4 || strcmp(argv[4], "key") == 0)) {
		mask = port_arg(argv[2]);
		FOREACH_PORT_IN(mask, p)
			rss_hash_show(p, argc == 5);
	} else if (argc == 7 && strcmp(argv[1], "port") == 0 && strcmp(argv[3], "rss") == 0 &&
		   strcmp(argv[4], "reta") == 0) {
		mask = port_arg(argv[2]);
		FOREACH_PORT_IN(mask, p)
			rss_reta_show(p, argv[5], argv[6]);
	} else {
		bad_arguments();
	}
}

/* "port P rxq|txq Q start|stop", DPDK's words and messages. */
static void
cmd_port_queue(char **argv)
{
	bool rx = strcmp(argv[2], "rxq") == 0, start = strcmp(argv[4], "start") == 0;
	uint64_t mask = port_arg(argv[1]);
	uint16_t p, nb = rx ? app.nb_rxq : app.nb_txq;
	unsigned long q;
	int ret;

	if (mask == 0 || __builtin_popcountll(mask) != 1) {
		if (mask != 0)
			printf("Give one port id, not 'all'\n");
		return;
	}
	p = (uint16_t)__builtin_ctzll(mask);
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
cmd_port(int argc, char **argv)
{
	uint64_t mask;
	uint16_t p;

	if (argc == 5 && (strcmp(argv[2], "rxq") == 0 || strcmp(argv[2], "txq") == 0) &&
	    (strcmp(argv[4], "start") == 0 || strcmp(argv[4], "stop") == 0)) {
		cmd_port_queue(argv);
		return;
	}
	if (argc == 6 && strcmp(argv[1], "config") == 0 && strcmp(argv[3], "rss") == 0 &&
	    strcmp(argv[4], "reta") == 0) {
		mask = port_arg(argv[2]);
		FOREACH_PORT_IN(mask, p)
			rss_reta_config(p, argv[5]);
		return;
	}
	if (argc == 5 && strcmp(argv[1], "config") == 0 && strcmp(argv[2], "all") == 0 &&
	    strcmp(argv[3], "rss") == 0) {
		rss_config_all(argv[4]);
		return;
	}
	if (argc != 3 || (strcmp(argv[1], "start") != 0 && strcmp(argv[1], "stop") != 0)) {
		bad_arguments();
		return;
	}
	mask = port_arg(argv[2]);
	if (mask == 0)
		return;
	if (strcmp(argv[1], "stop") == 0) {
		if (!forwarding_stopped())
			return;
		printf("Stopping ports...\n");
		FOREACH_PORT_IN(mask, p)
			stop_port(p);
	} else {
		FOREACH_PORT_IN(mask, p)
			start_port(p);
		check_link_status();
		return;
	}
	printf("Checking link statuses...\nDone\n");
}

/*
 * Run one command line (cut into words in place). A known command with
 * words it does not take says "Bad arguments"; only a word that is no
 * command at all is "Command not found". @return false when it asks to quit.
 */
bool
cmdline_execute(char *line)
{
	char *argv[MAX_WORDS + 1], *save = NULL;
	int argc = 0;

	for (char *w = strtok_r(line, " \t\r\n", &save); w != NULL;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		/* A comment is ignored whatever it holds, many words included. */
		if (argc == 0 && w[0] == '#')
			return true;
		if (argc == MAX_WORDS) {
			printf("Bad arguments: too many words\n");
			return true;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	if (argc == 0)
		return true;
	if (strcmp(argv[0], "quit") == 0) {
		if (argc == 1)
			return false;
		bad_arguments();
	} else if (strcmp(argv[0], "help") == 0) {
		cmd_help();
	} else if (strcmp(argv[0], "start") == 0) {
		if (argc == 1)
			start_packet_forwarding(0);
		else if (argc == 2 && strcmp(argv[1], "tx_first") == 0)
			start_packet_forwarding(1);
		else if (argc == 3 && strcmp(argv[1], "tx_first") == 0)
			cmd_start_tx_first(argv[2]);
		else
			bad_arguments();
	} else if (strcmp(argv[0], "stop") == 0) {
		if (argc == 1)
			stop_packet_forwarding();
		else
			bad_arguments();
	} else if (strcmp(argv[0], "set") == 0) {
		cmd_set(argc, argv);
	} else if (strcmp(argv[0], "show") == 0) {
		cmd_show(argc, argv);
	} else if (strcmp(argv[0], "clear") == 0) {
		if (argc == 4 && strcmp(argv[1], "port") == 0 && strcmp(argv[2], "stats") == 0) {
			uint64_t mask = port_arg(argv[3]);
			uint16_t p;

			FOREACH_PORT_IN(mask, p)
				nic_stats_clear(p);
		} else {
			bad_arguments();
		}
	} else if (strcmp(argv[0], "port") == 0) {
		cmd_port(argc, argv);
	} else {
		printf("Command not found: '%s' (type 'help' for the list)\n", argv[0]);
	}
	return true;
}

#ifdef HAVE_READLINE
static bool rl_quit;

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
	rl_callback_handler_install(PROMPT, rl_on_line);
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

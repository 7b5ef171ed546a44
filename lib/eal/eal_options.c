/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL command-line options, spelled as DPDK spells them so testpmd habits
 * carry over. Every rejection says which option is wrong and what to do.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "eal_private.h"
#include "fpk_devargs.h"

enum {
	OPT_LCORES = 256,
	OPT_SOCKET_MEM,
	OPT_NO_HUGE,
	OPT_HUGE_DIR,
	OPT_IOVA_MODE,
	OPT_FILE_PREFIX,
	OPT_IN_MEMORY,
	OPT_NO_TELEMETRY,
	OPT_LOG_LEVEL,
	OPT_VDEV,
	OPT_MAIN_LCORE,
	OPT_PROC_TYPE,
	OPT_HUGE_UNLINK,
	OPT_SINGLE_FILE_SEGMENTS,
	OPT_LEGACY_MEM,
	OPT_SYSLOG,
	OPT_BUS_FIRST, /* the buses' options: OPT_BUS_FIRST + index in bus_opts */
};

#define MAX_BUS_OPTS 32

static const struct option eal_opts[] = {
	{ "lcores", required_argument, NULL, OPT_LCORES },
	{ "socket-mem", required_argument, NULL, OPT_SOCKET_MEM },
	{ "no-huge", no_argument, NULL, OPT_NO_HUGE },
	{ "huge-dir", required_argument, NULL, OPT_HUGE_DIR },
	{ "iova-mode", required_argument, NULL, OPT_IOVA_MODE },
	{ "file-prefix", required_argument, NULL, OPT_FILE_PREFIX },
	{ "in-memory", no_argument, NULL, OPT_IN_MEMORY },
	{ "no-telemetry", no_argument, NULL, OPT_NO_TELEMETRY },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "allow", required_argument, NULL, 'a' },
	{ "block", required_argument, NULL, 'b' },
	{ "vdev", required_argument, NULL, OPT_VDEV },
	{ "main-lcore", required_argument, NULL, OPT_MAIN_LCORE },
	{ "proc-type", required_argument, NULL, OPT_PROC_TYPE },
	{ "huge-unlink", optional_argument, NULL, OPT_HUGE_UNLINK },
	{ "single-file-segments", no_argument, NULL, OPT_SINGLE_FILE_SEGMENTS },
	{ "legacy-mem", no_argument, NULL, OPT_LEGACY_MEM },
	{ "syslog", required_argument, NULL, OPT_SYSLOG },
	{ "help", no_argument, NULL, 'h' },
};

/* The getopt table of one parse: the EAL's options, then every registered
 * bus's, whose entries bus_opts holds in the same order. */
static struct option long_opts[FPK_DIM(eal_opts) + MAX_BUS_OPTS + 1];
static const struct fpk_bus_option *bus_opts[MAX_BUS_OPTS];

static int
build_long_opts(void)
{
	unsigned int n = 0;

	memcpy(long_opts, eal_opts, sizeof(eal_opts));
	for (struct fpk_bus *b = eal_bus_first(); b; b = b->next) {
		if (b->options_reset)
			b->options_reset();
		for (const struct fpk_bus_option *o = b->options; o && o->name; o++) {
			if (n == MAX_BUS_OPTS) {
				FPK_LOG(ERR, EAL, "the buses have more than %d options: raise "
					"MAX_BUS_OPTS in lib/eal/eal_options.c\n", MAX_BUS_OPTS);
				return -ENOSPC;
			}
			bus_opts[n] = o;
			long_opts[FPK_DIM(eal_opts) + n] = (struct option){
				.name = o->name,
				.has_arg = o->has_arg ? required_argument : no_argument,
				.val = OPT_BUS_FIRST + (int)n,
			};
			n++;
		}
	}
	long_opts[FPK_DIM(eal_opts) + n] = (struct option){ 0 };
	return 0;
}

void
fpk_eal_usage(FILE *f)
{
	fprintf(f,
"  -l, --lcores LIST     lcores to use: '0-3', '0,2,4', 'LCORE@CPU' to pin an\n"
"                        lcore to another CPU (default: every CPU this\n"
"                        process may use)\n"
"  -c MASK               lcores as a hexadecimal CPU mask\n"
"  --main-lcore N        the lcore that runs main(): one of the lcores of -l\n"
"                        or -c (default: the lowest); the others are workers\n"
"  -n N                  memory channels; accepted for DPDK compatibility, unused\n"
"  -m SIZE               memory to reserve at start, in MiB (512) or with a unit\n"
"                        (512M, 2G); without -m, memory grows on demand\n"
"  --socket-mem SIZE,..  reserve memory per NUMA node at start, node 0 first;\n"
"                        0 for a node that gets none (e.g. '0,1024'), at least\n"
"                        one node non-zero; sizes as for -m\n"
"  --no-huge             use ordinary 4 KiB pages instead of hugepages;\n"
"                        NOT DMA-safe for physical devices (virtual ports only)\n"
"  --huge-dir DIR        back memory with files on this hugetlbfs mount point\n"
"                        (default: memfd_create(MFD_HUGETLB), no mount needed)\n"
"  --iova-mode pa|va     DMA addresses: physical (pagemap until a bus provides\n"
"                        them) or virtual (default: decided by the buses)\n"
"  --file-prefix NAME    name of this process's runtime files (default 'fpk'):\n"
"                        no '/', not '.' or '..', not starting with '-', at\n"
"                        most 63 characters\n"
"  --in-memory           create no runtime files at all (the telemetry\n"
"                        socket excepted: see --no-telemetry)\n"
"  --no-telemetry        open no telemetry socket (doc/guides/telemetry.md)\n"
"  --log-level SPEC      LEVEL, or TYPE:LEVEL with a glob TYPE ('lib.eal:debug',\n"
"                        'pmd.*:info'); levels: emergency alert critical error\n"
"                        warning notice info debug, or 1-8; may be repeated\n"
"                        (at most 32 different TYPE patterns)\n"
"  -a, --allow DEV       use only the listed bus devices (PCI address)\n"
"  -b, --block DEV       never use this bus device\n"
"  --vdev NAME[,k=v..]   create a virtual device, e.g. 'net_null0,size=64'\n"
"  --proc-type TYPE      primary or auto: both start a primary process;\n"
"                        secondary is refused, FPK has no multi-process\n"
"                        support (read a running process through its\n"
"                        telemetry socket instead)\n"
"  --syslog FACILITY     log to syslog too: auth cron daemon ftp kern lpr mail\n"
"                        news syslog user uucp local0..local7\n"
"  -v                    print FPK's version at start and go on\n"
"  --huge-unlink[=always|existing], --single-file-segments, --legacy-mem,\n"
"  -d LIB                accepted for DPDK compatibility, with a notice: FPK\n"
"                        unlinks hugepage files at once, maps each memory\n"
"                        segment from one memfd or file, reserves memory at\n"
"                        start with -m or --socket-mem (grows on demand\n"
"                        without), and has its drivers built in\n");
	for (const struct fpk_bus *b = eal_bus_first(); b; b = b->next)
		if (b->usage)
			fputs(b->usage, f);
	fputs("  -h, --help            show this help and exit\n", f);
}

void
eal_config_defaults(struct eal_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++)
		cfg->lcore_cpu[i] = -1;
	cfg->iova_mode = FPK_IOVA_DC;
	snprintf(cfg->file_prefix, sizeof(cfg->file_prefix), "fpk");
}

static int
parse_uint(const char *s, unsigned long *out)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end != '\0')
		return -EINVAL;
	return 0;
}

static int
set_lcore(struct eal_config *cfg, unsigned long lcore, long cpu)
{
	if (lcore >= FPK_MAX_LCORE) {
		FPK_LOG(ERR, EAL, "lcore %lu is above the build's limit of %u lcores: "
			"use lower lcore ids or rebuild with -Dmax_lcores=N\n",
			lcore, FPK_MAX_LCORE - 1);
		return -EINVAL;
	}
	if (cpu < 0 || cpu >= CPU_SETSIZE) {
		FPK_LOG(ERR, EAL, "CPU %ld does not exist\n", cpu);
		return -EINVAL;
	}
	if (cfg->lcore_cpu[lcore] >= 0) {
		FPK_LOG(ERR, EAL, "lcore %lu is given twice in the lcore list\n", lcore);
		return -EINVAL;
	}
	cfg->lcore_cpu[lcore] = (int)cpu;
	cfg->lcore_count++;
	return 0;
}

static void
pick_main_lcore(struct eal_config *cfg)
{
	if (cfg->main_lcore_set)
		return; /* main_lcore_check() checks it once all options are read */
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		if (cfg->lcore_cpu[i] >= 0) {
			cfg->main_lcore = i;
			return;
		}
	}
}

static void
reset_lcores(struct eal_config *cfg)
{
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++)
		cfg->lcore_cpu[i] = -1;
	cfg->lcore_count = 0;
}

/* End of -l or -c: at least one lcore, and the main one picked. */
static int
lcores_chosen(struct eal_config *cfg)
{
	if (cfg->lcore_count == 0)
		return -EINVAL;
	cfg->lcores_set = true;
	pick_main_lcore(cfg);
	return 0;
}

int
eal_parse_lcores(const char *arg, struct eal_config *cfg)
{
	char buf[1024], *tok, *save = NULL;

	if (arg == NULL || arg[0] == '\0' || strlen(arg) >= sizeof(buf))
		goto bad;
	reset_lcores(cfg);
	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *at = strchr(tok, '@');
		char *dash;
		unsigned long first, last, cpu = 0;

		if (at) {
			*at = '\0';
			if (parse_uint(at + 1, &cpu) || parse_uint(tok, &first))
				goto bad;
			if (set_lcore(cfg, first, (long)cpu))
				return -EINVAL;
			continue;
		}
		dash = strchr(tok, '-');
		if (dash) {
			*dash = '\0';
			if (parse_uint(tok, &first) || parse_uint(dash + 1, &last) || last < first)
				goto bad;
		} else {
			if (parse_uint(tok, &first))
				goto bad;
			last = first;
		}
		for (unsigned long l = first; l <= last; l++)
			if (set_lcore(cfg, l, (long)l))
				return -EINVAL;
	}
	if (lcores_chosen(cfg) == 0)
		return 0;
bad:
	FPK_LOG(ERR, EAL, "invalid lcore list '%s': use ranges and lists such as "
		"'0-3', '0,2,4' or '1@3'\n", arg ? arg : "");
	return -EINVAL;
}

int
eal_parse_coremask(const char *arg, struct eal_config *cfg)
{
	const char *p = arg;
	size_t len;

	if (p == NULL)
		goto bad;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	len = strlen(p);
	if (len == 0)
		goto bad;
	reset_lcores(cfg);
	/* Walk hex digits from the least significant end. */
	for (size_t i = 0; i < len; i++) {
		char c = p[len - 1 - i];
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			goto bad;
		for (int b = 0; b < 4; b++)
			if ((v >> b) & 1)
				if (set_lcore(cfg, i * 4 + b, (long)(i * 4 + b)))
					return -EINVAL;
	}
	if (lcores_chosen(cfg) == 0)
		return 0;
bad:
	FPK_LOG(ERR, EAL, "invalid coremask '%s': give a non-zero hexadecimal mask "
		"such as 0x3, or use -l 0-1\n", arg ? arg : "");
	return -EINVAL;
}

/* The largest -m/--socket-mem: 2^40 MiB (1 EiB), far above any machine and
 * still a byte count that fits size_t. */
#define MEM_MAX_MB (UINT64_C(1) << 40)

/*
 * "512" is MiB as in DPDK; "512M", "2G" are accepted as well.
 * @return 0, -EINVAL (not a size) or -ERANGE (above MEM_MAX_MB).
 */
static int
parse_mb(const char *s, size_t *bytes)
{
	unsigned int shift = 0;
	unsigned long long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'G' || *end == 'g') {
		shift = 10;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		end++;
	}
	if (*end != '\0')
		return -EINVAL;
	/* Compare before shifting: shifted first, 2^54 G wraps around to 0
	 * and 2^54 G + 1 G to 1 G, both then in range. */
	if (errno == ERANGE || v > (MEM_MAX_MB >> shift) || (v << shift) > (SIZE_MAX >> 20))
		return -ERANGE;
	*bytes = (size_t)(v << shift) << 20;
	return 0;
}

/* Fields are split by hand: strtok() would read "256,,256" as nodes 0 and
 * 1, giving node 1 the 256 MiB meant for node 2. */
int
eal_parse_socket_mem(const char *arg, struct eal_config *cfg)
{
	size_t sizes[FPK_MAX_NUMA_NODES] = { 0 };
	const char *p = arg;
	unsigned int n = 0;
	bool any = false;

	if (arg == NULL || arg[0] == '\0')
		goto bad;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t flen = comma ? (size_t)(comma - p) : strlen(p);
		char field[32];
		int ret;

		if (n == FPK_MAX_NUMA_NODES) {
			FPK_LOG(ERR, EAL, "--socket-mem '%s' names more than %u NUMA nodes "
				"(the build's limit, -Dmax_numa_nodes)\n", arg, FPK_MAX_NUMA_NODES);
			return -EINVAL;
		}
		if (flen == 0) {
			FPK_LOG(ERR, EAL, "invalid --socket-mem '%s': the size of NUMA node %u "
				"is missing: give every node up to the last one a size, 0 for "
				"none, such as '1024,0,1024'\n", arg, n);
			return -EINVAL;
		}
		if (flen >= sizeof(field))
			goto bad;
		memcpy(field, p, flen);
		field[flen] = '\0';
		ret = parse_mb(field, &sizes[n]);
		if (ret == -ERANGE) {
			FPK_LOG(ERR, EAL, "--socket-mem '%s': '%s' for NUMA node %u is too large "
				"(at most %" PRIu64 " MiB): give MiB per node, such as "
				"'1024,1024'\n", arg, field, n, MEM_MAX_MB);
			return -EINVAL;
		}
		if (ret)
			goto bad;
		any = any || sizes[n] != 0;
		n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (!any) {
		FPK_LOG(ERR, EAL, "--socket-mem '%s' gives no NUMA node any memory, so every "
			"allocation would fail: give at least one node a size, such as "
			"'--socket-mem 1024', or leave out --socket-mem to grow memory on "
			"demand\n", arg);
		return -EINVAL;
	}
	memcpy(cfg->socket_mem, sizes, sizeof(sizes));
	cfg->socket_mem_set = true;
	return 0;
bad:
	FPK_LOG(ERR, EAL, "invalid --socket-mem '%s': give MiB per NUMA node, "
		"such as '1024' or '1024,1024' (512M, 2G also accepted)\n", arg ? arg : "");
	return -EINVAL;
}

int
eal_check_lcores(const struct eal_config *cfg)
{
	cpu_set_t allowed;
	char list[256] = "";
	size_t off = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
		return 0;
	for (int c = 0; c < CPU_SETSIZE && off < sizeof(list) - 16; c++)
		if (CPU_ISSET(c, &allowed))
			off += snprintf(list + off, sizeof(list) - off, "%s%d", off ? "," : "", c);
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		int cpu = cfg->lcore_cpu[i];

		if (cpu >= 0 && !CPU_ISSET(cpu, &allowed)) {
			FPK_LOG(ERR, EAL, "lcore %u needs CPU %d, which this process cannot "
				"run on (%d CPUs available: %s): choose lcores among those, "
				"e.g. -l 0-%d\n", i, cpu, CPU_COUNT(&allowed), list,
				CPU_COUNT(&allowed) - 1);
			return -EINVAL;
		}
	}
	return 0;
}

static void
default_lcores(struct eal_config *cfg)
{
	cpu_set_t allowed;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
		CPU_ZERO(&allowed);
		CPU_SET(0, &allowed);
	}
	for (int c = 0; c < CPU_SETSIZE && cfg->lcore_count < FPK_MAX_LCORE; c++)
		if (CPU_ISSET(c, &allowed))
			set_lcore(cfg, (unsigned long)c, c);
	pick_main_lcore(cfg);
}

static int
parse_iova_mode(const char *arg, struct eal_config *cfg)
{
	if (strcasecmp(arg, "pa") == 0) {
		cfg->iova_mode = FPK_IOVA_PA;
	} else if (strcasecmp(arg, "va") == 0) {
		cfg->iova_mode = FPK_IOVA_VA;
	} else {
		FPK_LOG(ERR, EAL, "invalid --iova-mode '%s': use 'pa' or 'va'\n", arg);
		return -EINVAL;
	}
	return 0;
}

/* The prefix names a directory of its own under the runtime directory
 * (/run/fpk/PREFIX): anything that is not one plain name would be another
 * directory's name or a path out of it. */
static int
parse_file_prefix(const char *arg, struct eal_config *cfg)
{
	const char *why = NULL;

	if (arg[0] == '\0')
		why = "it is empty";
	else if (strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0)
		why = "'.' and '..' are directories, not names";
	else if (strchr(arg, '/'))
		why = "it contains '/'";
	else if (arg[0] == '-')
		why = "it starts with '-' (an option where the prefix should be? "
		      "--file-prefix takes the next argument as its value)";
	else if (strlen(arg) >= sizeof(cfg->file_prefix))
		why = "it is too long";
	if (why) {
		FPK_LOG(ERR, EAL, "invalid --file-prefix '%s': %s: give a plain name such as "
			"'fpk1' (no '/', not '.' or '..', not starting with '-', at most %d "
			"characters)\n", arg, why, EAL_FILE_PREFIX_MAX - 1);
		return -EINVAL;
	}
	snprintf(cfg->file_prefix, sizeof(cfg->file_prefix), "%s", arg);
	return 0;
}

/* DPDK's --proc-type values: a second process attaching to the memory and
 * devices of a running one is the one thing FPK cannot do. */
static int
parse_proc_type(const char *arg)
{
	if (strcasecmp(arg, "primary") == 0 || strcasecmp(arg, "auto") == 0)
		return 0;
	if (strcasecmp(arg, "secondary") == 0)
		FPK_LOG(ERR, EAL, "--proc-type secondary: FPK has no multi-process support, "
			"no process can attach to another's memory and ports: read a running "
			"process's ports and pools through its telemetry socket "
			"(dpdk-telemetry.py -f PREFIX), or start another primary process with "
			"its own --file-prefix and devices\n");
	else
		FPK_LOG(ERR, EAL, "invalid --proc-type '%s': use primary or auto (FPK has no "
			"secondary processes)\n", arg);
	return -EINVAL;
}

/* --huge-unlink's DPDK 22.11 values: FPK unlinks every hugepage file it
 * creates right after opening it, so "never" is the one it cannot do. */
static int
parse_huge_unlink(const char *arg)
{
	if (arg == NULL || strcmp(arg, "always") == 0 || strcmp(arg, "existing") == 0) {
		FPK_LOG(NOTICE, EAL, "--huge-unlink: nothing to do, FPK unlinks its hugepage "
			"files as soon as it creates them (and memfd pages, the default, have "
			"none)\n");
		return 0;
	}
	if (strcmp(arg, "never") == 0)
		FPK_LOG(ERR, EAL, "--huge-unlink=never is not supported: FPK keeps no hugepage "
			"files to reuse, each is unlinked once created; leave out the option\n");
	else
		FPK_LOG(ERR, EAL, "invalid --huge-unlink '%s': use --huge-unlink, "
			"--huge-unlink=always or --huge-unlink=existing\n", arg);
	return -EINVAL;
}

static int
parse_main_lcore(const char *arg, struct eal_config *cfg)
{
	unsigned long ul;

	if (parse_uint(arg, &ul) || ul >= FPK_MAX_LCORE) {
		FPK_LOG(ERR, EAL, "invalid --main-lcore '%s': give an lcore id from 0 to %u, "
			"one of the lcores of -l or -c\n", arg, FPK_MAX_LCORE - 1);
		return -EINVAL;
	}
	cfg->main_lcore = (unsigned int)ul;
	cfg->main_lcore_set = true;
	return 0;
}

static int
parse_syslog(const char *arg, const char *prgname)
{
	/* openlog() keeps the pointer: argv outlives the process's logging. */
	const char *ident = strrchr(prgname, '/');
	int facility = eal_log_syslog_facility(arg);

	if (facility < 0) {
		FPK_LOG(ERR, EAL, "invalid --syslog '%s': use one of auth cron daemon ftp kern "
			"lpr mail news syslog user uucp local0..local7\n", arg);
		return -EINVAL;
	}
	eal_log_syslog_open(ident ? ident + 1 : prgname, facility);
	return 0;
}

/* One EAL option getopt_long() returned, with its value @arg. */
static int
set_option(int opt, const char *arg, struct eal_config *cfg, const char *prgname)
{
	unsigned long ul;
	int ret;

	switch (opt) {
	case 'l':
	case OPT_LCORES:
		return eal_parse_lcores(arg, cfg) ? -EINVAL : 0;
	case 'c':
		return eal_parse_coremask(arg, cfg) ? -EINVAL : 0;
	case 'n':
		if (parse_uint(arg, &ul) || ul == 0) {
			FPK_LOG(ERR, EAL, "invalid -n '%s': give a positive number of memory "
				"channels\n", arg);
			return -EINVAL;
		}
		return 0;
	case 'm':
		ret = parse_mb(arg, &cfg->mem_limit);
		if (ret == -ERANGE) {
			FPK_LOG(ERR, EAL, "-m '%s' is too large (at most %" PRIu64 " MiB): give "
				"the memory size in MiB, such as -m 512\n", arg, MEM_MAX_MB);
			return -EINVAL;
		}
		if (ret || cfg->mem_limit == 0) {
			FPK_LOG(ERR, EAL, "invalid -m '%s': give the memory size in MiB, such as "
				"-m 512 (512M, 2G also accepted), or leave out -m to grow memory "
				"on demand\n", arg);
			return -EINVAL;
		}
		return 0;
	case OPT_SOCKET_MEM:
		return eal_parse_socket_mem(arg, cfg) ? -EINVAL : 0;
	case OPT_NO_HUGE:
		cfg->no_huge = true;
		return 0;
	case OPT_HUGE_DIR:
		/* Empty would read as "no --huge-dir" later, silently using memfd. */
		if (arg[0] == '\0') {
			FPK_LOG(ERR, EAL, "--huge-dir is empty: give the directory hugetlbfs is "
				"mounted on (e.g. /dev/hugepages, see usertools/fpk-hugepages "
				"--mount), or leave out --huge-dir to use memfd\n");
			return -EINVAL;
		}
		if (strlen(arg) >= sizeof(cfg->huge_dir)) {
			FPK_LOG(ERR, EAL, "--huge-dir path is too long\n");
			return -EINVAL;
		}
		snprintf(cfg->huge_dir, sizeof(cfg->huge_dir), "%s", arg);
		return 0;
	case OPT_IOVA_MODE:
		return parse_iova_mode(arg, cfg);
	case OPT_FILE_PREFIX:
		return parse_file_prefix(arg, cfg);
	case OPT_IN_MEMORY:
		cfg->in_memory = true;
		return 0;
	case OPT_NO_TELEMETRY:
		cfg->no_telemetry = true;
		return 0;
	case OPT_LOG_LEVEL:
		ret = eal_log_parse_option(arg);
		if (ret == -ENOSPC) {
			FPK_LOG(ERR, EAL, "--log-level '%s': the table of TYPE:LEVEL patterns is "
				"full (%d patterns): merge patterns with globs, such as "
				"'pmd.*:debug', or raise EAL_LOG_MAX_PATTERNS in "
				"lib/eal/eal_private.h\n", arg, EAL_LOG_MAX_PATTERNS);
			return -EINVAL;
		}
		if (ret) {
			FPK_LOG(ERR, EAL, "invalid --log-level '%s': use LEVEL or TYPE:LEVEL, e.g. "
				"'debug' or 'lib.eal:debug'; LEVEL is a name (emergency alert "
				"critical error warning notice info debug) or 1-8\n", arg);
			return -EINVAL;
		}
		return 0;
	case 'a':
		return eal_devargs_add(FPK_DEVTYPE_ALLOWED, arg);
	case 'b':
		return eal_devargs_add(FPK_DEVTYPE_BLOCKED, arg);
	case OPT_VDEV:
		return eal_devargs_add(FPK_DEVTYPE_VIRTUAL, arg);
	case OPT_MAIN_LCORE:
		return parse_main_lcore(arg, cfg);
	case OPT_PROC_TYPE:
		return parse_proc_type(arg);
	case OPT_SYSLOG:
		return parse_syslog(arg, prgname);
	case OPT_HUGE_UNLINK:
		return parse_huge_unlink(arg);
	case OPT_SINGLE_FILE_SEGMENTS:
		FPK_LOG(NOTICE, EAL, "--single-file-segments: nothing to do, FPK maps each "
			"memory segment from a single memfd (or --huge-dir file) already\n");
		return 0;
	case OPT_LEGACY_MEM:
		FPK_LOG(NOTICE, EAL, "--legacy-mem: ignored; to reserve all memory at start and "
			"never grow, as legacy mode does, give -m or --socket-mem (without "
			"them, FPK's memory grows on demand)\n");
		return 0;
	case 'd':
		FPK_LOG(NOTICE, EAL, "-d %s: ignored, FPK's drivers are built into libfpk and "
			"there is nothing to load\n", arg);
		return 0;
	case 'v':
		/* CRIT, as DPDK's "RTE Version": asked for, so shown at any --log-level. */
		FPK_LOG(CRIT, EAL, "FPK version %s\n", FPK_VERSION);
		return 0;
	case 'h':
		cfg->help = true;
		return 0;
	default:
		return bus_opts[opt - OPT_BUS_FIRST]->parse(arg);
	}
}

/* Options that are each fine but not together. */
static int
check_combinations(const struct eal_config *cfg)
{
	if (fpk_devargs_count(FPK_DEVTYPE_ALLOWED) && fpk_devargs_count(FPK_DEVTYPE_BLOCKED)) {
		FPK_LOG(ERR, EAL, "-a/--allow and -b/--block cannot be combined: "
			"list only the devices to use, or only those to skip\n");
		return -EINVAL;
	}
	if (cfg->mem_limit && cfg->socket_mem_set) {
		FPK_LOG(ERR, EAL, "-m and --socket-mem cannot be combined: use one\n");
		return -EINVAL;
	}
	if (cfg->no_huge && (cfg->huge_dir[0] || cfg->socket_mem_set)) {
		FPK_LOG(ERR, EAL, "--no-huge cannot be combined with %s\n",
			cfg->huge_dir[0] ? "--huge-dir" : "--socket-mem");
		return -EINVAL;
	}
	if (cfg->no_huge && cfg->iova_mode == FPK_IOVA_PA) {
		FPK_LOG(ERR, EAL, "--iova-mode pa needs hugepages: 4 KiB pages from "
			"--no-huge have no stable physical address\n");
		return -EINVAL;
	}
	return 0;
}

/* --main-lcore, known once -l or -c (given before or after it) is. */
static int
main_lcore_check(struct eal_config *cfg)
{
	char list[256] = "";
	size_t off = 0;

	if (!cfg->main_lcore_set || cfg->lcore_cpu[cfg->main_lcore] >= 0)
		return 0;
	for (unsigned int i = 0; i < FPK_MAX_LCORE && off < sizeof(list) - 16; i++)
		if (cfg->lcore_cpu[i] >= 0)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%u",
						off ? "," : "", i);
	FPK_LOG(ERR, EAL, "--main-lcore %u is not one of this process's lcores (%s): pick "
		"one of them, or add lcore %u to -l\n", cfg->main_lcore, list,
		cfg->main_lcore);
	return -EINVAL;
}

/* Short options that take a value (the letters of getopt's optstring
 * followed by ':'). */
#define SHORT_WITH_VALUE "lcnmabd"

/*
 * Say what is wrong with @elem, the argument getopt_long() stopped at with
 * '?': a long option that is unknown, ambiguous, given a value it does not
 * take or missing its value; or a short option, maybe inside a group such
 * as "-hzq", that is unknown or missing its value.
 */
static void
report_bad_option(const char *elem)
{
	if (strncmp(elem, "--", 2) == 0) {
		const char *name = elem + 2;
		size_t len = strcspn(name, "=");
		int found = -1, matches = 0;

		/* getopt_long() takes unambiguous abbreviations: match as it does. */
		for (int i = 0; long_opts[i].name; i++) {
			if (strncmp(long_opts[i].name, name, len) != 0)
				continue;
			found = i;
			if (strlen(long_opts[i].name) == len) {
				matches = 1;
				break;
			}
			matches++;
		}
		if (matches == 0)
			FPK_LOG(ERR, EAL, "unknown EAL option '%s': see --help; application "
				"options go after '--'\n", elem);
		else if (matches > 1)
			FPK_LOG(ERR, EAL, "EAL option '%s' is ambiguous: spell it out (see "
				"--help)\n", elem);
		else if (long_opts[found].has_arg == no_argument)
			FPK_LOG(ERR, EAL, "option '--%s' takes no value: give it alone, as "
				"'--%s'\n", long_opts[found].name, long_opts[found].name);
		else
			FPK_LOG(ERR, EAL, "option '--%s' needs a value (see --help)\n",
				long_opts[found].name);
		return;
	}
	if (optopt > 0 && optopt < 256 && strchr(SHORT_WITH_VALUE, optopt))
		FPK_LOG(ERR, EAL, "option -%c needs a value (see --help)\n", optopt);
	else if (optopt > 0 && optopt < 256 && strlen(elem) > 2)
		FPK_LOG(ERR, EAL, "unknown EAL option '-%c' (in '%s'): see --help; "
			"application options go after '--'\n", optopt, elem);
	else
		FPK_LOG(ERR, EAL, "unknown EAL option '%s': see --help; application "
			"options go after '--'\n", elem);
}

int
eal_parse_args(int argc, char **argv, struct eal_config *cfg)
{
	const char *prgname = argc > 0 ? argv[0] : "fpk";
	int opt, ret, elem, li;

	ret = build_long_opts();
	if (ret)
		return ret;
	/* 0, not 1: glibc then also forgets where it was inside a group of
	 * short options ("-hzq") that an earlier parse stopped in. */
	optind = 0;
	opterr = 0;
	for (;;) {
		/* The argument this option comes from: getopt moves optind past
		 * it only once it is done with it (the last letter of a group). */
		elem = optind > 0 ? optind : 1;
		li = -1;
		/* '+': stop at the first non-option, never permute application args. */
		opt = getopt_long(argc, argv, "+l:c:n:m:a:b:d:hv", long_opts, &li);
		if (opt == -1)
			break;
		if (opt == ':' || opt == '?') {
			report_bad_option(elem < argc ? argv[elem] : "");
			return -EINVAL;
		}
		/* getopt takes whatever follows as the value: "--vdev -- -i" would
		 * make "--" the device and "-i" an unknown EAL option. No EAL
		 * value starts with "--", so this is a value left out. */
		if (optarg && optind > 0 && optarg == argv[optind - 1] &&
		    strncmp(optarg, "--", 2) == 0) {
			if (li >= 0)
				FPK_LOG(ERR, EAL, "option '--%s' needs a value, but '%s' follows "
					"it: give the value right after the option (see "
					"--help)\n", long_opts[li].name, optarg);
			else
				FPK_LOG(ERR, EAL, "option -%c needs a value, but '%s' follows it: "
					"give the value right after the option (see --help)\n",
					opt, optarg);
			return -EINVAL;
		}
		ret = set_option(opt, optarg, cfg, prgname);
		if (ret)
			return ret;
	}
	ret = check_combinations(cfg);
	if (ret)
		return ret;
	if (!cfg->lcores_set)
		default_lcores(cfg);
	ret = main_lcore_check(cfg);
	if (ret)
		return ret;
	/* DPDK's convention: argv[optind-1] becomes the program name so the
	 * application sees argv + ret as a fresh argument vector. */
	if (optind > 0 && optind <= argc)
		argv[optind - 1] = (char *)(uintptr_t)prgname;
	return optind - 1;
}

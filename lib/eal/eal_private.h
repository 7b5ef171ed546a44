/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL internals shared between its files and with app/fpk-test: the parsed
 * configuration and the functions that build it, so the parser can be
 * tested without initialising anything.
 */
#ifndef EAL_PRIVATE_H
#define EAL_PRIVATE_H

#include <limits.h>
#include <stdio.h>

#include "fpk_bus.h"
#include "fpk_devargs.h"
#include "fpk_eal.h"

#define EAL_FILE_PREFIX_MAX 64

struct eal_config {
	int lcore_cpu[FPK_MAX_LCORE];    /* OS CPU of each lcore, -1 = disabled */
	unsigned int lcore_count;
	unsigned int main_lcore;
	bool lcores_set;
	bool main_lcore_set;              /* --main-lcore: main_lcore chosen */

	size_t mem_limit;                 /* -m, bytes; 0 = grow on demand */
	size_t socket_mem[FPK_MAX_NUMA_NODES]; /* --socket-mem, bytes */
	bool socket_mem_set;
	bool no_huge;
	bool in_memory;
	bool no_telemetry;               /* --no-telemetry: no telemetry socket */
	char huge_dir[PATH_MAX];          /* empty: memfd_create(MFD_HUGETLB) */
	enum fpk_iova_mode iova_mode;     /* DC unless --iova-mode */
	char file_prefix[EAL_FILE_PREFIX_MAX];
	bool help;
};

/* Options. */
void eal_config_defaults(struct eal_config *cfg);
/*
 * Parse EAL options into @cfg (devargs are recorded as a side effect).
 * @return arguments consumed (including "--"), or -EINVAL after logging
 * which option is wrong and how to fix it.
 */
int eal_parse_args(int argc, char **argv, struct eal_config *cfg);
/* "0-3,5,7@2": fills lcore_cpu; @return 0 or -EINVAL (logged). */
int eal_parse_lcores(const char *arg, struct eal_config *cfg);
/* "0x3": @return 0 or -EINVAL. */
int eal_parse_coremask(const char *arg, struct eal_config *cfg);
/* "1024,512": MiB per socket; @return 0 or -EINVAL. */
int eal_parse_socket_mem(const char *arg, struct eal_config *cfg);
/* Check lcores against the CPUs this process may run on. */
int eal_check_lcores(const struct eal_config *cfg);

/* Logging. */
/* --log-level TYPE:LEVEL patterns kept for types registered later. */
#define EAL_LOG_MAX_PATTERNS 32
/* @return 0, -EINVAL (not LEVEL or TYPE:LEVEL) or -ENOSPC (the pattern
 * table is full). Nothing is logged: the caller says what was wrong. */
int eal_log_parse_option(const char *arg);
void eal_log_reset(void);
/* A --syslog facility's name ("daemon", "local0"...): @return its LOG_*
 * value, or -EINVAL. */
int eal_log_syslog_facility(const char *name);
/* Also send every message to syslog with @facility, as @ident (the
 * program's name, which must stay valid); eal_log_reset() stops it. */
void eal_log_syslog_open(const char *ident, int facility);

/* Lcores. */
int eal_lcore_init(const struct eal_config *cfg);
void eal_lcore_cleanup(void);
int eal_cpu_socket(int cpu);

/* Cycles. */
int eal_tsc_init(void);
/* The counter's frequency as the architecture states it (arch/<arch>/), 0 if it does not. */
uint64_t eal_arch_tsc_hz(void);

/* Hugepage discovery. */
struct eal_hugepage_size {
	size_t page_sz;
	unsigned long free_pages;   /* all nodes, less what others reserved */
	unsigned long total_pages;  /* the pool (nr_hugepages), all nodes */
	unsigned long node_free[FPK_MAX_NUMA_NODES];
	unsigned long node_total[FPK_MAX_NUMA_NODES];
};
#define EAL_MAX_HUGEPAGE_SIZES 4
/* @return number of sizes found (>= 0) sorted ascending, or -errno. */
int eal_hugepage_sizes(struct eal_hugepage_size *sizes, int max);
/* The kernel's default hugepage size (/proc/meminfo), 0 if unknown: what
 * usertools/fpk-hugepages --reserve uses without --pagesize. */
size_t eal_hugepage_default_size(void);
/*
 * @return 0 if @dir is a hugetlbfs mount (page size in *page_sz); else
 * -ENOENT (missing), -ENOTDIR (not a directory), -ENOTSUP (another
 * filesystem) or another -errno, each logged with its own fix.
 */
int eal_check_hugetlbfs(const char *dir, size_t *page_sz);

/* Memory. */
int eal_memory_init(const struct eal_config *cfg);
void eal_memory_cleanup(void);
/*
 * Find or make room for @len bytes aligned to @align on @socket
 * (FPK_SOCKET_ID_ANY for any), IOVA-contiguous if @contig.
 * @return the address, or NULL with *err set to a negative errno.
 */
void *eal_mem_alloc(size_t len, size_t align, int socket, bool contig, int *err);
/* eal_mem_alloc(), where FPK_SOCKET_ID_ANY tries the calling lcore's node
 * first (memzones and fpk_zmalloc_socket()). */
void *eal_mem_alloc_near(size_t len, size_t align, int socket, bool contig, int *err);
void eal_mem_free(void *addr, size_t len);
void eal_memzone_refresh_iova(void);
void eal_memzone_cleanup(void);

/* The first registered bus (then ->next), for their options. */
struct fpk_bus *eal_bus_first(void);
/* Buses: scan and probe all; registers their cleanup. */
int eal_bus_init(void);

/* Devargs. */
int eal_devargs_add(enum fpk_devtype type, const char *arg);
void eal_devargs_cleanup(void);

/* eal_intr.c: stop the interrupt thread (every source is gone by then). */
void eal_intr_cleanup(void);

/* The NUMA node count seen at init (1 without NUMA support). */
unsigned int eal_numa_nodes(void);

#endif /* EAL_PRIVATE_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Logical cores: one pinned thread per lcore given with -l/--lcores, the
 * first being the main lcore (the thread that called fpk_eal_init()).
 * Work is started on workers with fpk_eal_remote_launch() and collected
 * with fpk_eal_wait_lcore(), as in DPDK.
 */
#ifndef FPK_LCORE_H
#define FPK_LCORE_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_LCORE_ID_ANY UINT32_MAX
#define FPK_SOCKET_ID_ANY (-1)

extern __thread unsigned int fpk_lcore_id_tls;

/** The calling thread's lcore id, or FPK_LCORE_ID_ANY for non-EAL threads. */
static inline unsigned int
fpk_lcore_id(void)
{
	return fpk_lcore_id_tls;
}

/** Lcore id of the main lcore. */
unsigned int fpk_get_main_lcore(void);
/** Number of enabled lcores, main included. */
unsigned int fpk_lcore_count(void);
/** @return 1 if @lcore_id was given on the command line. */
int fpk_lcore_is_enabled(unsigned int lcore_id);
/** CPU (as the OS numbers it) the lcore is pinned to, or -1. */
int fpk_lcore_to_cpu_id(unsigned int lcore_id);
/** NUMA node of the lcore's CPU (0 without NUMA). */
int fpk_lcore_to_socket_id(unsigned int lcore_id);
/** NUMA node of the calling thread's lcore, or FPK_SOCKET_ID_ANY. */
int fpk_socket_id(void);
/** Number of NUMA nodes that have CPUs or memory (at least 1). */
unsigned int fpk_socket_count(void);
/**
 * Next enabled lcore after @i (pass -1 to start).
 * @return an lcore id, or FPK_MAX_LCORE when there is none.
 */
unsigned int fpk_get_next_lcore(unsigned int i, int skip_main, int wrap);

#define FPK_LCORE_FOREACH(i) \
	for ((i) = fpk_get_next_lcore(-1, 0, 0); (i) < FPK_MAX_LCORE; \
	     (i) = fpk_get_next_lcore((i), 0, 0))
#define FPK_LCORE_FOREACH_WORKER(i) \
	for ((i) = fpk_get_next_lcore(-1, 1, 0); (i) < FPK_MAX_LCORE; \
	     (i) = fpk_get_next_lcore((i), 1, 0))

typedef int (*fpk_lcore_function_t)(void *arg);

enum fpk_lcore_state {
	FPK_LCORE_WAIT,     /**< idle, ready for a launch */
	FPK_LCORE_RUNNING,  /**< running a function */
	FPK_LCORE_FINISHED, /**< done, result not collected by wait yet */
};

/**
 * Run @f(@arg) on worker @worker_id.
 * @return 0, -EINVAL for a disabled lcore or the main lcore, -EBUSY if the
 *   worker has not been waited for since its last launch.
 */
int fpk_eal_remote_launch(fpk_lcore_function_t f, void *arg, unsigned int worker_id);

enum fpk_rmt_call_main { FPK_SKIP_MAIN, FPK_CALL_MAIN };
/** Launch @f on every worker (and on the main lcore too with FPK_CALL_MAIN). */
int fpk_eal_mp_remote_launch(fpk_lcore_function_t f, void *arg, enum fpk_rmt_call_main call_main);

/**
 * Wait for the worker to finish and collect its return value.
 * @return the function's return value, or 0 if the lcore was idle.
 */
int fpk_eal_wait_lcore(unsigned int worker_id);
/** Wait for every worker. */
void fpk_eal_mp_wait_lcore(void);
enum fpk_lcore_state fpk_eal_get_lcore_state(unsigned int lcore_id);

#ifdef __cplusplus
}
#endif

#endif /* FPK_LCORE_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Logical cores (lcores) and launching work on them.
 *
 * fpk_eal_init() starts one thread per lcore given with `-l/--lcores`,
 * pinned to its CPU. The lcore with the lowest id is the main lcore: the
 * thread that called fpk_eal_init(). The others are workers, which sleep
 * until fpk_eal_remote_launch() hands them a function; fpk_eal_wait_lcore()
 * collects its result, as in DPDK.
 */
#ifndef FPK_LCORE_H
#define FPK_LCORE_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The lcore id of a thread that is not an EAL lcore. */
#define FPK_LCORE_ID_ANY UINT32_MAX
/** Any NUMA node (as an argument), or an unknown one (as a result). */
#define FPK_SOCKET_ID_ANY (-1)

/** @cond INTERNAL */
/* The calling thread's lcore id; read it with fpk_lcore_id(). */
extern __thread unsigned int fpk_lcore_id_tls;
/** @endcond */

/**
 * The calling thread's lcore id.
 *
 * @return The lcore id, or FPK_LCORE_ID_ANY for a thread that is not an
 *   EAL lcore (and for every thread before fpk_eal_init() and after
 *   fpk_eal_cleanup()).
 */
static inline unsigned int
fpk_lcore_id(void)
{
	return fpk_lcore_id_tls;
}

/**
 * The main lcore: the lowest lcore id given, run by the thread that called
 * fpk_eal_init().
 *
 * @return Its lcore id.
 */
unsigned int fpk_get_main_lcore(void);

/**
 * Number of enabled lcores.
 *
 * @return The number of lcores given on the command line, the main lcore
 *   included; 0 when the EAL is not initialised.
 */
unsigned int fpk_lcore_count(void);

/**
 * Whether an lcore id is in use.
 *
 * @param lcore_id  The lcore id; any value is accepted.
 * @return 1 if @p lcore_id was given on the command line, else 0.
 */
int fpk_lcore_is_enabled(unsigned int lcore_id);

/**
 * The CPU an lcore is pinned to.
 *
 * @param lcore_id  The lcore id.
 * @return The CPU number as the OS counts it, or -1 if the lcore is not
 *   enabled.
 */
int fpk_lcore_to_cpu_id(unsigned int lcore_id);

/**
 * The NUMA node of an lcore's CPU.
 *
 * @param lcore_id  The lcore id.
 * @return The node; 0 without NUMA support, and 0 for an lcore that is not
 *   enabled.
 */
int fpk_lcore_to_socket_id(unsigned int lcore_id);

/**
 * The NUMA node of the calling thread's lcore.
 *
 * @return The node, or FPK_SOCKET_ID_ANY for a thread that is not an EAL
 *   lcore.
 */
int fpk_socket_id(void);

/**
 * Number of NUMA nodes.
 *
 * @return The highest node number plus one, at most FPK_MAX_NUMA_NODES;
 *   1 without NUMA support.
 */
unsigned int fpk_socket_count(void);

/**
 * The next enabled lcore in id order; the building block of
 * FPK_LCORE_FOREACH() and FPK_LCORE_FOREACH_WORKER().
 *
 * @param i  The lcore to start after; (unsigned int)-1 to start from 0.
 * @param skip_main  Non-zero to skip the main lcore.
 * @param wrap  Non-zero to go on from lcore 0 after the highest id.
 * @return An lcore id, or FPK_MAX_LCORE when there is none.
 */
unsigned int fpk_get_next_lcore(unsigned int i, int skip_main, int wrap);

/**
 * Loop over every enabled lcore, main lcore included, in id order.
 *
 * @param i  An unsigned int variable that holds each lcore id in turn.
 */
#define FPK_LCORE_FOREACH(i) \
	for ((i) = fpk_get_next_lcore(-1, 0, 0); (i) < FPK_MAX_LCORE; \
	     (i) = fpk_get_next_lcore((i), 0, 0))

/**
 * Loop over every enabled worker lcore (the main lcore left out), in id
 * order.
 *
 * @param i  An unsigned int variable that holds each lcore id in turn.
 */
#define FPK_LCORE_FOREACH_WORKER(i) \
	for ((i) = fpk_get_next_lcore(-1, 1, 0); (i) < FPK_MAX_LCORE; \
	     (i) = fpk_get_next_lcore((i), 1, 0))

/**
 * A function run on an lcore by fpk_eal_remote_launch().
 *
 * @param arg  The argument given to the launch.
 * @return A value fpk_eal_wait_lcore() passes back.
 */
typedef int (*fpk_lcore_function_t)(void *arg);

/** The state of a worker lcore. */
enum fpk_lcore_state {
	FPK_LCORE_WAIT,     /**< idle, ready for a launch */
	FPK_LCORE_RUNNING,  /**< running a function */
	FPK_LCORE_FINISHED, /**< done, result not collected by wait yet */
};

/**
 * Run a function on a worker lcore. Returns at once; the worker runs
 * @p f(@p arg) and keeps its return value for fpk_eal_wait_lcore().
 *
 * @param f  The function.
 * @param arg  Its argument.
 * @param worker_id  The worker's lcore id.
 * @return 0; -EINVAL if @p f is NULL or @p worker_id is not an enabled
 *   lcore or is the main lcore; -EBUSY if the worker is running or has
 *   not been waited for since its last launch.
 */
int fpk_eal_remote_launch(fpk_lcore_function_t f, void *arg, unsigned int worker_id);

/** Whether fpk_eal_mp_remote_launch() also runs the function on the calling thread. */
enum fpk_rmt_call_main {
	FPK_SKIP_MAIN, /**< workers only */
	FPK_CALL_MAIN  /**< workers, then the calling thread (the main lcore) */
};

/**
 * Run a function on every worker lcore and, with FPK_CALL_MAIN, on the
 * calling thread too after the workers have been launched. The calling
 * thread's return value is discarded; collect the workers' with
 * fpk_eal_wait_lcore() or fpk_eal_mp_wait_lcore().
 *
 * @param f  The function.
 * @param arg  Its argument, the same for every lcore.
 * @param call_main  FPK_CALL_MAIN or FPK_SKIP_MAIN.
 * @return 0; -EBUSY if a worker is not idle (nothing is launched then);
 *   otherwise the first error of fpk_eal_remote_launch() (e.g. -EINVAL
 *   for a NULL @p f), workers launched before it staying launched.
 */
int fpk_eal_mp_remote_launch(fpk_lcore_function_t f, void *arg, enum fpk_rmt_call_main call_main);

/**
 * Wait for a worker lcore to finish its function and collect its return
 * value; the worker is idle again afterwards.
 *
 * @param worker_id  The worker's lcore id.
 * @return The function's return value; 0 if the worker was idle, or if
 *   @p worker_id is not an enabled lcore or is the main lcore.
 */
int fpk_eal_wait_lcore(unsigned int worker_id);

/** Wait for every worker lcore, as fpk_eal_wait_lcore(), discarding return values. */
void fpk_eal_mp_wait_lcore(void);

/**
 * The state of a worker lcore.
 *
 * @param lcore_id  The lcore id.
 * @return Its state; FPK_LCORE_WAIT for the main lcore and for an lcore
 *   that is not enabled.
 */
enum fpk_lcore_state fpk_eal_get_lcore_state(unsigned int lcore_id);

#ifdef __cplusplus
}
#endif

#endif /* FPK_LCORE_H */

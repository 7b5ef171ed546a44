/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Environment abstraction layer: command-line parsing, lcores, memory,
 * buses. An application calls fpk_eal_init() first and fpk_eal_cleanup()
 * last, exactly like rte_eal_init()/rte_eal_cleanup().
 */
#ifndef FPK_EAL_H
#define FPK_EAL_H

#include "fpk_common.h"
#include "fpk_cycles.h"
#include "fpk_lcore.h"
#include "fpk_log.h"
#include "fpk_memory.h"
#include "fpk_memzone.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Initialise the EAL from the command line (DPDK spellings: -l, --lcores,
 * -m, --socket-mem, --no-huge, --huge-dir, --iova-mode, --file-prefix,
 * --in-memory, --log-level, -a/--allow, -b/--block, --vdev, -h/--help).
 * Parsing stops at "--"; the caller continues with argv + return value.
 *
 * @return the number of arguments consumed (the "--" included), or -1 with
 *   fpk_errno set: EINVAL (bad option; the message says which), EALREADY
 *   (called twice), ENOMEM (memory request cannot be met), ENODEV (a bus
 *   failed to probe), EACCES (no permission for hugepages or devices).
 *   -h/--help prints the usage and exits the process with status 0, as
 *   DPDK does.
 */
int fpk_eal_init(int argc, char **argv);

/**
 * Release everything fpk_eal_init() set up: buses stop their devices first
 * (no DMA can reach memory after it is returned), then memory is unmapped
 * and worker threads end. Safe to call once after a successful init.
 * @return 0, or -EALREADY when not initialised.
 */
int fpk_eal_cleanup(void);

/** @return true between a successful fpk_eal_init() and fpk_eal_cleanup(). */
bool fpk_eal_is_initialized(void);

/** The DMA address mode chosen at init (--iova-mode, or decided by buses). */
enum fpk_iova_mode fpk_eal_iova_mode(void);

/** @return true unless --no-huge was given. */
bool fpk_eal_has_hugepages(void);

/** --file-prefix value ("fpk" by default). */
const char *fpk_eal_file_prefix(void);

/** Print the EAL part of --help to @f. */
void fpk_eal_usage(FILE *f);

typedef void (*fpk_eal_cleanup_fn_t)(void *arg);
/**
 * Register @fn to run at fpk_eal_cleanup(), before memory is released.
 * Handlers run in reverse order of registration (last registered first),
 * so a bus registered after the memory subsystem stops its devices before
 * the memory goes. @return 0 or -ENOMEM.
 */
int fpk_eal_cleanup_register(fpk_eal_cleanup_fn_t fn, void *arg);

/** Print a message and exit with @code after cleanup; for fatal errors in apps. */
void fpk_exit(int code, const char *fmt, ...) __fpk_format_printf(2, 3) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif /* FPK_EAL_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Environment abstraction layer: initialisation and cleanup.
 *
 * The EAL parses the command line and sets up logging, lcores, memory and
 * buses. An application calls fpk_eal_init() first and fpk_eal_cleanup()
 * last, exactly like rte_eal_init()/rte_eal_cleanup(). Including this
 * header also includes the other EAL headers an application needs.
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
 * Initialise the EAL from the command line.
 *
 * Options use DPDK's spellings: `-l/--lcores`, `-c`, `-n`, `-m`,
 * `--socket-mem`, `--no-huge`, `--huge-dir`, `--iova-mode`,
 * `--file-prefix`, `--in-memory`, `--log-level`, `-a/--allow`,
 * `-b/--block`, `--vdev`, `-h/--help`, and the options of the linked
 * buses (the PCI bus's `--no-pci`, `--vfio-mode`); fpk_eal_usage() prints
 * them all. Parsing stops at `--` or at the first
 * argument that is not an option. Then lcore threads start, memory is
 * set up, and every bus is scanned and probed.
 *
 * `-h/--help` prints the usage and exits the process with status 0, as DPDK
 * does.
 *
 * @param argc  Number of arguments in @p argv.
 * @param[in,out] argv  The program's arguments, argv[0] being its name. The
 *   entry just before the first unparsed argument is overwritten with the
 *   program name, so that the application can go on with argc - ret
 *   arguments at argv + ret.
 * @return The number of arguments consumed (`--` included, the program
 *   name not), or -1 with fpk_errno set:
 *   - EINVAL: a bad option or option value (the log says which), or a
 *     `--socket-mem` node that does not exist;
 *   - EALREADY: the EAL is already initialised;
 *   - ENOMEM: the memory request cannot be met (no free hugepages, `-m` or
 *     `--socket-mem` too large), or an allocation failed;
 *   - EBUSY: another FPK process runs with the same `--file-prefix`;
 *   - ENOTSUP: `--huge-dir` does not name a hugetlbfs mount;
 *   - EPERM: `--iova-mode pa`, but physical addresses cannot be read;
 *   - EIO: the cycle counter frequency could not be measured;
 *   - EINVAL also when a device's arguments are bad (e.g. `--vdev
 *     net_null0,size=x`): the bus's own errno is passed on;
 *   - ENODEV: a bus failed to scan or to probe (the log says why), or a
 *     device was asked for on a bus that is not linked in;
 *   - another errno from a failed system call, e.g. EACCES when the runtime
 *     directory or a hugepage file cannot be created.
 */
int fpk_eal_init(int argc, char **argv);

/**
 * Release everything fpk_eal_init() set up.
 *
 * The handlers registered with fpk_eal_cleanup_register() run first, buses
 * among them (they stop their devices, so no DMA can reach memory after it
 * is returned); then the interrupt thread stops, the remaining memzones
 * and memory are released, the worker threads end, the runtime files are
 * removed, and the recorded device arguments and log levels are reset.
 *
 * @return 0, or -EALREADY when the EAL is not initialised.
 */
int fpk_eal_cleanup(void);

/**
 * Whether the EAL is up.
 *
 * @return true between a successful fpk_eal_init() and fpk_eal_cleanup(),
 *   else false.
 */
bool fpk_eal_is_initialized(void);

/**
 * The DMA address mode in use: that of the IOVA resolver currently
 * installed (see fpk_mem_set_iova_resolver()). It starts as FPK_IOVA_VA,
 * or FPK_IOVA_PA with `--iova-mode pa`, and buses may change it at probe
 * time.
 *
 * @return FPK_IOVA_PA or FPK_IOVA_VA.
 */
enum fpk_iova_mode fpk_eal_iova_mode(void);

/**
 * Whether memory comes from hugepages.
 *
 * @return false if `--no-huge` was given, else true.
 */
bool fpk_eal_has_hugepages(void);

/**
 * The name of this process's runtime files.
 *
 * @return The `--file-prefix` value, "fpk" if the option was not given.
 */
const char *fpk_eal_file_prefix(void);

/**
 * Print the EAL part of `--help`: one entry per EAL option.
 *
 * @param[in] f  Stream to print to.
 */
void fpk_eal_usage(FILE *f);

/**
 * The application's part of `--help` (see fpk_eal_set_usage_hook()).
 *
 * @param[in] prgname  argv[0].
 */
typedef void (*fpk_eal_usage_hook_t)(const char *prgname);

/**
 * Have fpk_eal_init() print the application's usage before the EAL's when
 * it finds -h/--help among the EAL options (as DPDK's
 * rte_set_application_usage_hook()). The EAL's parser, not a scan of
 * argv, decides: "--file-prefix -h" is a prefix, not a request for help.
 * Call before fpk_eal_init().
 *
 * @param hook  Prints the application's usage, up to its options; NULL for
 *   the EAL's generic first line.
 * @return The hook set before.
 */
fpk_eal_usage_hook_t fpk_eal_set_usage_hook(fpk_eal_usage_hook_t hook);

/**
 * A cleanup handler (see fpk_eal_cleanup_register()).
 *
 * @param arg  The argument given at registration.
 */
typedef void (*fpk_eal_cleanup_fn_t)(void *arg);

/**
 * Register a function for fpk_eal_cleanup() to call, before memory is
 * released. Handlers run once, in reverse order of registration (last
 * registered first), so a bus registered after the memory subsystem stops
 * its devices before the memory goes. At most 32 handlers can be
 * registered at a time; buses take one each.
 *
 * @param fn   The handler.
 * @param arg  Its argument.
 * @return 0; -EINVAL if @p fn is NULL; -ENOMEM if the handler table is
 *   full.
 */
int fpk_eal_cleanup_register(fpk_eal_cleanup_fn_t fn, void *arg);

/**
 * End the process on a fatal error: print a message to stderr, call
 * fpk_eal_cleanup() if the EAL is initialised, and exit.
 *
 * @param code  The exit status.
 * @param[in] fmt  printf() format of the message (add the "\n" yourself),
 *                 followed by its arguments.
 */
void fpk_exit(int code, const char *fmt, ...) __fpk_format_printf(2, 3) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif /* FPK_EAL_H */

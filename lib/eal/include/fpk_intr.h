/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The EAL's interrupt service, for buses and drivers: one thread per
 * process that waits on every registered file descriptor (a VFIO eventfd,
 * a netlink socket, ...) and runs its handler when it becomes readable.
 *
 * The thread starts with the first source and stops in fpk_eal_cleanup().
 * It blocks every signal, so SIGINT/SIGTERM reach the application's own
 * threads. Handlers run with the interrupt lock held; the lock is
 * recursive, so a handler may add or remove sources (its own included).
 * Take the same lock with fpk_intr_lock() to change state that handlers
 * read. A source removed while its event is pending is not called.
 *
 * Part of the driver SDK: `#include <driver/fpk_intr.h>`.
 */
#ifndef FPK_INTR_H
#define FPK_INTR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Handler of an interrupt source, run on the interrupt thread.
 *
 * @param fd   the source's file descriptor, readable now; the handler
 *             drains it (an eventfd stays readable until read)
 * @param arg  the argument given to fpk_intr_source_add()
 */
typedef void (*fpk_intr_handler_t)(int fd, void *arg);

/** Run before the other sources that are ready at the same wake-up
 * (link-state changes before data-path events). */
#define FPK_INTR_F_FIRST (1u << 0)

/**
 * Watch @p fd on the interrupt thread, starting the thread if needed.
 *
 * @param fd       a file descriptor that epoll can watch; the caller keeps
 *                 it open until the source is removed
 * @param flags    0 or FPK_INTR_F_FIRST
 * @param handler  run when @p fd is readable
 * @param arg      passed to @p handler
 * @param[out] id  the source's id, for fpk_intr_source_remove() and
 *                 fpk_intr_source_set_flags(); never reused in a process
 * @return 0; -EINVAL for a negative @p fd, NULL @p handler or @p id, or an
 *         unknown flag; -ENOMEM; or the negative errno of epoll or of
 *         starting the thread (logged).
 */
int fpk_intr_source_add(int fd, uint32_t flags, fpk_intr_handler_t handler, void *arg,
			uint64_t *id);

/**
 * Change the flags of a source.
 *
 * @param id     from fpk_intr_source_add()
 * @param flags  0 or FPK_INTR_F_FIRST
 * @return 0; -EINVAL for an unknown flag; -ENOENT if no source has @p id.
 */
int fpk_intr_source_set_flags(uint64_t id, uint32_t flags);

/**
 * Stop watching a source. After it returns the handler is not running and
 * will not run for this source (unless called from that very handler,
 * which then finishes).
 *
 * @param id  from fpk_intr_source_add()
 * @return 0; -ENOENT if no source has @p id.
 */
int fpk_intr_source_remove(uint64_t id);

/** Take the interrupt lock (recursive), which handlers run under. */
void fpk_intr_lock(void);

/** Release the interrupt lock taken with fpk_intr_lock(). */
void fpk_intr_unlock(void);

#ifdef __cplusplus
}
#endif

#endif /* FPK_INTR_H */

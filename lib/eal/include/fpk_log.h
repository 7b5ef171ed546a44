/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Levelled logging per component.
 *
 * Each component logs under a log type with a level of its own. Levels are
 * set from the command line with `--log-level` in DPDK's spellings
 * ("lib.eal:debug", "pmd.*:info", "7") or with the functions below.
 * Messages go to stderr unless fpk_log_set_stream() says otherwise.
 */
#ifndef FPK_LOG_H
#define FPK_LOG_H

#include <stdarg.h>
#include <stdio.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Log levels, numbered as syslog (and DPDK) do: the higher, the more verbose. */
enum fpk_log_level {
	FPK_LOG_EMERG = 1, /**< 1, "emergency": the system is unusable */
	FPK_LOG_ALERT,     /**< 2, "alert": act at once */
	FPK_LOG_CRIT,      /**< 3, "critical" */
	FPK_LOG_ERR,       /**< 4, "error" */
	FPK_LOG_WARNING,   /**< 5, "warning" */
	FPK_LOG_NOTICE,    /**< 6, "notice": normal but significant */
	FPK_LOG_INFO,      /**< 7, "info": the default level */
	FPK_LOG_DEBUG,     /**< 8, "debug" */
};

/** Log types of the core libraries; drivers register their own with fpk_log_register(). */
enum fpk_logtype {
	FPK_LOGTYPE_EAL,           /**< "lib.eal" (also device arguments) */
	FPK_LOGTYPE_RING,          /**< "lib.ring" */
	FPK_LOGTYPE_MEMPOOL,       /**< "lib.mempool" */
	FPK_LOGTYPE_MBUF,          /**< "lib.mbuf" */
	FPK_LOGTYPE_ETHDEV,        /**< "lib.ethdev" */
	FPK_LOGTYPE_BUS,           /**< "bus" */
	FPK_LOGTYPE_USER1,         /**< "user1", for the application */
	FPK_LOGTYPE_FIRST_DYNAMIC, /**< the first id fpk_log_register() gives out */
};

/**
 * Register a log type by name, or look up the id it already has. A new
 * type's level is that of the last `--log-level` pattern (or
 * fpk_log_set_level_pattern()) matching the name, else the global level.
 *
 * @param[in] name  The type's name, e.g. "pmd.net.e1000e": 1 to 63
 *                  characters.
 * @return The type id (>= 0); -EINVAL if @p name is NULL, empty or too
 *   long; -ENOSPC if the table of 128 types is full.
 */
int fpk_log_register(const char *name);

/**
 * Set the level of one log type. A later fpk_log_set_global_level()
 * recomputes it from the patterns and the global level.
 *
 * @param type  The log type id.
 * @param level  The new level, FPK_LOG_EMERG to FPK_LOG_DEBUG.
 * @return 0, or -EINVAL for an unknown @p type or a bad @p level.
 */
int fpk_log_set_level(int type, int level);

/**
 * Get the level of one log type.
 *
 * @param type  The log type id.
 * @return Its level, or -EINVAL for an unknown @p type.
 */
int fpk_log_get_level(int type);

/**
 * Set the global level, the level of types no pattern matches. Every
 * type's level is recomputed: the last matching pattern's level, else the
 * new global level.
 *
 * @param level  The level, FPK_LOG_EMERG to FPK_LOG_DEBUG; other values
 *               are ignored.
 */
void fpk_log_set_global_level(int level);

/**
 * Set the level of every type whose name matches a shell glob, now and for
 * types registered later (as `--log-level TYPE:LEVEL` does). When several
 * patterns match a name, the last one set wins.
 *
 * @param[in] pattern  fnmatch() pattern, e.g. "pmd.*", at most 63
 *                     characters.
 * @param level  The level, FPK_LOG_EMERG to FPK_LOG_DEBUG.
 * @return 0; -EINVAL for a NULL or too long @p pattern or a bad @p level;
 *   -ENOSPC if 32 other patterns are set already (setting a pattern again
 *   replaces it and takes no room).
 */
int fpk_log_set_level_pattern(const char *pattern, int level);

/**
 * Parse a level.
 *
 * @param[in] s  A level name, in any case: "emergency", "alert",
 *               "critical", "error", "warning", "notice", "info", "debug",
 *               or the short forms "emerg", "crit", "err", "warn"; or a
 *               decimal number from 1 to 8.
 * @return The level (enum fpk_log_level), or -EINVAL if @p s is none of
 *   these (or NULL).
 */
int fpk_log_parse_level(const char *s);

/**
 * Send log messages to another stream.
 *
 * @param[in] f  The stream, or NULL to go back to stderr. It must stay open
 *               while it is in use.
 */
void fpk_log_set_stream(FILE *f);

/**
 * Whether a message would be printed.
 *
 * @param type  The log type id; for an unknown id the global level applies.
 * @param level  The message's level.
 * @return true if @p level is at or below the type's level, else false.
 */
bool fpk_log_can_log(int type, int level);

/**
 * Print a log message if fpk_log_can_log() allows it. Nothing is added to
 * the message: no prefix, no newline (FPK_LOG() adds the prefix).
 *
 * @param level  The message's level (enum fpk_log_level).
 * @param type  The log type id.
 * @param[in] fmt  printf() format, followed by its arguments.
 */
void fpk_log(int level, int type, const char *fmt, ...) __fpk_format_printf(3, 4);

/**
 * fpk_log() with a va_list.
 *
 * @param level  The message's level (enum fpk_log_level).
 * @param type  The log type id.
 * @param[in] fmt  printf() format.
 * @param ap  The format's arguments.
 */
void fpk_vlog(int level, int type, const char *fmt, va_list ap) __fpk_format_printf(3, 0);

/**
 * Log a message of a core library type, prefixed with the type's short
 * name: FPK_LOG(ERR, EAL, "no memory\n") prints "EAL: no memory" if
 * lib.eal logs errors.
 *
 * @param level  Level without its prefix: ERR, WARNING, INFO, DEBUG, ...
 * @param type  Type without its prefix: EAL, RING, MEMPOOL, ...
 * @param ...  A string literal format, then its arguments.
 */
#define FPK_LOG(level, type, ...) \
	fpk_log(FPK_LOG_ ## level, FPK_LOGTYPE_ ## type, # type ": " __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* FPK_LOG_H */

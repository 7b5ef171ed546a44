/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Levelled logging per component ("log type"), set from the command line
 * with --log-level in DPDK's spellings: "lib.eal:debug", "pmd.*:info", "7".
 */
#ifndef FPK_LOG_H
#define FPK_LOG_H

#include <stdarg.h>
#include <stdio.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Levels, numbered as syslog (and DPDK) do. */
enum fpk_log_level {
	FPK_LOG_EMERG = 1,
	FPK_LOG_ALERT,
	FPK_LOG_CRIT,
	FPK_LOG_ERR,
	FPK_LOG_WARNING,
	FPK_LOG_NOTICE,
	FPK_LOG_INFO,
	FPK_LOG_DEBUG,
};

/** Log types of the core libraries; drivers register their own. */
enum fpk_logtype {
	FPK_LOGTYPE_EAL,
	FPK_LOGTYPE_RING,
	FPK_LOGTYPE_MEMPOOL,
	FPK_LOGTYPE_MBUF,
	FPK_LOGTYPE_ETHDEV,
	FPK_LOGTYPE_BUS,
	FPK_LOGTYPE_USER1,
	FPK_LOGTYPE_FIRST_DYNAMIC,
};

/**
 * Register a log type by name (e.g. "pmd.net.e1000e") or return the id it
 * already has. Its level starts at the level of any --log-level pattern that
 * matches the name, else the global level.
 * @return type id >= 0, or -ENOSPC when the table is full, -EINVAL on bad name.
 */
int fpk_log_register(const char *name);

/** Set a type's level. @return 0, or -EINVAL for a bad type or level. */
int fpk_log_set_level(int type, int level);
/** @return the type's level, or -EINVAL. */
int fpk_log_get_level(int type);
/** Set the default level for types no pattern names. */
void fpk_log_set_global_level(int level);
/**
 * Set the level of every type whose name matches the shell glob @pattern,
 * now and for types registered later. @return 0 or -EINVAL, -ENOSPC.
 */
int fpk_log_set_level_pattern(const char *pattern, int level);
/** Parse a level name ("debug", "info", ...) or number. @return level or -EINVAL. */
int fpk_log_parse_level(const char *s);
/** Send log lines to @f instead of stderr (NULL restores stderr). */
void fpk_log_set_stream(FILE *f);

/** @return true if a message of @level for @type would be printed. */
bool fpk_log_can_log(int type, int level);

void fpk_log(int level, int type, const char *fmt, ...) __fpk_format_printf(3, 4);
void fpk_vlog(int level, int type, const char *fmt, va_list ap) __fpk_format_printf(3, 0);

/** FPK_LOG(ERR, EAL, "...\n") prints "EAL: ..." when enabled. */
#define FPK_LOG(level, type, ...) \
	fpk_log(FPK_LOG_ ## level, FPK_LOGTYPE_ ## type, # type ": " __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* FPK_LOG_H */

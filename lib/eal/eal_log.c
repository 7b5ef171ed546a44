/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Log types and levels. Types are registered by name; --log-level patterns
 * are kept so a type registered later (a driver loaded after option parsing)
 * still gets the level the user asked for. With --syslog, each message
 * also goes to syslog, as DPDK 22.11 does on Linux.
 */
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "eal_private.h"

#define LOG_MAX_TYPES 128
#define LOG_NAME_MAX 64

struct log_type {
	char name[LOG_NAME_MAX];
	int level;
};

struct log_pattern {
	char glob[LOG_NAME_MAX];
	int level;
};

static struct log_type log_types[LOG_MAX_TYPES] = {
	[FPK_LOGTYPE_EAL] = { "lib.eal", FPK_LOG_INFO },
	[FPK_LOGTYPE_RING] = { "lib.ring", FPK_LOG_INFO },
	[FPK_LOGTYPE_MEMPOOL] = { "lib.mempool", FPK_LOG_INFO },
	[FPK_LOGTYPE_MBUF] = { "lib.mbuf", FPK_LOG_INFO },
	[FPK_LOGTYPE_ETHDEV] = { "lib.ethdev", FPK_LOG_INFO },
	[FPK_LOGTYPE_BUS] = { "bus", FPK_LOG_INFO },
	[FPK_LOGTYPE_USER1] = { "user1", FPK_LOG_INFO },
};
static int log_ntypes = FPK_LOGTYPE_FIRST_DYNAMIC;
static struct log_pattern log_patterns[EAL_LOG_MAX_PATTERNS];
static int log_npatterns;
static int log_global_level = FPK_LOG_INFO;
static FILE *log_stream;
static bool log_syslog;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
	[FPK_LOG_EMERG] = "emergency", [FPK_LOG_ALERT] = "alert",
	[FPK_LOG_CRIT] = "critical", [FPK_LOG_ERR] = "error",
	[FPK_LOG_WARNING] = "warning", [FPK_LOG_NOTICE] = "notice",
	[FPK_LOG_INFO] = "info", [FPK_LOG_DEBUG] = "debug",
};

/* Level for a type name: the last matching pattern wins, as in DPDK. */
static int
level_for_name(const char *name)
{
	int level = log_global_level;

	for (int i = 0; i < log_npatterns; i++)
		if (fnmatch(log_patterns[i].glob, name, 0) == 0)
			level = log_patterns[i].level;
	return level;
}

int
fpk_log_register(const char *name)
{
	int id = -ENOSPC;

	if (name == NULL || name[0] == '\0' || strlen(name) >= LOG_NAME_MAX)
		return -EINVAL;
	pthread_mutex_lock(&log_lock);
	for (int i = 0; i < log_ntypes; i++) {
		if (strcmp(log_types[i].name, name) == 0) {
			id = i;
			goto out;
		}
	}
	if (log_ntypes < LOG_MAX_TYPES) {
		id = log_ntypes++;
		snprintf(log_types[id].name, LOG_NAME_MAX, "%s", name);
		log_types[id].level = level_for_name(name);
	}
out:
	pthread_mutex_unlock(&log_lock);
	return id;
}

static bool
level_valid(int level)
{
	return level >= FPK_LOG_EMERG && level <= FPK_LOG_DEBUG;
}

int
fpk_log_set_level(int type, int level)
{
	if (type < 0 || type >= log_ntypes || !level_valid(level))
		return -EINVAL;
	log_types[type].level = level;
	return 0;
}

int
fpk_log_get_level(int type)
{
	if (type < 0 || type >= log_ntypes)
		return -EINVAL;
	return log_types[type].level;
}

void
fpk_log_set_global_level(int level)
{
	if (!level_valid(level))
		return;
	pthread_mutex_lock(&log_lock);
	log_global_level = level;
	for (int i = 0; i < log_ntypes; i++)
		log_types[i].level = level_for_name(log_types[i].name);
	pthread_mutex_unlock(&log_lock);
}

int
fpk_log_set_level_pattern(const char *pattern, int level)
{
	int ret = 0;

	if (pattern == NULL || !level_valid(level) || strlen(pattern) >= LOG_NAME_MAX)
		return -EINVAL;
	pthread_mutex_lock(&log_lock);
	/* The same glob given again: its earlier entry can never win over this
	 * one (the last match wins), so drop it instead of using a new slot. */
	for (int i = 0; i < log_npatterns; i++) {
		if (strcmp(log_patterns[i].glob, pattern) == 0) {
			memmove(&log_patterns[i], &log_patterns[i + 1],
				(size_t)(log_npatterns - i - 1) * sizeof(log_patterns[0]));
			log_npatterns--;
			break;
		}
	}
	if (log_npatterns == EAL_LOG_MAX_PATTERNS) {
		ret = -ENOSPC;
		goto out;
	}
	snprintf(log_patterns[log_npatterns].glob, LOG_NAME_MAX, "%s", pattern);
	log_patterns[log_npatterns++].level = level;
	for (int i = 0; i < log_ntypes; i++)
		if (fnmatch(pattern, log_types[i].name, 0) == 0)
			log_types[i].level = level;
out:
	pthread_mutex_unlock(&log_lock);
	return ret;
}

int
fpk_log_parse_level(const char *s)
{
	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (*s >= '0' && *s <= '9') {
		char *end;
		unsigned long long v;

		/* Range-check the full value: cast to int first, 2^32 + 8
		 * would pass as 8 (debug). */
		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno || *end != '\0' || v < FPK_LOG_EMERG || v > FPK_LOG_DEBUG)
			return -EINVAL;
		return (int)v;
	}
	for (int l = FPK_LOG_EMERG; l <= FPK_LOG_DEBUG; l++)
		if (strcasecmp(s, level_names[l]) == 0)
			return l;
	/* Short forms DPDK users type. */
	if (strcasecmp(s, "err") == 0)
		return FPK_LOG_ERR;
	if (strcasecmp(s, "warn") == 0)
		return FPK_LOG_WARNING;
	if (strcasecmp(s, "emerg") == 0)
		return FPK_LOG_EMERG;
	if (strcasecmp(s, "crit") == 0)
		return FPK_LOG_CRIT;
	return -EINVAL;
}

/* --log-level LEVEL | TYPE_GLOB:LEVEL (DPDK also accepts "glob,level"). */
int
eal_log_parse_option(const char *arg)
{
	char buf[LOG_NAME_MAX * 2];
	char *sep;
	int level;

	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", arg);
	sep = strrchr(buf, ':');
	if (sep == NULL)
		sep = strrchr(buf, ',');
	if (sep == NULL) {
		level = fpk_log_parse_level(buf);
		if (level < 0)
			return -EINVAL;
		fpk_log_set_global_level(level);
		return 0;
	}
	*sep = '\0';
	level = fpk_log_parse_level(sep + 1);
	if (level < 0 || buf[0] == '\0')
		return -EINVAL;
	return fpk_log_set_level_pattern(buf, level);
}

/* DPDK 22.11's --syslog facility names. */
static const struct {
	const char *name;
	int facility;
} syslog_facilities[] = {
	{ "auth", LOG_AUTH }, { "cron", LOG_CRON }, { "daemon", LOG_DAEMON },
	{ "ftp", LOG_FTP }, { "kern", LOG_KERN }, { "lpr", LOG_LPR },
	{ "mail", LOG_MAIL }, { "news", LOG_NEWS }, { "syslog", LOG_SYSLOG },
	{ "user", LOG_USER }, { "uucp", LOG_UUCP }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

int
eal_log_syslog_facility(const char *name)
{
	for (size_t i = 0; i < FPK_DIM(syslog_facilities); i++)
		if (strcmp(name, syslog_facilities[i].name) == 0)
			return syslog_facilities[i].facility;
	return -EINVAL;
}

void
eal_log_syslog_open(const char *ident, int facility)
{
	openlog(ident, LOG_PID | LOG_NDELAY, facility);
	log_syslog = true;
}

void
eal_log_reset(void)
{
	if (log_syslog) {
		closelog();
		log_syslog = false;
	}
	pthread_mutex_lock(&log_lock);
	log_npatterns = 0;
	log_global_level = FPK_LOG_INFO;
	for (int i = 0; i < log_ntypes; i++)
		log_types[i].level = FPK_LOG_INFO;
	pthread_mutex_unlock(&log_lock);
}

void
fpk_log_set_stream(FILE *f)
{
	log_stream = f;
}

bool
fpk_log_can_log(int type, int level)
{
	if (type < 0 || type >= log_ntypes)
		return level <= log_global_level;
	return level <= log_types[type].level;
}

void
fpk_vlog(int level, int type, const char *fmt, va_list ap)
{
	if (!fpk_log_can_log(type, level))
		return;
	if (log_syslog) {
		va_list copy;

		/* FPK's levels are syslog's plus one, as DPDK's. */
		va_copy(copy, ap);
		vsyslog(level - 1, fmt, copy);
		va_end(copy);
	}
	vfprintf(log_stream ? log_stream : stderr, fmt, ap);
}

void
fpk_log(int level, int type, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fpk_vlog(level, type, fmt, ap);
	va_end(ap);
}

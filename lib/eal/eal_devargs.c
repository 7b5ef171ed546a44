/* SPDX-License-Identifier: BSD-3-Clause */
/* Device arguments recorded from -a/-b/--vdev, in command-line order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eal_private.h"
#include "fpk_devargs.h"

#define DEVARGS_MAX 64

struct devargs_entry {
	struct fpk_devargs da;
	char *args_buf;
};

static struct devargs_entry devargs[DEVARGS_MAX];
static unsigned int devargs_n;

static const char *
devtype_opt(enum fpk_devtype type)
{
	return type == FPK_DEVTYPE_ALLOWED ? "-a" : type == FPK_DEVTYPE_BLOCKED ? "-b" : "--vdev";
}

static const char *
devtype_what(enum fpk_devtype type)
{
	return type == FPK_DEVTYPE_ALLOWED ? "allowed" :
	       type == FPK_DEVTYPE_BLOCKED ? "blocked" : "created";
}

int
eal_devargs_add(enum fpk_devtype type, const char *arg)
{
	const char *comma = strchr(arg, ',');
	size_t nlen = comma ? (size_t)(comma - arg) : strlen(arg);
	struct devargs_entry *e;

	if (nlen == 0 || nlen >= FPK_DEV_NAME_MAX_LEN) {
		FPK_LOG(ERR, EAL, "invalid device argument '%s': the name before the "
			"first ',' must be 1-%d characters\n", arg, FPK_DEV_NAME_MAX_LEN - 1);
		return -EINVAL;
	}
	/*
	 * A stray blank (a quoting slip: --vdev "net_null0 ") would otherwise
	 * become part of the device's name, and the port's.
	 */
	for (size_t i = 0; i < nlen; i++) {
		unsigned char c = (unsigned char)arg[i];

		if (c <= ' ' || c == 0x7f) {
			FPK_LOG(ERR, EAL, "invalid device name '%.*s' in %s '%s': character %zu "
				"is %s (0x%02x); device names cannot contain blanks or "
				"control characters: remove it\n", (int)nlen, arg,
				devtype_opt(type), arg, i + 1,
				c == ' ' ? "a space" : "a control character", c);
			return -EINVAL;
		}
	}
	for (unsigned int i = 0; i < devargs_n; i++) {
		const struct fpk_devargs *da = &devargs[i].da;

		if (strlen(da->name) != nlen || strncmp(da->name, arg, nlen) != 0)
			continue;
		if (da->type == type)
			FPK_LOG(ERR, EAL, "device '%.*s' is given twice to %s: give each device "
				"once\n", (int)nlen, arg, devtype_opt(type));
		else
			FPK_LOG(ERR, EAL, "device '%.*s' is given to both %s and %s: it cannot "
				"be both %s and %s; drop one of them\n", (int)nlen, arg,
				devtype_opt(da->type), devtype_opt(type), devtype_what(da->type),
				devtype_what(type));
		return -EINVAL;
	}
	if (devargs_n == DEVARGS_MAX) {
		FPK_LOG(ERR, EAL, "too many device arguments (at most %d): drop some -a, -b "
			"or --vdev options\n", DEVARGS_MAX);
		return -EINVAL;
	}
	e = &devargs[devargs_n];
	e->args_buf = strdup(comma ? comma + 1 : "");
	if (e->args_buf == NULL)
		return -ENOMEM;
	e->da.type = type;
	memcpy(e->da.name, arg, nlen);
	e->da.name[nlen] = '\0';
	e->da.args = e->args_buf;
	devargs_n++;
	return 0;
}

void
eal_devargs_cleanup(void)
{
	for (unsigned int i = 0; i < devargs_n; i++)
		free(devargs[i].args_buf);
	memset(devargs, 0, sizeof(devargs));
	devargs_n = 0;
}

const struct fpk_devargs *
fpk_devargs_next(enum fpk_devtype type, const struct fpk_devargs *prev)
{
	unsigned int i = 0;

	if (prev != NULL)
		while (i < devargs_n && &devargs[i++].da != prev)
			;
	for (; i < devargs_n; i++)
		if (devargs[i].da.type == type)
			return &devargs[i].da;
	return NULL;
}

unsigned int
fpk_devargs_count(enum fpk_devtype type)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < devargs_n; i++)
		n += devargs[i].da.type == type;
	return n;
}

const struct fpk_devargs *
fpk_devargs_find(enum fpk_devtype type, const char *name)
{
	for (unsigned int i = 0; i < devargs_n; i++)
		if (devargs[i].da.type == type && strcmp(devargs[i].da.name, name) == 0)
			return &devargs[i].da;
	return NULL;
}

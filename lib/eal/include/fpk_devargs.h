/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device arguments from the command line: -a/--allow and -b/--block for
 * bus devices (e.g. "0000:00:02.0"), --vdev for virtual ones
 * ("net_null0,size=64"). The EAL only records them; buses read them.
 */
#ifndef FPK_DEVARGS_H
#define FPK_DEVARGS_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum fpk_devtype {
	FPK_DEVTYPE_ALLOWED,
	FPK_DEVTYPE_BLOCKED,
	FPK_DEVTYPE_VIRTUAL,
};

#define FPK_DEV_NAME_MAX_LEN 64

struct fpk_devargs {
	enum fpk_devtype type;
	char name[FPK_DEV_NAME_MAX_LEN]; /**< text before the first ',' */
	const char *args;                /**< text after it ("" if none) */
};

/**
 * Iterate the recorded devargs of @type in command-line order: pass NULL to
 * get the first. @return the next one, or NULL at the end.
 */
const struct fpk_devargs *fpk_devargs_next(enum fpk_devtype type,
					   const struct fpk_devargs *prev);
/** Number of recorded devargs of @type. */
unsigned int fpk_devargs_count(enum fpk_devtype type);
/** The devargs of @type named @name, or NULL. */
const struct fpk_devargs *fpk_devargs_find(enum fpk_devtype type, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* FPK_DEVARGS_H */

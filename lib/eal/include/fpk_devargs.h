/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Device arguments from the command line.
 *
 * `-a/--allow` and `-b/--block` name bus devices (e.g. "0000:00:02.0"), `--vdev`
 * virtual ones ("net_null0,size=64"). fpk_eal_init() only records them, in
 * command-line order; buses read them here. They are dropped by
 * fpk_eal_cleanup() and by a failed fpk_eal_init().
 */
#ifndef FPK_DEVARGS_H
#define FPK_DEVARGS_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The option a device argument came from. */
enum fpk_devtype {
	FPK_DEVTYPE_ALLOWED, /**< `-a/--allow`: use only the devices listed */
	FPK_DEVTYPE_BLOCKED, /**< `-b/--block`: skip the devices listed */
	FPK_DEVTYPE_VIRTUAL, /**< `--vdev`: create a virtual device */
};

/** Size of a device name buffer, NUL included: names have 1 to 63 characters. */
#define FPK_DEV_NAME_MAX_LEN 64

/** One device argument: "NAME[,ARGS]". */
struct fpk_devargs {
	enum fpk_devtype type;           /**< the option it came from */
	char name[FPK_DEV_NAME_MAX_LEN]; /**< text before the first ',' */
	const char *args;                /**< text after it ("" if none) */
};

/**
 * Iterate the recorded device arguments of one type in command-line order.
 *
 * @param type  Which option's arguments to walk.
 * @param[in] prev  The argument returned by the previous call, or NULL to
 *                  get the first one.
 * @return The next argument of @p type, or NULL at the end (also when
 *   @p prev is not a recorded argument).
 */
const struct fpk_devargs *fpk_devargs_next(enum fpk_devtype type,
					   const struct fpk_devargs *prev);

/**
 * Count the recorded device arguments of one type.
 *
 * @param type  Which option's arguments to count.
 * @return Their number; 0 if there are none.
 */
unsigned int fpk_devargs_count(enum fpk_devtype type);

/**
 * Find a recorded device argument by device name.
 *
 * @param type  Which option's arguments to search.
 * @param[in] name  The device name, exactly as given before the first ','
 *                  (no canonical form is applied); must not be NULL.
 * @return The argument, or NULL if none of @p type has that name.
 */
const struct fpk_devargs *fpk_devargs_find(enum fpk_devtype type, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* FPK_DEVARGS_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "key=value,key=value" device arguments, as given after a device name in
 * --vdev or -a. Drivers parse them with a list of the keys they accept.
 */
#ifndef FPK_KVARGS_H
#define FPK_KVARGS_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_KVARGS_MAX 32

struct fpk_kvargs_pair {
	char *key;
	char *value;
};

struct fpk_kvargs {
	char *buf;
	unsigned int count;
	struct fpk_kvargs_pair pairs[FPK_KVARGS_MAX];
};

/**
 * Parse @args ("" or NULL gives an empty list). Keys not in the
 * NULL-terminated @valid_keys (NULL: accept any) are rejected.
 * @return the list, or NULL with fpk_errno EINVAL (malformed or unknown key;
 *   the log names it and the valid keys) or ENOMEM.
 */
struct fpk_kvargs *fpk_kvargs_parse(const char *args, const char *const valid_keys[]);
void fpk_kvargs_free(struct fpk_kvargs *kvl);
/** Number of pairs with @key (all pairs when @key is NULL). */
unsigned int fpk_kvargs_count(const struct fpk_kvargs *kvl, const char *key);
/** Value of the last pair with @key, or NULL. */
const char *fpk_kvargs_get(const struct fpk_kvargs *kvl, const char *key);

typedef int (*fpk_kvargs_handler_t)(const char *key, const char *value, void *opaque);
/**
 * Call @handler for each pair with @key (every pair when NULL).
 * @return 0, or the first non-zero handler return.
 */
int fpk_kvargs_process(const struct fpk_kvargs *kvl, const char *key,
		       fpk_kvargs_handler_t handler, void *opaque);

/** Handler helpers: parse an unsigned decimal/hex value into *(uint64_t *)opaque,
 *  or a boolean (0/1/yes/no/true/false/on/off) into *(bool *)opaque. -EINVAL if bad. */
int fpk_kvargs_parse_u64(const char *key, const char *value, void *opaque);
int fpk_kvargs_parse_bool(const char *key, const char *value, void *opaque);

#ifdef __cplusplus
}
#endif

#endif /* FPK_KVARGS_H */

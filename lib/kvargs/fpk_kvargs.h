/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * "key=value,key=value" device arguments.
 *
 * The text given after a device name in `--vdev` or `-a` ("net_null0,size=64"
 * gives "size=64"). Drivers parse it with the list of keys they accept,
 * then read the values by key, as with DPDK's rte_kvargs.
 */
#ifndef FPK_KVARGS_H
#define FPK_KVARGS_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most pairs one argument string may hold. */
#define FPK_KVARGS_MAX 32

/** One "key=value" pair; both strings point into fpk_kvargs::buf. */
struct fpk_kvargs_pair {
	char *key;   /**< the text before the first '=', not empty */
	char *value; /**< the text after it, possibly empty */
};

/** A parsed argument string (fpk_kvargs_parse()). */
struct fpk_kvargs {
	char *buf;       /**< copy of the string, cut into the pairs' keys and values */
	unsigned int count; /**< pairs in use */
	struct fpk_kvargs_pair pairs[FPK_KVARGS_MAX]; /**< the pairs, in the order given */
};

/**
 * Parse an argument string. Pairs are separated by ',' (empty ones are
 * skipped); each must be "key=value" with a non-empty key. Errors are
 * logged under the "lib.eal" log type.
 *
 * @param[in] args  The string; "" or NULL gives an empty list.
 * @param[in] valid_keys  NULL-terminated array of the accepted keys, or
 *                        NULL to accept any key.
 * @return The list, to be released with fpk_kvargs_free(), or NULL with
 *   fpk_errno set: EINVAL (a pair without '=' or with an empty key, a key
 *   not in @p valid_keys, whose message lists the valid ones, or more than
 *   FPK_KVARGS_MAX pairs); ENOMEM.
 */
struct fpk_kvargs *fpk_kvargs_parse(const char *args, const char *const valid_keys[]);

/**
 * Release a list made by fpk_kvargs_parse(); the strings it returned go
 * with it.
 *
 * @param kvl  The list; NULL is ignored.
 */
void fpk_kvargs_free(struct fpk_kvargs *kvl);

/**
 * Count pairs.
 *
 * @param[in] kvl  The list.
 * @param[in] key  The key to count, or NULL to count every pair.
 * @return The number of pairs with @p key (a key may be given several
 *   times), or of all pairs when @p key is NULL.
 */
unsigned int fpk_kvargs_count(const struct fpk_kvargs *kvl, const char *key);

/**
 * Get the value of a key.
 *
 * @param[in] kvl  The list.
 * @param[in] key  The key; must not be NULL.
 * @return The value of the last pair with @p key (valid until
 *   fpk_kvargs_free()), or NULL if there is none.
 */
const char *fpk_kvargs_get(const struct fpk_kvargs *kvl, const char *key);

/**
 * A handler for fpk_kvargs_process().
 *
 * @param[in] key  The pair's key.
 * @param[in] value  The pair's value.
 * @param opaque  The argument given to fpk_kvargs_process().
 * @return 0 to go on; anything else stops the processing and is returned.
 */
typedef int (*fpk_kvargs_handler_t)(const char *key, const char *value, void *opaque);

/**
 * Call a handler for pairs, in the order given.
 *
 * @param[in] kvl  The list.
 * @param[in] key  The key whose pairs to process, or NULL for every pair.
 * @param handler  The handler, e.g. fpk_kvargs_parse_u64().
 * @param opaque  Its argument.
 * @return 0 (also when no pair has @p key), or the first non-zero value
 *   the handler returned.
 */
int fpk_kvargs_process(const struct fpk_kvargs *kvl, const char *key,
		       fpk_kvargs_handler_t handler, void *opaque);

/**
 * Handler that parses an unsigned number: decimal, or hexadecimal after
 * "0x" or "0X". Leading zeros are decimal ("010" is ten), never octal.
 * Errors are logged with the key.
 *
 * @param[in] key  The pair's key (for the message).
 * @param[in] value  The text to parse: digits only (no sign, no blanks),
 *   after "0x" hexadecimal ones.
 * @param[out] opaque  A uint64_t that receives the number.
 * @return 0, or -EINVAL if @p value is not a number, has trailing
 *   characters or is out of range (*opaque is then unchanged).
 */
int fpk_kvargs_parse_u64(const char *key, const char *value, void *opaque);

/**
 * Handler that parses a boolean: "1", "yes", "true", "on" or "0", "no",
 * "false", "off", in any case. Errors are logged with the key.
 *
 * @param[in] key  The pair's key (for the message).
 * @param[in] value  The text to parse.
 * @param[out] opaque  A bool that receives the value.
 * @return 0, or -EINVAL if @p value is none of these (*opaque is then
 *   unchanged).
 */
int fpk_kvargs_parse_bool(const char *key, const char *value, void *opaque);

#ifdef __cplusplus
}
#endif

#endif /* FPK_KVARGS_H */

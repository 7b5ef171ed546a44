/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Telemetry: commands that programs outside the process call over a unix
 * socket, in DPDK 22.11's telemetry v2 protocol, so that DPDK's own client
 * (dpdk-telemetry.py) reads FPK applications. The EAL starts the server
 * (unless --no-telemetry); libraries and applications register commands
 * and build each reply with the small data API below, which the server
 * turns into JSON.
 *
 * Handlers run on the telemetry thread, beside the lcores: they may read
 * state (port statistics, pool counts) but must not change what the
 * application's threads use without the application's own locking. The
 * EAL stops the server before anything else in fpk_eal_cleanup(), so a
 * handler never sees a port or pool torn down under it by the cleanup.
 * doc/guides/telemetry.md has the protocol, the socket's path and the tools.
 */
#ifndef FPK_TELEMETRY_H
#define FPK_TELEMETRY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest reply, in bytes, JSON included: the greeting's max_output_len. */
#define FPK_TEL_MAX_OUTPUT_LEN (16 * 1024)
/** Commands are shorter than this (the terminating NUL included). */
#define FPK_TEL_MAX_CMD_LEN 56
/** Help texts are shorter than this (the terminating NUL included). */
#define FPK_TEL_MAX_HELP_LEN 128
/** Commands that can be registered, the three built-in ones included. */
#define FPK_TEL_MAX_CMDS 128

/** What an array holds: it holds one kind of value only, as in DPDK. */
enum fpk_tel_value_type {
	FPK_TEL_STRING_VAL, /**< strings */
	FPK_TEL_INT_VAL,    /**< signed integers */
	FPK_TEL_UINT_VAL,   /**< unsigned integers */
	FPK_TEL_CONTAINER,  /**< arrays or dicts, each made with fpk_tel_data_alloc() */
};

/** A reply, or a container in one: opaque, filled by the calls below. */
struct fpk_tel_data;

/**
 * A command's handler, run on the telemetry thread.
 *
 * @param cmd  The command, such as "/ethdev/stats".
 * @param params  What followed the first ',' of the request, or NULL if
 *   nothing did.
 * @param d  The reply, empty: start it as a dict, an array or a string.
 * @return 0 to send @p d; a negative errno to send null (DPDK's answer to
 *   bad parameters).
 */
typedef int (*fpk_telemetry_cb)(const char *cmd, const char *params, struct fpk_tel_data *d);

/**
 * Make @p cmd callable through the socket. May be called at any time, from
 * any thread, also before fpk_eal_init() (from a constructor).
 *
 * @param cmd  '/' then letters, digits, '_' and '/', shorter than
 *   FPK_TEL_MAX_CMD_LEN; copied.
 * @param fn  Its handler.
 * @param help  What it returns and which parameters it takes, shorter
 *   than FPK_TEL_MAX_HELP_LEN; copied. "/help,CMD" returns it.
 * @return 0; -EINVAL for a bad @p cmd, @p help or a NULL @p fn; -EEXIST
 *   if @p cmd is registered; -ENOSPC if FPK_TEL_MAX_CMDS are.
 */
int fpk_telemetry_register_cmd(const char *cmd, fpk_telemetry_cb fn, const char *help);

/*
 * Building a reply. Replies are bounded: an addition that would make the
 * reply longer than FPK_TEL_MAX_OUTPUT_LEN fails with -ENOSPC and leaves
 * the data as it was, so a handler may fill a reply until it is full and
 * still send it. Strings are copied and escaped for JSON.
 */

/**
 * Make @p d an empty array.
 * @param d  The reply or container.
 * @param type  What the array holds; each add must be of that type.
 * @return 0, or -EINVAL for a NULL @p d or an unknown @p type.
 */
int fpk_tel_data_start_array(struct fpk_tel_data *d, enum fpk_tel_value_type type);
/**
 * Make @p d an empty dict.
 * @param d  The reply or container.
 * @return 0, or -EINVAL for a NULL @p d.
 */
int fpk_tel_data_start_dict(struct fpk_tel_data *d);
/**
 * Make @p d a single string.
 * @param d  The reply or container.
 * @param str  The string.
 * @return 0, -EINVAL for a NULL argument, or -ENOSPC (@p d is then null).
 */
int fpk_tel_data_string(struct fpk_tel_data *d, const char *str);

/**
 * Append a signed integer to an array of FPK_TEL_INT_VAL.
 * @param d  The array.
 * @param x  The value.
 * @return 0; -EINVAL if @p d is not such an array; -ENOSPC.
 */
int fpk_tel_data_add_array_int(struct fpk_tel_data *d, int64_t x);
/**
 * Append an unsigned integer to an array of FPK_TEL_UINT_VAL.
 * @param d  The array.
 * @param x  The value.
 * @return 0; -EINVAL if @p d is not such an array; -ENOSPC.
 */
int fpk_tel_data_add_array_uint(struct fpk_tel_data *d, uint64_t x);
/**
 * Append a string to an array of FPK_TEL_STRING_VAL.
 * @param d  The array.
 * @param str  The string, not NULL.
 * @return 0; -EINVAL if @p d is not such an array or @p str is NULL; -ENOSPC.
 */
int fpk_tel_data_add_array_string(struct fpk_tel_data *d, const char *str);
/**
 * Append an array or dict to an array of FPK_TEL_CONTAINER.
 * @param d  The array.
 * @param val  The container, from fpk_tel_data_alloc(), copied as it is now.
 * @param keep  0: @p val is freed, whether the call succeeds or not.
 * @return 0; -EINVAL if @p d is not such an array or @p val is neither an
 *   array nor a dict; -ENOSPC.
 */
int fpk_tel_data_add_array_container(struct fpk_tel_data *d, struct fpk_tel_data *val, int keep);

/**
 * Add a signed integer to a dict.
 * @param d  The dict.
 * @param name  Its key.
 * @param val  The value.
 * @return 0; -EINVAL if @p d is not a dict or @p name is NULL; -ENOSPC.
 */
int fpk_tel_data_add_dict_int(struct fpk_tel_data *d, const char *name, int64_t val);
/**
 * Add an unsigned integer to a dict.
 * @param d  The dict.
 * @param name  Its key.
 * @param val  The value.
 * @return 0; -EINVAL if @p d is not a dict or @p name is NULL; -ENOSPC.
 */
int fpk_tel_data_add_dict_uint(struct fpk_tel_data *d, const char *name, uint64_t val);
/**
 * Add a string to a dict.
 * @param d  The dict.
 * @param name  Its key.
 * @param val  The string.
 * @return 0; -EINVAL if @p d is not a dict or an argument is NULL; -ENOSPC.
 */
int fpk_tel_data_add_dict_string(struct fpk_tel_data *d, const char *name, const char *val);
/**
 * Add an array or dict to a dict.
 * @param d  The dict.
 * @param name  Its key.
 * @param val  The container, from fpk_tel_data_alloc(), copied as it is now.
 * @param keep  0: @p val is freed, whether the call succeeds or not.
 * @return 0; -EINVAL if @p d is not a dict, @p name is NULL or @p val is
 *   neither an array nor a dict; -ENOSPC.
 */
int fpk_tel_data_add_dict_container(struct fpk_tel_data *d, const char *name,
				    struct fpk_tel_data *val, int keep);

/**
 * A container for nested values, empty (null until started).
 * @return It (about 16 KiB of heap), or NULL if out of memory.
 */
struct fpk_tel_data *fpk_tel_data_alloc(void);
/**
 * Free a container.
 * @param d  What fpk_tel_data_alloc() returned; NULL is ignored.
 */
void fpk_tel_data_free(struct fpk_tel_data *d);

#ifdef __cplusplus
}
#endif

#endif /* FPK_TELEMETRY_H */

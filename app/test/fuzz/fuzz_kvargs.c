/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: device arguments, in the two forms users write them.
 *
 * 1. The whole input as a --vdev argument string ("size=64,copy=1,...")
 *    through fpk_kvargs_parse() with and without a key list, then every
 *    value through the number and boolean parsers PMDs use.
 * 2. Each line as a device string of -a, -b or --vdev ("net_null0,size=64";
 *    a line starting "-a ", "-b " or "--vdev " picks the option, --vdev
 *    otherwise) through the EAL's devargs recording (eal_devargs_add(), the
 *    very function the option parser calls), several lines making one
 *    command line: duplicates, -a with -b, the 64-device limit. Each
 *    recorded device must be the line split at its first ',' (name before,
 *    arguments after), with a name of 1-63 characters and no blank, and be
 *    found again by name; its arguments then go through (1).
 */
#include <stdbool.h>
#include <string.h>

#include <eal_private.h>
#include <fpk_devargs.h>
#include <fpk_kvargs.h>

#include "fuzz.h"

static const char *const keys[] = { "size", "copy", "no-rx", "queues", "iface", NULL };

static int
count_value(const char *key, const char *value, void *opaque)
{
	(void)key;
	(void)value;
	(*(unsigned int *)opaque)++;
	return 0;
}

static void
kvargs_run(const char *args)
{
	for (int with_keys = 0; with_keys < 2; with_keys++) {
		struct fpk_kvargs *kvl = fpk_kvargs_parse(args, with_keys ? keys : NULL);
		unsigned int n = 0;

		if (kvl == NULL)
			continue;
		for (const char *const *k = keys; *k; k++) {
			uint64_t u;
			bool b;

			fpk_kvargs_count(kvl, *k);
			fpk_kvargs_get(kvl, *k);
			fpk_kvargs_process(kvl, *k, fpk_kvargs_parse_u64, &u);
			fpk_kvargs_process(kvl, *k, fpk_kvargs_parse_bool, &b);
		}
		fpk_kvargs_process(kvl, NULL, count_value, &n);
		fpk_kvargs_free(kvl);
	}
}

static const struct {
	const char *prefix;
	enum fpk_devtype type;
} options[] = {
	{ "-a ", FPK_DEVTYPE_ALLOWED },
	{ "-b ", FPK_DEVTYPE_BLOCKED },
	{ "--vdev ", FPK_DEVTYPE_VIRTUAL },
};

/* What eal_devargs_add() recorded for @arg must be @arg, split. @return it. */
static const struct fpk_devargs *
check_recorded(enum fpk_devtype type, const char *arg)
{
	const char *comma = strchr(arg, ',');
	size_t nlen = comma ? (size_t)(comma - arg) : strlen(arg);
	const struct fpk_devargs *da = NULL, *last = NULL;

	while ((da = fpk_devargs_next(type, da)) != NULL)
		last = da;
	if (last == NULL)
		fuzz_fail("devargs: '%s' was accepted but not recorded", arg);
	if (strlen(last->name) != nlen || strncmp(last->name, arg, nlen) != 0 ||
	    strcmp(last->args, comma ? comma + 1 : "") != 0)
		fuzz_fail("devargs: '%s' recorded as name '%s' args '%s'", arg, last->name,
			  last->args);
	if (nlen == 0 || nlen >= FPK_DEV_NAME_MAX_LEN)
		fuzz_fail("devargs: '%s' accepted with a name of %zu characters", arg, nlen);
	for (size_t i = 0; i < nlen; i++)
		if ((unsigned char)arg[i] <= ' ' || arg[i] == 0x7f)
			fuzz_fail("devargs: '%s' accepted with a blank or control character "
				  "in its name", arg);
	if (fpk_devargs_find(type, last->name) != last)
		fuzz_fail("devargs: '%s' is not found again by its name", arg);
	return last;
}

static void
devargs_run(const uint8_t *data, size_t size)
{
	struct fuzz_argv lines;

	if (fuzz_argv_make(&lines, "", data, size, 80) == 0) {
		for (int i = 1; i < lines.argc; i++) {
			const char *arg = lines.argv[i];
			enum fpk_devtype type = FPK_DEVTYPE_VIRTUAL;

			for (size_t o = 0; o < sizeof(options) / sizeof(options[0]); o++) {
				size_t plen = strlen(options[o].prefix);

				if (strncmp(arg, options[o].prefix, plen) == 0) {
					type = options[o].type;
					arg += plen;
					break;
				}
			}
			if (eal_devargs_add(type, arg) == 0)
				kvargs_run(check_recorded(type, arg)->args);
		}
	}
	fuzz_argv_free(&lines);
	eal_devargs_cleanup();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[512];

	kvargs_run(fuzz_string(buf, sizeof(buf), data, size));
	devargs_run(data, size);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: a --vdev argument string ("size=64,copy=1,...") through
 * fpk_kvargs_parse() with and without a key list, then every value
 * through the number and boolean parsers PMDs use.
 */
#include <stdbool.h>

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[512];
	const char *args = fuzz_string(buf, sizeof(buf), data, size);

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
	return 0;
}

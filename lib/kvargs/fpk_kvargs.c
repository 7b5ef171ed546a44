/* SPDX-License-Identifier: BSD-3-Clause */
/* Parsing of "key=value,..." device arguments. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fpk_kvargs.h"
#include "fpk_log.h"

static bool
key_valid(const char *key, const char *const valid[])
{
	if (valid == NULL)
		return true;
	for (int i = 0; valid[i]; i++)
		if (strcmp(valid[i], key) == 0)
			return true;
	return false;
}

static void
log_bad_key(const char *key, const char *const valid[])
{
	char list[256] = "";
	size_t off = 0;

	for (int i = 0; valid[i] && off < sizeof(list) - 1; i++)
		off += snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "", valid[i]);
	FPK_LOG(ERR, EAL, "unknown device argument '%s': valid ones are %s\n", key, list);
}

struct fpk_kvargs *
fpk_kvargs_parse(const char *args, const char *const valid_keys[])
{
	struct fpk_kvargs *kvl = calloc(1, sizeof(*kvl));
	char *tok, *save = NULL;

	if (kvl == NULL || (kvl->buf = strdup(args ? args : "")) == NULL) {
		free(kvl);
		fpk_errno = ENOMEM;
		return NULL;
	}
	for (tok = strtok_r(kvl->buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL || eq == tok) {
			FPK_LOG(ERR, EAL, "device argument '%s' is not key=value\n", tok);
			goto bad;
		}
		*eq = '\0';
		if (!key_valid(tok, valid_keys)) {
			log_bad_key(tok, valid_keys);
			goto bad;
		}
		if (kvl->count == FPK_KVARGS_MAX) {
			FPK_LOG(ERR, EAL, "too many device arguments (at most %d)\n", FPK_KVARGS_MAX);
			goto bad;
		}
		kvl->pairs[kvl->count].key = tok;
		kvl->pairs[kvl->count].value = eq + 1;
		kvl->count++;
	}
	return kvl;
bad:
	fpk_kvargs_free(kvl);
	fpk_errno = EINVAL;
	return NULL;
}

void
fpk_kvargs_free(struct fpk_kvargs *kvl)
{
	if (kvl == NULL)
		return;
	free(kvl->buf);
	free(kvl);
}

unsigned int
fpk_kvargs_count(const struct fpk_kvargs *kvl, const char *key)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < kvl->count; i++)
		n += key == NULL || strcmp(kvl->pairs[i].key, key) == 0;
	return n;
}

const char *
fpk_kvargs_get(const struct fpk_kvargs *kvl, const char *key)
{
	const char *v = NULL;

	for (unsigned int i = 0; i < kvl->count; i++)
		if (strcmp(kvl->pairs[i].key, key) == 0)
			v = kvl->pairs[i].value;
	return v;
}

int
fpk_kvargs_process(const struct fpk_kvargs *kvl, const char *key,
		   fpk_kvargs_handler_t handler, void *opaque)
{
	for (unsigned int i = 0; i < kvl->count; i++) {
		int r;

		if (key && strcmp(kvl->pairs[i].key, key) != 0)
			continue;
		r = handler(kvl->pairs[i].key, kvl->pairs[i].value, opaque);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Decimal, or hexadecimal after "0x". Never octal: strtoull's base 0 reads
 * "010" as 8, where anyone writing size=010 means ten. strtoull() alone
 * also takes leading blanks and a sign ("-1" becomes 2^64 - 1): only
 * digits are let through to it.
 */
int
fpk_kvargs_parse_u64(const char *key, const char *value, void *opaque)
{
	const char *digits = value;
	unsigned long long v;
	int base = 10;
	char *end;

	if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
		digits = value + 2;
		base = 16;
	}
	if (base == 16 ? !isxdigit((unsigned char)digits[0]) :
			 !isdigit((unsigned char)digits[0]))
		goto bad;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno || *end != '\0')
		goto bad;
	*(uint64_t *)opaque = v;
	return 0;
bad:
	FPK_LOG(ERR, EAL, "device argument %s=%s: expected an unsigned 64-bit number: give "
		"decimal digits (a leading 0 is still decimal) or hex digits after 0x\n", key,
		value);
	return -EINVAL;
}

int
fpk_kvargs_parse_bool(const char *key, const char *value, void *opaque)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };

	for (size_t i = 0; i < FPK_DIM(yes); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*(bool *)opaque = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*(bool *)opaque = false;
			return 0;
		}
	}
	FPK_LOG(ERR, EAL, "device argument %s=%s: expected 0/1, yes/no, on/off\n", key, value);
	return -EINVAL;
}

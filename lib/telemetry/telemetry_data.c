/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reply data API of fpk_telemetry.h. A reply is kept as the JSON text
 * it will be sent as, built as values are added, so nested containers cost
 * a copy of their text and nothing is left to free at send time; every
 * addition is checked against the room a reply has and is all or nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telemetry_data.h"

struct tel_value {
	enum fpk_tel_value_type type;
	int64_t i;
	uint64_t u;
	const char *s;
	const struct fpk_tel_data *c;
};

static int
put(char *out, size_t size, size_t *used, const char *s, size_t n)
{
	if (n > size - *used)
		return -ENOSPC;
	memcpy(out + *used, s, n);
	*used += n;
	return 0;
}

int
tel_json_string(char *out, size_t size, size_t *used, const char *str)
{
	size_t at = *used;

	if (put(out, size, &at, "\"", 1))
		return -ENOSPC;
	for (const unsigned char *p = (const unsigned char *)str; *p != '\0'; p++) {
		char esc[8];
		const char *s = esc;
		size_t n = 2;

		if (*p == '"')
			s = "\\\"";
		else if (*p == '\\')
			s = "\\\\";
		else if (*p == '\n')
			s = "\\n";
		else if (*p == '\t')
			s = "\\t";
		else if (*p < 0x20 || *p == 0x7f)
			n = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", *p);
		else
			esc[0] = (char)*p, n = 1;
		if (put(out, size, &at, s, n))
			return -ENOSPC;
	}
	if (put(out, size, &at, "\"", 1))
		return -ENOSPC;
	*used = at;
	return 0;
}

int
tel_data_to_json(const struct fpk_tel_data *d, char *out, size_t size, size_t *used)
{
	size_t at = *used;

	switch (d->kind) {
	case TEL_NULL:
		return put(out, size, used, "null", 4);
	case TEL_STRING:
		return put(out, size, used, d->text, d->len);
	case TEL_ARRAY:
	case TEL_DICT:
		if (put(out, size, &at, d->text, d->len) ||
		    put(out, size, &at, d->kind == TEL_ARRAY ? "]" : "}", 1))
			return -ENOSPC;
		*used = at;
		return 0;
	}
	return -EINVAL;
}

static int
value_to_json(const struct tel_value *v, char *out, size_t size, size_t *used)
{
	char num[24];

	switch (v->type) {
	case FPK_TEL_INT_VAL:
		return put(out, size, used, num, (size_t)snprintf(num, sizeof(num), "%" PRId64, v->i));
	case FPK_TEL_UINT_VAL:
		return put(out, size, used, num, (size_t)snprintf(num, sizeof(num), "%" PRIu64, v->u));
	case FPK_TEL_STRING_VAL:
		return tel_json_string(out, size, used, v->s);
	case FPK_TEL_CONTAINER:
		return tel_data_to_json(v->c, out, size, used);
	}
	return -EINVAL;
}

/* Add @v to the array @d (@name NULL) or as @name to the dict @d. */
static int
add(struct fpk_tel_data *d, const char *name, const struct tel_value *v)
{
	size_t room = sizeof(d->text) - 1; /* the closing bracket's byte */
	size_t at;

	if (d == NULL || (name == NULL && (d->kind != TEL_ARRAY || d->elem != v->type)) ||
	    (name != NULL && d->kind != TEL_DICT))
		return -EINVAL;
	if (v->type == FPK_TEL_STRING_VAL && v->s == NULL)
		return -EINVAL;
	if (v->type == FPK_TEL_CONTAINER &&
	    (v->c == NULL || v->c == d || (v->c->kind != TEL_ARRAY && v->c->kind != TEL_DICT)))
		return -EINVAL;
	at = d->len;
	if ((d->count > 0 && put(d->text, room, &at, ",", 1)) ||
	    (name != NULL && (tel_json_string(d->text, room, &at, name) ||
			      put(d->text, room, &at, ":", 1))) ||
	    value_to_json(v, d->text, room, &at))
		return -ENOSPC;
	d->len = at;
	d->count++;
	return 0;
}

void
tel_data_reset(struct fpk_tel_data *d)
{
	d->kind = TEL_NULL;
	d->count = 0;
	d->len = 0;
}

int
fpk_tel_data_start_array(struct fpk_tel_data *d, enum fpk_tel_value_type type)
{
	if (d == NULL || (unsigned int)type > FPK_TEL_CONTAINER)
		return -EINVAL;
	tel_data_reset(d);
	d->kind = TEL_ARRAY;
	d->elem = type;
	d->text[d->len++] = '[';
	return 0;
}

int
fpk_tel_data_start_dict(struct fpk_tel_data *d)
{
	if (d == NULL)
		return -EINVAL;
	tel_data_reset(d);
	d->kind = TEL_DICT;
	d->text[d->len++] = '{';
	return 0;
}

int
fpk_tel_data_string(struct fpk_tel_data *d, const char *str)
{
	if (d == NULL || str == NULL)
		return -EINVAL;
	tel_data_reset(d);
	if (tel_json_string(d->text, sizeof(d->text), &d->len, str))
		return -ENOSPC;
	d->kind = TEL_STRING;
	return 0;
}

int
fpk_tel_data_add_array_int(struct fpk_tel_data *d, int64_t x)
{
	return add(d, NULL, &(struct tel_value){ .type = FPK_TEL_INT_VAL, .i = x });
}

int
fpk_tel_data_add_array_uint(struct fpk_tel_data *d, uint64_t x)
{
	return add(d, NULL, &(struct tel_value){ .type = FPK_TEL_UINT_VAL, .u = x });
}

int
fpk_tel_data_add_array_string(struct fpk_tel_data *d, const char *str)
{
	return add(d, NULL, &(struct tel_value){ .type = FPK_TEL_STRING_VAL, .s = str });
}

int
fpk_tel_data_add_array_container(struct fpk_tel_data *d, struct fpk_tel_data *val, int keep)
{
	int ret = add(d, NULL, &(struct tel_value){ .type = FPK_TEL_CONTAINER, .c = val });

	if (!keep && val != d)
		fpk_tel_data_free(val);
	return ret;
}

int
fpk_tel_data_add_dict_int(struct fpk_tel_data *d, const char *name, int64_t val)
{
	if (name == NULL)
		return -EINVAL;
	return add(d, name, &(struct tel_value){ .type = FPK_TEL_INT_VAL, .i = val });
}

int
fpk_tel_data_add_dict_uint(struct fpk_tel_data *d, const char *name, uint64_t val)
{
	if (name == NULL)
		return -EINVAL;
	return add(d, name, &(struct tel_value){ .type = FPK_TEL_UINT_VAL, .u = val });
}

int
fpk_tel_data_add_dict_string(struct fpk_tel_data *d, const char *name, const char *val)
{
	if (name == NULL)
		return -EINVAL;
	return add(d, name, &(struct tel_value){ .type = FPK_TEL_STRING_VAL, .s = val });
}

int
fpk_tel_data_add_dict_container(struct fpk_tel_data *d, const char *name,
				struct fpk_tel_data *val, int keep)
{
	int ret = name == NULL ? -EINVAL :
		add(d, name, &(struct tel_value){ .type = FPK_TEL_CONTAINER, .c = val });

	if (!keep && val != d)
		fpk_tel_data_free(val);
	return ret;
}

struct fpk_tel_data *
fpk_tel_data_alloc(void)
{
	return calloc(1, sizeof(struct fpk_tel_data));
}

void
fpk_tel_data_free(struct fpk_tel_data *d)
{
	free(d);
}

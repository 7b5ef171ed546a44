/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside struct fpk_tel_data: the JSON text of a reply as it is built, for
 * the data API (telemetry_data.c) and the server that sends it
 * (telemetry.c). Not installed.
 */
#ifndef TELEMETRY_DATA_H
#define TELEMETRY_DATA_H

#include <stddef.h>

#include "fpk_telemetry.h"

/*
 * Room for the value of a reply: the whole reply is {"CMD":VALUE} and must
 * fit in FPK_TEL_MAX_OUTPUT_LEN (registered commands need no escaping).
 */
#define TEL_DATA_ROOM (FPK_TEL_MAX_OUTPUT_LEN - FPK_TEL_MAX_CMD_LEN - 8)

enum tel_kind {
	TEL_NULL,   /* not started: sent as null */
	TEL_STRING, /* text is the quoted string */
	TEL_ARRAY,  /* text is '[' and the items, without the ']' */
	TEL_DICT,   /* text is '{' and the members, without the '}' */
};

struct fpk_tel_data {
	enum tel_kind kind;
	enum fpk_tel_value_type elem; /* an array's type */
	unsigned int count;           /* items or members so far */
	size_t len;                   /* bytes of text, NUL not counted */
	char text[TEL_DATA_ROOM];
};

/* Empty @d (a handler's reply is reused from one request to the next). */
void tel_data_reset(struct fpk_tel_data *d);
/*
 * Append @d's JSON (null if never started) to @out, which holds @*used
 * bytes of @size. @return 0, or -ENOSPC with nothing appended.
 */
int tel_data_to_json(const struct fpk_tel_data *d, char *out, size_t size, size_t *used);
/*
 * Append @str, quoted and escaped for JSON, to @out as above.
 * @return 0, or -ENOSPC with nothing appended.
 */
int tel_json_string(char *out, size_t size, size_t *used, const char *str);

#endif /* TELEMETRY_DATA_H */

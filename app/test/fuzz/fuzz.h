/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz targets of FPK's parsers of user input, in libFuzzer's interface.
 * Built with clang they link libFuzzer (-fsanitize=fuzzer); with another
 * compiler fuzz_main.c drives them (the seeds, then seeded mutations of
 * them), so the same targets run as regression tests everywhere.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @data as a NUL-terminated string in @buf (cut at @len - 1 bytes). */
static inline const char *
fuzz_string(char *buf, size_t len, const uint8_t *data, size_t size)
{
	if (size >= len)
		size = len - 1;
	for (size_t i = 0; i < size; i++)
		buf[i] = (char)data[i];
	buf[size] = '\0';
	return buf;
}

#endif /* FUZZ_H */

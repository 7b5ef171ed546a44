/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz targets of FPK's parsers of user input, in libFuzzer's interface.
 * Built with clang they link libFuzzer (-fsanitize=fuzzer); with another
 * compiler fuzz_main.c drives them (the seeds, then seeded mutations of
 * them), so the same targets run as regression tests everywhere.
 *
 * A target that finds a wrong result (not a crash) calls fuzz_fail(): it
 * says what was wrong and aborts, which libFuzzer records as a crash with
 * the input that caused it. The message goes to the stderr the process
 * started with, kept open as fuzz_report_fd: -close_fd_mask=3, which
 * devtools/run-tests and meson pass so that fpk-testpmd's messages at
 * every input are not written, closes stderr itself.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_init.c: what every target does once, and each time something (an
 * EAL start, --log-level) may have turned the log back on: silence it,
 * since each input a parser rejects would print a line and slow the run
 * down tenfold. */
void fuzz_log_quiet(void);
/* The stderr of the process's start (LLVMFuzzerInitialize() keeps a copy). */
extern int fuzz_report_fd;
/* Send stdout to /dev/null: for targets whose code prints at every input
 * (fpk-testpmd's commands); libFuzzer reports on stderr. */
void fuzz_stdout_quiet(void);
/* The first CPU this process may run on, for an EAL lcore (-l 0@CPU): CPU 0
 * may not be one of them. */
int fuzz_first_cpu(void);

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

static inline void __attribute__((noreturn, format(printf, 1, 2)))
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	dprintf(fuzz_report_fd, "fuzz check failed: ");
	va_start(ap, fmt);
	vdprintf(fuzz_report_fd, fmt, ap);
	va_end(ap);
	dprintf(fuzz_report_fd, "\n");
	abort();
}

/*
 * An argument vector made of the input: argv[0] is @argv0, then one
 * argument per line of @data ('\n' ends a line), at most @max - 1 of them.
 * Every argument is an allocation of its own, exactly its length plus the
 * NUL, so that a parser reading past an argument's end is caught by ASan
 * instead of reading the next argument; argv itself is exactly argc + 1
 * pointers. The parser may reorder or replace argv's entries (getopt
 * permutes, the EAL puts the program name before the application's
 * arguments): @owned keeps them for fuzz_argv_free().
 */
struct fuzz_argv {
	int argc;
	char **argv;
	char **owned;
};

static inline int
fuzz_argv_make(struct fuzz_argv *a, const char *argv0, const uint8_t *data, size_t size, int max)
{
	int n = 1;

	for (size_t i = 0; i < size && n < max; i++)
		if (data[i] == '\n' || i == size - 1)
			n++;
	a->argc = 0;
	a->argv = calloc((size_t)n + 1, sizeof(char *));
	a->owned = calloc((size_t)n + 1, sizeof(char *));
	if (a->argv == NULL || a->owned == NULL)
		return -1;
	a->owned[a->argc++] = strdup(argv0);
	for (size_t start = 0, i = 0; i < size && a->argc < n; i++) {
		size_t len;
		char *arg;

		if (data[i] != '\n' && i != size - 1)
			continue;
		len = i - start + (data[i] != '\n');
		arg = malloc(len + 1);
		if (arg == NULL)
			return -1;
		memcpy(arg, data + start, len);
		arg[len] = '\0';
		a->owned[a->argc++] = arg;
		start = i + 1;
	}
	for (int i = 0; i < a->argc; i++)
		if (a->owned[i] == NULL)
			return -1;
	memcpy(a->argv, a->owned, (size_t)a->argc * sizeof(char *));
	return 0;
}

static inline void
fuzz_argv_free(struct fuzz_argv *a)
{
	for (int i = 0; a->owned != NULL && i < a->argc; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->argv);
	a->owned = a->argv = NULL;
}

#endif /* FUZZ_H */

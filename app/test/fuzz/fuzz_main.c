/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small driver for the fuzz targets where libFuzzer is not available
 * (gcc builds): it runs each seed file given, then -runs=N inputs made by
 * mutating the seeds (byte flips, insertions, deletions, splices) with a
 * fixed-seed generator, so a run is repeatable. A crash or a sanitizer
 * report ends the process; otherwise it prints what it ran and exits 0.
 * Usage: TARGET [-runs=N] [-close_fd_mask=M] SEED_FILE...
 * -close_fd_mask as libFuzzer's: 1 sends stdout, 2 stderr to /dev/null
 * (fuzz_fail() and this driver still report, on fuzz_report_fd).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_INPUT 4096
#define MAX_SEEDS 64

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t
mutate(uint8_t *buf, size_t len, const uint8_t *other, size_t olen)
{
	static const char interesting[] = ",=-@0x9fFx:.";

	switch (next() % 5) {
	case 0: /* flip a byte */
		if (len)
			buf[next() % len] ^= (uint8_t)(1u << (next() % 8));
		return len;
	case 1: /* insert a byte the parsers care about */
		if (len < MAX_INPUT) {
			size_t at = len ? next() % (len + 1) : 0;

			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = (uint8_t)interesting[next() % (sizeof(interesting) - 1)];
			return len + 1;
		}
		return len;
	case 2: /* delete a byte */
		if (len) {
			size_t at = next() % len;

			memmove(buf + at, buf + at + 1, len - at - 1);
			return len - 1;
		}
		return len;
	case 3: /* splice the tail of another seed */
		if (olen) {
			size_t at = len ? next() % len : 0, from = next() % olen;
			size_t n = olen - from;

			if (at + n > MAX_INPUT)
				n = MAX_INPUT - at;
			memcpy(buf + at, other + from, n);
			return at + n;
		}
		return len;
	default: /* a random byte anywhere */
		if (len)
			buf[next() % len] = (uint8_t)next();
		return len;
	}
}

int
main(int argc, char **argv)
{
	static uint8_t seeds[MAX_SEEDS][MAX_INPUT];
	size_t seed_len[MAX_SEEDS], nseeds = 0;
	unsigned long runs = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		FILE *f;

		if (strncmp(argv[i], "-runs=", 6) == 0) {
			runs = strtoul(argv[i] + 6, NULL, 10);
			continue;
		}
		if (strncmp(argv[i], "-close_fd_mask=", 15) == 0) {
			unsigned long mask = strtoul(argv[i] + 15, NULL, 10);
			int null = open("/dev/null", O_WRONLY);

			for (int fd = STDOUT_FILENO; null >= 0 && fd <= STDERR_FILENO; fd++)
				if (mask & (fd == STDOUT_FILENO ? 1 : 2))
					dup2(null, fd);
			if (null > STDERR_FILENO)
				close(null);
			continue;
		}
		if (argv[i][0] == '-')
			continue; /* another libFuzzer flag: not ours */
		if (nseeds == MAX_SEEDS || (f = fopen(argv[i], "rb")) == NULL) {
			dprintf(fuzz_report_fd, "%s: cannot read seed %s (at most %d seeds)\n",
				argv[0], argv[i], MAX_SEEDS);
			return 2;
		}
		seed_len[nseeds] = fread(seeds[nseeds], 1, MAX_INPUT, f);
		fclose(f);
		LLVMFuzzerTestOneInput(seeds[nseeds], seed_len[nseeds]);
		nseeds++;
	}
	if (nseeds == 0) {
		dprintf(fuzz_report_fd, "usage: %s [-runs=N] [-close_fd_mask=M] SEED_FILE...\n",
			argv[0]);
		return 2;
	}
	for (unsigned long r = 0; r < runs; r++) {
		uint8_t buf[MAX_INPUT];
		size_t s = next() % nseeds, o = next() % nseeds, len = seed_len[s];

		memcpy(buf, seeds[s], len);
		for (unsigned int m = 1 + next() % 4; m; m--)
			len = mutate(buf, len, seeds[o], seed_len[o]);
		LLVMFuzzerTestOneInput(buf, len);
	}
	dprintf(fuzz_report_fd, "%s: %zu seeds and %lu mutated inputs ran\n", argv[0], nseeds,
		runs);
	return 0;
}

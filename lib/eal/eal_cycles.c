/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycle counter frequency: the architecture's own figure where it has a
 * trustworthy one (arm64's CNTFRQ_EL0), else measured against
 * CLOCK_MONOTONIC_RAW, because under virtualisation (and TCG) CPUID's
 * nominal figure need not match the counter's real rate.
 */
#include <errno.h>
#include <time.h>

#include "eal_private.h"

static uint64_t tsc_hz;

/* RAW: the counter is measured against time NTP does not slew. */
uint64_t
fpk_get_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
eal_tsc_init(void)
{
	const struct timespec wait = { 0, 50 * 1000 * 1000 };
	uint64_t ns0, ns1, c0, c1;

	tsc_hz = eal_arch_tsc_hz();
	if (tsc_hz) {
		FPK_LOG(DEBUG, EAL, "cycle counter runs at %.3f MHz (stated by the CPU)\n",
			tsc_hz / 1e6);
		return 0;
	}
	ns0 = fpk_get_time_ns();
	c0 = fpk_rdtsc();
	nanosleep(&wait, NULL);
	c1 = fpk_rdtsc();
	ns1 = fpk_get_time_ns();
	if (ns1 <= ns0 || c1 <= c0) {
		FPK_LOG(ERR, EAL, "cannot measure the cycle counter frequency\n");
		return -EIO;
	}
	tsc_hz = (uint64_t)((double)(c1 - c0) * 1e9 / (double)(ns1 - ns0));
	FPK_LOG(DEBUG, EAL, "cycle counter runs at %.3f MHz\n", tsc_hz / 1e6);
	return 0;
}

uint64_t
fpk_get_tsc_hz(void)
{
	return tsc_hz;
}

void
fpk_delay_us(unsigned int us)
{
	uint64_t end = fpk_rdtsc() + tsc_hz / 1000000 * us;

	while (fpk_rdtsc() < end)
		fpk_pause();
}

void
fpk_delay_ms_sleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

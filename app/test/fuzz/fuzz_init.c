/* SPDX-License-Identifier: BSD-3-Clause */
/* What every fuzz target does once: silence the log (see fuzz.h). */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include <fpk_log.h>

#include "fuzz.h"

int fuzz_report_fd = STDERR_FILENO;

int
fuzz_first_cpu(void)
{
	cpu_set_t allowed;
	int cpu = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &allowed))
			cpu++;
	return cpu;
}

void
fuzz_log_quiet(void)
{
	static FILE *devnull;

	/* The level alone is not enough: --log-level in an input raises it
	 * again in the middle of a parse. */
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	if (devnull != NULL)
		fpk_log_set_stream(devnull);
	fpk_log_set_global_level(FPK_LOG_EMERG);
}

void
fuzz_stdout_quiet(void)
{
	int fd = open("/dev/null", O_WRONLY);

	fflush(stdout);
	if (fd >= 0 && fd != STDOUT_FILENO) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);

	(void)argc;
	(void)argv;
	/* Before libFuzzer acts on -close_fd_mask (it calls this first). */
	if (fd >= 0)
		fuzz_report_fd = fd;
	fuzz_log_quiet();
	return 0;
}

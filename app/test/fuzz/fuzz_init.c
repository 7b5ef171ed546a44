/* SPDX-License-Identifier: BSD-3-Clause */
/* What every fuzz target does once: silence the log, since each input the
 * parsers reject would print a line and slow the run down tenfold. */
#include <fpk_log.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fpk_log_set_global_level(FPK_LOG_EMERG);
	return 0;
}

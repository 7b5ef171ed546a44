/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the EAL's lcore list (-l), coremask (-c) and --socket-mem
 * parsers and the PCI bus's address parser (-a/-b), on arbitrary text. The
 * first byte picks the parser, the rest is its argument.
 */
#include <string.h>

#include <eal_private.h>
#include <pci_private.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct eal_config cfg; /* large: not on the stack */
	struct fpk_pci_addr addr;
	char buf[256];
	const char *arg;

	if (size == 0)
		return 0;
	arg = fuzz_string(buf, sizeof(buf), data + 1, size - 1);
	eal_config_defaults(&cfg);
	switch (data[0] % 4) {
	case 0:
		eal_parse_lcores(arg, &cfg);
		break;
	case 1:
		eal_parse_coremask(arg, &cfg);
		break;
	case 2:
		eal_parse_socket_mem(arg, &cfg);
		break;
	default:
		memset(&addr, 0, sizeof(addr));
		pci_parse_addr(arg, &addr);
		break;
	}
	return 0;
}

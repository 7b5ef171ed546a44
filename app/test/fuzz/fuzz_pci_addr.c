/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: PCI addresses as -a/-b take them ("0000:00:02.0" or
 * "00:02.0"), through the PCI bus's parser and its canonical naming, the
 * two functions every allow/block entry and sysfs name goes through.
 * Beyond not crashing: both must accept the same strings; an accepted
 * string holds only hex digits, ':' and '.'; its canonical name is
 * "DDDD:BB:DD.F" (a 5-digit domain at most), names the same address and is
 * its own canonical name.
 */
#include <stdbool.h>
#include <string.h>

#include <pci_private.h>

#include "fuzz.h"

static bool
canonical_shape(const char *s)
{
	size_t n = strlen(s), dlen = n - 8;

	/* DDDD[D] ':' BB ':' DD '.' F */
	if (n != 12 && n != 13)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');

		if (i == dlen || i == dlen + 3) {
			if (c != ':')
				return false;
		} else if (i == dlen + 6) {
			if (c != '.')
				return false;
		} else if (!hex) {
			return false;
		}
	}
	return s[n - 1] <= '7';
}

static bool
same_addr(const struct fpk_pci_addr *a, const struct fpk_pci_addr *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->devid == b->devid &&
	       a->function == b->function;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fpk_pci_addr addr, again;
	char buf[64], canon[FPK_PCI_NAME_LEN], canon2[FPK_PCI_NAME_LEN];
	const char *s = fuzz_string(buf, sizeof(buf), data, size);
	int parsed, named;

	memset(&addr, 0, sizeof(addr));
	parsed = pci_parse_addr(s, &addr);
	named = pci_canonical_name(s, canon);
	if ((parsed == 0) != (named == 0))
		fuzz_fail("pci: '%s': pci_parse_addr() says %d, pci_canonical_name() %d", s,
			  parsed, named);
	if (parsed != 0)
		return 0;
	if (strspn(s, "0123456789abcdefABCDEF:.") != strlen(s))
		fuzz_fail("pci: '%s' accepted with a character that is no hex digit, ':' or '.'",
			  s);
	if (!canonical_shape(canon))
		fuzz_fail("pci: '%s' has the canonical name '%s', not DDDD:BB:DD.F", s, canon);
	memset(&again, 0, sizeof(again));
	if (pci_parse_addr(canon, &again) != 0 || !same_addr(&addr, &again))
		fuzz_fail("pci: '%s' and its canonical name '%s' are not the same address", s,
			  canon);
	if (pci_canonical_name(canon, canon2) != 0 || strcmp(canon, canon2) != 0)
		fuzz_fail("pci: the canonical name '%s' of '%s' is not its own canonical name",
			  canon, s);
	return 0;
}

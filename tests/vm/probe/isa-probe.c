/* SPDX-License-Identifier: BSD-3-Clause
 * Guest-side check of tests/vm/run's accelerator probe: FPK's guest binaries
 * (and Debian's DPDK) are built for corei7, and a KVM CPU model can boot the
 * kernel yet lack SSSE3/SSE4.x/POPCNT (seen with -cpu EPYC on a nested host).
 * This executes one instruction of each of those extensions on values the
 * compiler cannot fold, so a missing one ends in SIGILL, not in a guess.
 * Exit 0 and "isa ok" when all of them ran and computed the right results.
 */
#include <nmmintrin.h>
#include <smmintrin.h>
#include <stdio.h>
#include <tmmintrin.h>

int main(void)
{
	volatile unsigned int word = 0xf0f0f0f0u;
	volatile int lo = -7, hi = 42;
	__m128i bytes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	__m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
	int bad = 0;

	/* POPCNT */
	if (__builtin_popcount(word) != 16)
		bad |= 1;
	/* SSE4.2 CRC32C: known value of crc32c(0, 0xf0f0f0f0) is checked against
	 * a bitwise software computation rather than a constant. */
	unsigned int hw = _mm_crc32_u32(0, word), sw = 0, v = word;
	for (int i = 0; i < 32; i++) {
		unsigned int bit = (sw ^ v) & 1u;

		sw = (sw >> 1) ^ (bit ? 0x82f63b78u : 0);
		v >>= 1;
	}
	if (hw != sw)
		bad |= 2;
	/* SSSE3 PSHUFB */
	if (_mm_extract_epi8(_mm_shuffle_epi8(bytes, rev), 0) != 15)
		bad |= 4;
	/* SSE4.1 PMAXSD */
	if (_mm_extract_epi32(_mm_max_epi32(_mm_set1_epi32(lo), _mm_set1_epi32(hi)), 0) != 42)
		bad |= 8;
	if (bad) {
		printf("isa wrong results (mask %d)\n", bad);
		return 1;
	}
	printf("isa ok\n");
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of lib/pcapng: the blocks of a written file read back field by
 * field (section, interfaces, packets from multi-segment mbufs, snap length,
 * direction flags, nanosecond timestamps), the errors (bad arguments, a full
 * disk), and tcpdump reading every packet of a file that spans many buffer
 * flushes, when /usr/bin/tcpdump is installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fpk_mbuf.h>
#include <fpk_pcapng.h>

#include "test.h"

#define TCPDUMP "/usr/bin/tcpdump"
#define NB_MBUF 64

static struct fpk_mempool *
pool_get(void)
{
	static struct fpk_mempool *mp;

	if (mp == NULL)
		mp = fpk_pktmbuf_pool_create("pcapng_test", NB_MBUF, 0, 0,
					     FPK_MBUF_DEFAULT_BUF_SIZE, FPK_SOCKET_ID_ANY);
	return mp;
}

/*
 * A packet of @len bytes in @nb_segs segments (the last one takes the
 * rest); byte i is (i + @seed) mod 256, after an Ethernet header whose
 * type is IPv4 so that tcpdump prints one line for it.
 */
static struct fpk_mbuf *
pkt_make(uint32_t len, unsigned int nb_segs, uint8_t seed)
{
	struct fpk_mbuf *head = NULL;
	uint32_t per = len / nb_segs, off = 0;

	for (unsigned int s = 0; s < nb_segs; s++) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(pool_get());
		uint32_t n = s + 1 == nb_segs ? len - off : per;
		uint8_t *p;

		if (m == NULL)
			goto fail;
		p = (uint8_t *)fpk_pktmbuf_append(m, (uint16_t)n);
		for (uint32_t i = 0; i < n; i++)
			p[i] = (uint8_t)(off + i + seed);
		if (head == NULL)
			head = m;
		else if (fpk_pktmbuf_chain(head, m) < 0)
			goto fail;
		off += n;
	}
	if (len >= 14) {
		uint8_t *p = fpk_pktmbuf_mtod(head, uint8_t *);

		p[12] = 0x08;
		p[13] = 0x00;
	}
	return head;
fail:
	fpk_pktmbuf_free(head);
	return NULL;
}

static int
tmpfile_make(char *path, size_t size)
{
	int fd;

	snprintf(path, size, "/tmp/fpk-pcapng-XXXXXX");
	fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	return fd;
}

/* The whole file in a malloc'd buffer, its size in *@len. */
static uint8_t *
file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size)) != NULL &&
	    fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = buf != NULL ? (size_t)size : 0;
	return buf;
}

static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/* The value of option @code in the options at @p..@end, or NULL; its length in *@len. */
static const uint8_t *
opt_find(const uint8_t *p, const uint8_t *end, uint16_t code, uint16_t *len)
{
	while (p + 4 <= end && rd16(p) != 0) {
		uint16_t l = rd16(p + 2);

		if (rd16(p) == code) {
			*len = l;
			return p + 4;
		}
		p += 4 + ((l + 3u) & ~3u);
	}
	return NULL;
}

struct want_pkt {
	uint32_t ifid, len, cap_len, orig_len;
	uint8_t seed;
	uint64_t ts;
	enum fpk_pcapng_direction dir;
};

/* Walk the blocks of @buf and check them against @want. */
static int
blocks_check(const uint8_t *buf, size_t size, const struct want_pkt *want, unsigned int nb_want)
{
	const uint8_t *p, *end;
	unsigned int nb_epb = 0, nb_idb = 0;

	end = buf + size;
	for (p = buf; p < end; ) {
		uint32_t type = rd32(p), len = rd32(p + 4);

		TEST_ASSERT(len >= 12 && len % 4 == 0 && p + len <= end && rd32(p + len - 4) == len,
			    "block at offset %zu: bad length %u", (size_t)(p - buf), len);
		if (p == buf) {
			TEST_ASSERT_EQUAL(type, 0x0A0D0D0Au, "first block is the section header");
			TEST_ASSERT_EQUAL(rd32(p + 8), 0x1A2B3C4Du, "byte-order magic");
			TEST_ASSERT_EQUAL(rd16(p + 12), 1, "major version");
		} else if (type == 1) {
			uint16_t olen = 0;
			const uint8_t *o = opt_find(p + 16, p + len - 4, 9, &olen);

			TEST_ASSERT_EQUAL(nb_epb, 0, "interfaces before packets");
			TEST_ASSERT_EQUAL(rd16(p + 8), 1, "link type Ethernet");
			TEST_ASSERT_EQUAL(rd32(p + 12), nb_idb == 0 ? 65535u : 60u, "snaplen");
			TEST_ASSERT(o != NULL && olen == 1 && *o == 9, "if_tsresol 9 (ns)");
			o = opt_find(p + 16, p + len - 4, 2, &olen);
			if (nb_idb == 0)
				TEST_ASSERT(o != NULL && olen == 6 && memcmp(o, "port 0", 6) == 0,
					    "if_name");
			else
				TEST_ASSERT_NULL(o, "no if_name for a NULL name");
			nb_idb++;
		} else if (type == 6) {
			const struct want_pkt *w = &want[nb_epb < nb_want ? nb_epb : 0];
			uint32_t cap = rd32(p + 20);
			uint16_t olen = 0;
			const uint8_t *o;

			TEST_ASSERT(nb_epb < nb_want, "more packets than written");
			TEST_ASSERT_EQUAL(rd32(p + 8), w->ifid, "packet %u interface", nb_epb);
			TEST_ASSERT_EQUAL(((uint64_t)rd32(p + 12) << 32 | rd32(p + 16)), w->ts,
					  "packet %u timestamp", nb_epb);
			TEST_ASSERT_EQUAL(cap, w->cap_len, "packet %u captured length", nb_epb);
			TEST_ASSERT_EQUAL(rd32(p + 24), w->orig_len, "packet %u length", nb_epb);
			for (uint32_t i = 14; i < cap; i++)
				TEST_ASSERT_EQUAL(p[28 + i], (uint8_t)(i + w->seed),
						  "packet %u byte %u", nb_epb, i);
			o = opt_find(p + 28 + ((cap + 3) & ~3u), p + len - 4, 2, &olen);
			TEST_ASSERT(o != NULL && olen == 4 && rd32(o) == (uint32_t)w->dir,
				    "packet %u epb_flags direction", nb_epb);
			nb_epb++;
		}
		p += len;
	}
	TEST_ASSERT_EQUAL(nb_idb, 2, "interface blocks");
	TEST_ASSERT_EQUAL(nb_epb, nb_want, "packet blocks");
	return TEST_SUCCESS;
}

static int
test_pcapng_blocks(void)
{
	static const struct want_pkt want[] = {
		{ 0, 64, 64, 64, 1, 1000000000123456789ull, FPK_PCAPNG_DIR_IN },
		{ 0, 150, 150, 150, 2, 1000000000123456790ull, FPK_PCAPNG_DIR_OUT },   /* 3 segments */
		{ 1, 100, 60, 100, 3, 5, FPK_PCAPNG_DIR_IN },                          /* snap length */
		{ 1, 61, 60, 1500, 4, 6, FPK_PCAPNG_DIR_UNKNOWN },                     /* a cut copy */
	};
	static const unsigned int segs[] = { 1, 3, 2, 1 };
	char path[64];
	struct fpk_pcapng *pc;
	uint8_t *buf;
	size_t size;
	int ret;

	TEST_ASSERT_NOT_NULL(pool_get(), "pool: %s", strerror(fpk_errno));
	TEST_ASSERT(tmpfile_make(path, sizeof(path)) >= 0, "mkstemp: %s", strerror(errno));
	pc = fpk_pcapng_open(path);
	TEST_ASSERT_NOT_NULL(pc, "open %s: %s", path, strerror(fpk_errno));
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, "port 0", 65535), 0, "first interface");
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, NULL, 60), 1, "second interface");
	for (unsigned int i = 0; i < FPK_DIM(want); i++) {
		struct fpk_mbuf *m = pkt_make(want[i].len, segs[i], want[i].seed);

		TEST_ASSERT_NOT_NULL(m, "packet %u", i);
		TEST_ASSERT_EQUAL(m->nb_segs, segs[i], "packet %u segments", i);
		ret = fpk_pcapng_write(pc, want[i].ifid, m, want[i].orig_len, want[i].ts,
				       want[i].dir);
		fpk_pktmbuf_free(m);
		TEST_ASSERT_SUCCESS(ret, "write packet %u: %s", i, strerror(-ret));
	}
	TEST_ASSERT_SUCCESS(fpk_pcapng_close(pc), "close");

	buf = file_read(path, &size);
	unlink(path);
	TEST_ASSERT_NOT_NULL(buf, "read back %s", path);
	ret = blocks_check(buf, size, want, FPK_DIM(want));
	free(buf);
	return ret;
}
FPK_TEST_REGISTER(pcapng_blocks, test_pcapng_blocks)

static int
test_pcapng_errors(void)
{
	struct fpk_mbuf *m;
	struct fpk_pcapng *pc;
	int fd, ret;

	TEST_ASSERT_NOT_NULL(pool_get(), "pool: %s", strerror(fpk_errno));
	TEST_ASSERT_NULL(fpk_pcapng_open("/nonexistent-dir/x.pcapng"), "open in a missing dir");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "its errno");
	TEST_ASSERT_NULL(fpk_pcapng_fdopen(-1), "a bad fd");
	TEST_ASSERT_EQUAL(fpk_errno, EBADF, "its errno");

	fd = open("/dev/full", O_WRONLY);
	if (fd < 0)
		return fpk_test_skip("/dev/full: %s", strerror(errno));
	pc = fpk_pcapng_fdopen(fd);
	TEST_ASSERT_NOT_NULL(pc, "fdopen: %s", strerror(fpk_errno));
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, "p", 0), -EINVAL, "snaplen 0");
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, "p", FPK_PCAPNG_SNAPLEN_MAX + 1), -EINVAL,
			  "snaplen too big");
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, "p", 128), 0, "interface");
	m = pkt_make(64, 1, 0);
	TEST_ASSERT_NOT_NULL(m, "packet");
	ret = fpk_pcapng_write(pc, 1, m, 64, 0, FPK_PCAPNG_DIR_IN);
	TEST_ASSERT_EQUAL(ret, -EINVAL, "unknown interface");
	ret = fpk_pcapng_write(pc, 0, m, 63, 0, FPK_PCAPNG_DIR_IN);
	TEST_ASSERT_EQUAL(ret, -EINVAL, "original length below pkt_len");
	ret = fpk_pcapng_write(pc, 0, m, 64, 0, FPK_PCAPNG_DIR_IN);
	TEST_ASSERT_SUCCESS(ret, "buffered write");
	ret = fpk_pcapng_flush(pc);
	TEST_ASSERT_EQUAL(ret, -ENOSPC, "flush to a full disk: %d", ret);
	ret = fpk_pcapng_write(pc, 0, m, 64, 0, FPK_PCAPNG_DIR_IN);
	fpk_pktmbuf_free(m);
	TEST_ASSERT_EQUAL(ret, -ENOSPC, "the error sticks");
	TEST_ASSERT_EQUAL(fpk_pcapng_close(pc), -ENOSPC, "close reports it");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pcapng_errors, test_pcapng_errors)

/* Enough packets for many buffer flushes, read back by tcpdump. */
static int
test_pcapng_tcpdump(void)
{
	enum { NB_PKTS = 3000 };
	char path[64], cmd[160], line[512];
	struct fpk_pcapng *pc;
	unsigned int lines = 0;
	FILE *f;
	int ret;

	if (access(TCPDUMP, X_OK) != 0)
		return fpk_test_skip("%s is not installed (Debian package tcpdump)", TCPDUMP);
	TEST_ASSERT_NOT_NULL(pool_get(), "pool: %s", strerror(fpk_errno));
	TEST_ASSERT(tmpfile_make(path, sizeof(path)) >= 0, "mkstemp: %s", strerror(errno));
	pc = fpk_pcapng_open(path);
	TEST_ASSERT_NOT_NULL(pc, "open %s: %s", path, strerror(fpk_errno));
	TEST_ASSERT_EQUAL(fpk_pcapng_add_interface(pc, "port 0", 256), 0, "interface");
	for (unsigned int i = 0; i < NB_PKTS; i++) {
		struct fpk_mbuf *m = pkt_make(60 + i % 1400, 1 + i % 3, (uint8_t)i);

		TEST_ASSERT_NOT_NULL(m, "packet %u", i);
		ret = fpk_pcapng_write(pc, 0, m, m->pkt_len, 1700000000000000000ull + i * 1000ull,
				       i % 2 ? FPK_PCAPNG_DIR_OUT : FPK_PCAPNG_DIR_IN);
		fpk_pktmbuf_free(m);
		TEST_ASSERT_SUCCESS(ret, "write %u", i);
	}
	TEST_ASSERT_SUCCESS(fpk_pcapng_close(pc), "close");

	snprintf(cmd, sizeof(cmd), "%s -n -r %s 2>&1", TCPDUMP, path);
	f = popen(cmd, "r");
	TEST_ASSERT_NOT_NULL(f, "popen %s", cmd);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "reading from file") != NULL)
			continue;
		lines++;
	}
	ret = pclose(f);
	unlink(path);
	TEST_ASSERT_SUCCESS(ret, "%s failed", cmd);
	TEST_ASSERT_EQUAL(lines, NB_PKTS, "tcpdump printed %u packets of %u", lines, NB_PKTS);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pcapng_tcpdump, test_pcapng_tcpdump)

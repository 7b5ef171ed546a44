/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pcapng writer (fpk_pcapng.h). Blocks are laid out in host byte order,
 * which the section header's byte-order magic tells readers; every block
 * and option is padded to 32 bits, as the format requires.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fpk_build_config.h>

#include "fpk_pcapng.h"

#define BT_SHB 0x0A0D0D0Au    /* section header block */
#define BT_IDB 0x00000001u    /* interface description block */
#define BT_EPB 0x00000006u    /* enhanced packet block */
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define LINKTYPE_ETHERNET 1

#define OPT_ENDOFOPT 0
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME 2
#define OPT_IF_TSRESOL 9
#define OPT_EPB_FLAGS 2

#define TSRESOL_NS 9          /* if_tsresol: 10^-9 s */
#define BUF_SIZE (64 * 1024)

struct fpk_pcapng {
	int fd;
	int err;                  /* first failure, -errno: later calls return it */
	uint32_t nb_ifs;
	uint32_t *snaplen;        /* per interface */
	size_t used;
	uint8_t buf[BUF_SIZE];
};

struct block_hdr {
	uint32_t type;
	uint32_t len;
};

struct opt_hdr {
	uint16_t code;
	uint16_t len;
};

static uint32_t
pad4(uint32_t len)
{
	return (len + 3) & ~3u;
}

int
fpk_pcapng_flush(struct fpk_pcapng *pc)
{
	size_t done = 0;

	while (pc->err == 0 && done < pc->used) {
		ssize_t n = write(pc->fd, pc->buf + done, pc->used - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			pc->err = -errno;
		else if (n == 0)
			pc->err = -EIO;
		else
			done += (size_t)n;
	}
	pc->used = 0;
	return pc->err;
}

/* Append to the buffer, writing it out each time it fills. */
static void
put(struct fpk_pcapng *pc, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 0 && pc->err == 0) {
		size_t n = BUF_SIZE - pc->used;

		if (n > len)
			n = len;
		memcpy(pc->buf + pc->used, p, n);
		pc->used += n;
		p += n;
		len -= n;
		if (pc->used == BUF_SIZE)
			fpk_pcapng_flush(pc);
	}
}

static void
put32(struct fpk_pcapng *pc, uint32_t v)
{
	put(pc, &v, sizeof(v));
}

static void
put_pad(struct fpk_pcapng *pc, uint32_t len)
{
	static const uint8_t zero[4];

	put(pc, zero, pad4(len) - len);
}

/* An option's size in a block, header and padding included. */
static uint32_t
opt_size(uint32_t len)
{
	return (uint32_t)sizeof(struct opt_hdr) + pad4(len);
}

static void
put_opt(struct fpk_pcapng *pc, uint16_t code, const void *data, uint16_t len)
{
	struct opt_hdr h = { .code = code, .len = len };

	put(pc, &h, sizeof(h));
	put(pc, data, len);
	put_pad(pc, len);
}

static void
put_block_hdr(struct fpk_pcapng *pc, uint32_t type, uint32_t len)
{
	struct block_hdr h = { .type = type, .len = len };

	put(pc, &h, sizeof(h));
}

static int
section_header(struct fpk_pcapng *pc)
{
	static const char appl[] = "FPK " FPK_VERSION;
	struct {
		uint32_t magic;
		uint16_t major;
		uint16_t minor;
		int64_t section_len;
	} shb = { BYTE_ORDER_MAGIC, 1, 0, -1 };   /* -1: length not given */
	uint32_t len = (uint32_t)(sizeof(struct block_hdr) + sizeof(shb) +
				  opt_size(sizeof(appl) - 1) + opt_size(0) + 4);

	put_block_hdr(pc, BT_SHB, len);
	put(pc, &shb, sizeof(shb));
	put_opt(pc, OPT_SHB_USERAPPL, appl, sizeof(appl) - 1);
	put_opt(pc, OPT_ENDOFOPT, NULL, 0);
	put32(pc, len);
	return pc->err;
}

struct fpk_pcapng *
fpk_pcapng_fdopen(int fd)
{
	struct fpk_pcapng *pc;
	int ret;

	if (fd < 0) {
		fpk_errno = EBADF;
		return NULL;
	}
	pc = calloc(1, sizeof(*pc));
	if (pc == NULL) {
		close(fd);
		fpk_errno = ENOMEM;
		return NULL;
	}
	pc->fd = fd;
	ret = section_header(pc);
	if (ret < 0) {
		fpk_pcapng_close(pc);
		fpk_errno = -ret;
		return NULL;
	}
	return pc;
}

struct fpk_pcapng *
fpk_pcapng_open(const char *path)
{
	int fd;

	if (path == NULL) {
		fpk_errno = EINVAL;
		return NULL;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fpk_errno = errno;
		return NULL;
	}
	return fpk_pcapng_fdopen(fd);
}

int
fpk_pcapng_add_interface(struct fpk_pcapng *pc, const char *name, uint32_t snaplen)
{
	struct {
		uint16_t linktype;
		uint16_t reserved;
		uint32_t snaplen;
	} idb = { LINKTYPE_ETHERNET, 0, snaplen };
	const uint8_t tsresol = TSRESOL_NS;
	uint16_t name_len = 0;
	uint32_t len, *snaplens;

	if (snaplen == 0 || snaplen > FPK_PCAPNG_SNAPLEN_MAX)
		return -EINVAL;
	if (pc->err < 0)
		return pc->err;
	if (name != NULL)
		name_len = (uint16_t)strnlen(name, UINT16_MAX);
	snaplens = realloc(pc->snaplen, (pc->nb_ifs + 1) * sizeof(*snaplens));
	if (snaplens == NULL)
		return -ENOMEM;
	pc->snaplen = snaplens;

	len = (uint32_t)(sizeof(struct block_hdr) + sizeof(idb) + opt_size(sizeof(tsresol)) +
			 opt_size(0) + 4);
	if (name_len > 0)
		len += opt_size(name_len);
	put_block_hdr(pc, BT_IDB, len);
	put(pc, &idb, sizeof(idb));
	if (name_len > 0)
		put_opt(pc, OPT_IF_NAME, name, name_len);
	put_opt(pc, OPT_IF_TSRESOL, &tsresol, sizeof(tsresol));
	put_opt(pc, OPT_ENDOFOPT, NULL, 0);
	put32(pc, len);
	if (pc->err < 0)
		return pc->err;
	pc->snaplen[pc->nb_ifs] = snaplen;
	return (int)pc->nb_ifs++;
}

int
fpk_pcapng_write(struct fpk_pcapng *pc, uint32_t ifid, const struct fpk_mbuf *m,
		 uint32_t orig_len, uint64_t ts_ns, enum fpk_pcapng_direction dir)
{
	struct {
		uint32_t ifid;
		uint32_t ts_high;
		uint32_t ts_low;
		uint32_t cap_len;
		uint32_t orig_len;
	} epb;
	uint32_t flags = (uint32_t)dir, len, left;

	if (ifid >= pc->nb_ifs || orig_len < m->pkt_len)
		return -EINVAL;
	if (pc->err < 0)
		return pc->err;
	epb.ifid = ifid;
	epb.ts_high = (uint32_t)(ts_ns >> 32);
	epb.ts_low = (uint32_t)ts_ns;
	epb.cap_len = m->pkt_len < pc->snaplen[ifid] ? m->pkt_len : pc->snaplen[ifid];
	epb.orig_len = orig_len;
	len = (uint32_t)sizeof(struct block_hdr) + (uint32_t)sizeof(epb) + pad4(epb.cap_len) +
	      opt_size(sizeof(flags)) + opt_size(0) + 4;

	put_block_hdr(pc, BT_EPB, len);
	put(pc, &epb, sizeof(epb));
	left = epb.cap_len;
	for (const struct fpk_mbuf *seg = m; seg != NULL && left > 0; seg = seg->next) {
		uint32_t n = seg->data_len < left ? seg->data_len : left;

		put(pc, fpk_pktmbuf_mtod(seg, const void *), n);
		left -= n;
	}
	put_pad(pc, epb.cap_len);
	put_opt(pc, OPT_EPB_FLAGS, &flags, sizeof(flags));
	put_opt(pc, OPT_ENDOFOPT, NULL, 0);
	put32(pc, len);
	return pc->err;
}

int
fpk_pcapng_close(struct fpk_pcapng *pc)
{
	int ret;

	if (pc == NULL)
		return 0;
	ret = fpk_pcapng_flush(pc);
	if (close(pc->fd) < 0 && ret == 0)
		ret = -errno;
	free(pc->snaplen);
	free(pc);
	return ret;
}

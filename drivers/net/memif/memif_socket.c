/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_memif's control channel: the unix SOCK_SEQPACKET socket on which a
 * server listens and a client connects, and the memif 2.0 handshake on it
 * (memif.h). Everything here runs on the EAL's interrupt thread, or under
 * its lock from the application's thread (start, stop, close), so one
 * lock orders it all. A peer that breaks the protocol gets a DISCONNECT
 * naming what it did wrong, and this port logs it and goes link-down.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fpk_intr.h"
#include "fpk_log.h"
#include "memif_internal.h"

#define MEMIF_LISTEN_BACKLOG 4

static socklen_t
memif_sockaddr(const struct memif_port *mp, struct sockaddr_un *sun)
{
	size_t len = strlen(mp->socket);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (!mp->abstract) {
		memcpy(sun->sun_path, mp->socket, len);
		return (socklen_t)sizeof(*sun);
	}
	/* The abstract name is the path after a NUL, its length exact (as DPDK binds it). */
	memcpy(sun->sun_path + 1, mp->socket, len);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
}

static const char *
memif_sock_desc(const struct memif_port *mp)
{
	return mp->abstract ? "abstract socket @" : "socket ";
}

static int
memif_send(int fd, const struct memif_msg *msg, int afd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (afd >= 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &afd, sizeof(int));
	}
	if (sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)sizeof(*msg))
		return -errno;
	return 0;
}

static void
memif_send_disconnect(int fd, const char *reason)
{
	struct memif_msg msg = { .type = MEMIF_MSG_DISCONNECT };

	snprintf((char *)msg.disconnect.string, sizeof(msg.disconnect.string), "%s", reason);
	memif_send(fd, &msg, -1); /* best effort: the peer may be gone already */
}

static void
memif_out_free(struct memif_port *mp)
{
	free(mp->out);
	mp->out = NULL;
	mp->out_n = 0;
	mp->out_next = 0;
}

/*
 * End the connection, telling the peer @reason if it is not NULL, and
 * take the link down. Safe to call in any state.
 */
void
memif_disconnect(struct memif_port *mp, const char *reason)
{
	if (mp->cc_fd >= 0) {
		if (reason != NULL)
			memif_send_disconnect(mp->cc_fd, reason);
		fpk_intr_source_remove(mp->cc_id);
		close(mp->cc_fd);
		mp->cc_fd = -1;
	}
	memif_out_free(mp);
	if (mp->state != MEMIF_CC_NONE || mp->nregions > 0)
		memif_rings_detach(mp);
	mp->state = MEMIF_CC_NONE;
}

/* The peer broke the protocol: tell it why, log cause and fix, disconnect. @return -EPROTO. */
static int __fpk_format_printf(3, 4)
memif_fail(struct memif_port *mp, const char *peer_reason, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	MEMIF_LOG(ERR, "%s: %s: disconnecting\n", mp->dev->data->name, text);
	memif_disconnect(mp, peer_reason);
	return -EPROTO;
}

static void
memif_copy_name(char *dst, const uint8_t *src)
{
	size_t i;

	for (i = 0; i < MEMIF_NAME_SZ && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = '\0';
}

/* A name into a fixed wire field, cut to fit with its NUL. */
static void
memif_put_name(uint8_t dst[MEMIF_NAME_SZ], const char *src)
{
	size_t n = strnlen(src, MEMIF_NAME_SZ - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int
memif_send_simple(struct memif_port *mp, uint16_t type)
{
	struct memif_msg msg = { .type = type };

	if (type == MEMIF_MSG_CONNECTED || type == MEMIF_MSG_CONNECT)
		memif_put_name(msg.connect.if_name, mp->dev->data->name);
	return memif_send(mp->cc_fd, &msg, -1);
}

/* ---- server ---------------------------------------------------------------- */

static int
memif_server_init(struct memif_port *mp, const struct memif_msg_init *in)
{
	char secret[MEMIF_SECRET_SZ + 1] = { 0 };

	memcpy(secret, in->secret, MEMIF_SECRET_SZ);
	if (in->version != MEMIF_VERSION)
		return memif_fail(mp, "Incompatible memif version", "the peer speaks memif %u.%u, "
				  "this port 2.0 only: upgrade the peer", in->version >> 8,
				  in->version & 0xff);
	if (in->id != mp->id)
		return memif_fail(mp, "ID not found", "the peer asks for id=%u, this port is id=%u: "
				  "give both ends the same id=", in->id, mp->id);
	if (in->mode != MEMIF_MODE_ETHERNET)
		return memif_fail(mp, "Only ethernet mode supported", "the peer asks for mode %u: "
				  "configure it for ethernet mode", in->mode);
	if (mp->secret[0] != '\0' && strncmp(mp->secret, secret, MEMIF_SECRET_SZ) != 0)
		return memif_fail(mp, secret[0] ? "Incorrect secret" : "Secret required",
				  "the peer gave %s secret: give both ends the same secret=",
				  secret[0] ? "the wrong" : "no");
	if (!mp->started)
		return memif_fail(mp, "Interface not started", "a peer came before the port was "
				  "started: start the server port first");
	memif_copy_name(mp->peer_name, in->name);
	mp->state = MEMIF_CC_SETUP;
	if (memif_send_simple(mp, MEMIF_MSG_ACK))
		memif_disconnect(mp, NULL);
	return 0;
}

static int
memif_server_add_region(struct memif_port *mp, const struct memif_msg_add_region *ar, int *fd)
{
	struct stat st = { 0 };
	int seals;

	if (*fd < 0)
		return memif_fail(mp, "Missing region fd", "the peer added region %u without its "
				  "memory file descriptor", ar->index);
	if (ar->index != mp->nregions || ar->index >= MEMIF_MAX_REGIONS || ar->size == 0)
		return memif_fail(mp, "Invalid region index", "the peer added region %u of %" PRIu64
				  " bytes, expected region %u", ar->index, (uint64_t)ar->size,
				  mp->nregions);
	/* Mapped past the end of its file, a region faults (SIGBUS) where it is read. */
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < ar->size)
		return memif_fail(mp, "Region fd smaller than the region", "the peer added region "
				  "%u of %" PRIu64 " bytes with a file of %jd bytes: its memfd must be "
				  "at least the region's size", ar->index, (uint64_t)ar->size,
				  S_ISREG(st.st_mode) ? (intmax_t)st.st_size : (intmax_t)-1);
	/* Else the peer may shrink it under the mapping later (DPDK and libmemif seal theirs). */
	seals = fcntl(*fd, F_GET_SEALS);
	if (seals < 0 || !(seals & F_SEAL_SHRINK))
		return memif_fail(mp, "Region fd not sealed", "the peer added region %u as a file "
				  "not sealed against shrinking: create it with memfd_create("
				  "MFD_ALLOW_SEALING) and add F_SEAL_SHRINK", ar->index);
	mp->regions[mp->nregions].fd = *fd;
	mp->regions[mp->nregions].size = ar->size;
	mp->regions[mp->nregions].addr = NULL;
	mp->nregions++;
	*fd = -1;
	if (memif_send_simple(mp, MEMIF_MSG_ACK))
		memif_disconnect(mp, NULL);
	return 0;
}

static int
memif_server_add_ring(struct memif_port *mp, const struct memif_msg_add_ring *ar, int *fd)
{
	unsigned int dir = (ar->flags & MEMIF_ADD_RING_FLAG_C2S) ? 0 : 1;
	/* C2S rings are this server's rx queues, S2C its tx queues. */
	unsigned int nq = dir == 0 ? mp->dev->data->nb_rx_queues : mp->dev->data->nb_tx_queues;
	int flags;

	if (*fd < 0)
		return memif_fail(mp, "Missing interrupt fd", "the peer added ring %u without "
				  "its eventfd", ar->index);
	if (ar->index >= nq || mp->rings[dir][ar->index].added)
		return memif_fail(mp, "Invalid ring index", "the peer added %s ring %u, this port "
				  "has %u %s queues (HELLO said so)", dir ? "S2C" : "C2S", ar->index,
				  nq, dir ? "tx" : "rx");
	if (ar->log2_ring_size == 0 || ar->log2_ring_size > mp->log2_rsize)
		return memif_fail(mp, "Ring size exceeds the server's limit", "the peer proposes "
				  "rings of 2^%u slots, this server's limit is 2^%u (rsize=%u): it must "
				  "propose at most that", ar->log2_ring_size, mp->log2_rsize,
				  mp->log2_rsize);
	/* tx bursts kick it: whatever the peer passed, a write must not block the fast path. */
	flags = fcntl(*fd, F_GETFL);
	if (flags < 0 || fcntl(*fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return memif_fail(mp, "Invalid interrupt fd", "the peer passed an unusable fd for "
				  "ring %u (%s): pass an eventfd", ar->index, strerror(errno));
	mp->rings[dir][ar->index].region = ar->region;
	mp->rings[dir][ar->index].offset = ar->offset;
	mp->rings[dir][ar->index].log2 = ar->log2_ring_size;
	mp->rings[dir][ar->index].fd = *fd;
	mp->rings[dir][ar->index].added = true;
	*fd = -1;
	if (dir == 0 && ar->index >= mp->n_c2s)
		mp->n_c2s = (uint16_t)(ar->index + 1);
	if (dir == 1 && ar->index >= mp->n_s2c)
		mp->n_s2c = (uint16_t)(ar->index + 1);
	if (memif_send_simple(mp, MEMIF_MSG_ACK))
		memif_disconnect(mp, NULL);
	return 0;
}

static int
memif_connected(struct memif_port *mp, const struct memif_msg_connect *c)
{
	memif_copy_name(mp->peer_if, c->if_name);
	if (memif_rings_attach(mp))
		return memif_fail(mp, "Invalid rings or regions", "the peer's rings do not fit "
				  "its regions (see above)");
	mp->state = MEMIF_CC_CONNECTED;
	MEMIF_LOG(INFO, "%s: connected to %s (%s): %u client-to-server and %u server-to-client "
		  "rings\n", mp->dev->data->name, mp->peer_if, mp->peer_name, mp->n_c2s, mp->n_s2c);
	return 0;
}

static int
memif_server_msg(struct memif_port *mp, const struct memif_msg *msg, int *fd)
{
	if (mp->state == MEMIF_CC_WAIT_INIT && msg->type == MEMIF_MSG_INIT)
		return memif_server_init(mp, &msg->init);
	if (mp->state == MEMIF_CC_SETUP && msg->type == MEMIF_MSG_ADD_REGION)
		return memif_server_add_region(mp, &msg->add_region, fd);
	if (mp->state == MEMIF_CC_SETUP && msg->type == MEMIF_MSG_ADD_RING)
		return memif_server_add_ring(mp, &msg->add_ring, fd);
	if (mp->state == MEMIF_CC_SETUP && msg->type == MEMIF_MSG_CONNECT) {
		int ret = memif_connected(mp, &msg->connect);

		if (ret == 0 && memif_send_simple(mp, MEMIF_MSG_CONNECTED))
			memif_disconnect(mp, NULL);
		return ret;
	}
	return memif_fail(mp, "Unexpected message", "the peer sent message type %u out of turn "
			  "(state %d): it does not follow memif 2.0", msg->type, mp->state);
}

/* ---- client ---------------------------------------------------------------- */

static void
memif_out_add(struct memif_port *mp, uint16_t type, int fd)
{
	struct memif_out *o = &mp->out[mp->out_n++];

	memset(o, 0, sizeof(*o));
	o->msg.type = type;
	o->fd = fd;
}

/* Everything the client says after HELLO, sent one message per ACK. */
static int
memif_client_plan(struct memif_port *mp)
{
	struct memif_msg_init *in;
	struct memif_out *o;

	mp->out = calloc(2u + mp->nregions + mp->n_c2s + mp->n_s2c, sizeof(*mp->out));
	if (mp->out == NULL)
		return -ENOMEM;
	memif_out_add(mp, MEMIF_MSG_INIT, -1);
	in = &mp->out[0].msg.init;
	in->version = MEMIF_VERSION;
	in->id = mp->id;
	in->mode = MEMIF_MODE_ETHERNET;
	memcpy(in->secret, mp->secret, MEMIF_SECRET_SZ);
	snprintf((char *)in->name, sizeof(in->name), "FPK");
	for (unsigned int i = 0; i < mp->nregions; i++) {
		memif_out_add(mp, MEMIF_MSG_ADD_REGION, mp->regions[i].fd);
		o = &mp->out[mp->out_n - 1];
		o->msg.add_region.index = (uint16_t)i;
		o->msg.add_region.size = mp->regions[i].size;
	}
	for (unsigned int dir = 0; dir < 2; dir++) {
		unsigned int n = dir == 0 ? mp->n_c2s : mp->n_s2c;

		for (unsigned int i = 0; i < n; i++) {
			memif_out_add(mp, MEMIF_MSG_ADD_RING, mp->rings[dir][i].fd);
			o = &mp->out[mp->out_n - 1];
			o->msg.add_ring.flags = dir == 0 ? MEMIF_ADD_RING_FLAG_C2S : 0;
			o->msg.add_ring.index = (uint16_t)i;
			o->msg.add_ring.region = mp->rings[dir][i].region;
			o->msg.add_ring.offset = mp->rings[dir][i].offset;
			o->msg.add_ring.log2_ring_size = mp->rings[dir][i].log2;
		}
	}
	memif_out_add(mp, MEMIF_MSG_CONNECT, -1);
	memif_put_name(mp->out[mp->out_n - 1].msg.connect.if_name, mp->dev->data->name);
	return 0;
}

static int
memif_client_send_next(struct memif_port *mp)
{
	struct memif_out *o;

	if (mp->out_next >= mp->out_n)
		return memif_fail(mp, "Unexpected message", "the peer acknowledged more messages "
				  "than were sent: it does not follow memif 2.0");
	o = &mp->out[mp->out_next++];
	if (memif_send(mp->cc_fd, &o->msg, o->fd)) {
		MEMIF_LOG(ERR, "%s: cannot send to the memif peer: %s: it closed the socket?\n",
			  mp->dev->data->name, strerror(errno));
		memif_disconnect(mp, NULL);
	}
	return 0;
}

/* HELLO: the server's limits. The client takes the smaller of them and its own. */
static int
memif_client_hello(struct memif_port *mp, const struct memif_msg_hello *h)
{
	const struct fpk_eth_dev_data *data = mp->dev->data;
	int ret;

	memif_copy_name(mp->peer_name, h->name);
	if (h->min_version > MEMIF_VERSION || h->max_version < MEMIF_VERSION)
		return memif_fail(mp, "Incompatible memif version", "server %s speaks memif "
				  "0x%x..0x%x, this port 0x%x: upgrade one end", mp->peer_name,
				  h->min_version, h->max_version, MEMIF_VERSION);
	mp->n_c2s = (uint16_t)FPK_MIN((unsigned int)h->max_c2s_ring + 1, data->nb_tx_queues);
	mp->n_s2c = (uint16_t)FPK_MIN((unsigned int)h->max_s2c_ring + 1, data->nb_rx_queues);
	mp->n_c2s = FPK_MIN(mp->n_c2s, MEMIF_MAX_RINGS);
	mp->n_s2c = FPK_MIN(mp->n_s2c, MEMIF_MAX_RINGS);
	mp->log2_run = FPK_MIN(h->max_log2_ring_size, mp->log2_rsize);
	mp->peer_max_region = h->max_region;
	if (mp->log2_run == 0)
		return memif_fail(mp, "Invalid ring size", "server %s allows rings of 2^0 slots",
				  mp->peer_name);
	if (mp->log2_run < mp->log2_rsize)
		MEMIF_LOG(NOTICE, "%s: server %s allows rings of 2^%u slots at most: using that, "
			  "not rsize=%u\n", data->name, mp->peer_name, mp->log2_run, mp->log2_rsize);
	mp->state = MEMIF_CC_SETUP;
	ret = memif_client_regions_create(mp);
	if (ret == 0)
		ret = memif_client_plan(mp);
	if (ret)
		return memif_fail(mp, "Client out of memory", "cannot set up the shared memory "
				  "(%s)", strerror(-ret));
	memif_client_send_next(mp);
	return 0;
}

static int
memif_client_msg(struct memif_port *mp, const struct memif_msg *msg)
{
	if (mp->state == MEMIF_CC_WAIT_HELLO && msg->type == MEMIF_MSG_HELLO)
		return memif_client_hello(mp, &msg->hello);
	if (mp->state == MEMIF_CC_SETUP && msg->type == MEMIF_MSG_ACK)
		return memif_client_send_next(mp);
	if (mp->state == MEMIF_CC_SETUP && msg->type == MEMIF_MSG_CONNECTED &&
	    mp->out_next == mp->out_n)
		return memif_connected(mp, &msg->connect);
	return memif_fail(mp, "Unexpected message", "the peer sent message type %u out of turn "
			  "(state %d): it does not follow memif 2.0", msg->type, mp->state);
}

/* ---- both ------------------------------------------------------------------ */

/* Read one message and the descriptors passed with it. @return its size, 0 at EOF, or -errno. */
static ssize_t
memif_recv(int fd, struct memif_msg *msg, int fds[MEMIF_MAX_FDS])
{
	union {
		char buf[CMSG_SPACE(MEMIF_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	unsigned int nfd = 0;
	ssize_t n;

	memset(msg, 0, sizeof(*msg));
	n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (nfd < MEMIF_MAX_FDS)
				fds[nfd++] = f;
			else
				close(f);
		}
	}
	if (mh.msg_flags & MSG_TRUNC)
		return (ssize_t)sizeof(*msg) + 1; /* longer than any memif message */
	return n;
}

int
memif_msg_handle(struct memif_port *mp, const struct memif_msg *msg, size_t len,
		 int fds[MEMIF_MAX_FDS])
{
	if (len != sizeof(*msg))
		return memif_fail(mp, "Invalid message size", "the peer sent a %zu-byte control "
				  "message, memif's are %zu: it does not speak memif 2.0", len,
				  sizeof(*msg));
	if (msg->type == MEMIF_MSG_DISCONNECT) {
		char why[MEMIF_DISC_SZ + 1] = { 0 };

		memcpy(why, msg->disconnect.string, MEMIF_DISC_SZ);
		MEMIF_LOG(NOTICE, "%s: the memif peer disconnected: %s\n", mp->dev->data->name,
			  why[0] ? why : "(no reason given)");
		memif_disconnect(mp, NULL);
		return 0;
	}
	return mp->server ? memif_server_msg(mp, msg, &fds[0]) : memif_client_msg(mp, msg);
}

static void
memif_cc_handler(int fd, void *arg)
{
	struct memif_port *mp = arg;
	int fds[MEMIF_MAX_FDS] = { -1, -1, -1, -1 };
	struct memif_msg msg;
	ssize_t n = memif_recv(fd, &msg, fds);

	if (n == 0 || n == -ECONNRESET) {
		MEMIF_LOG(NOTICE, "%s: the memif peer %s closed the connection\n",
			  mp->dev->data->name, mp->peer_name[0] ? mp->peer_name : "(unnamed)");
		memif_disconnect(mp, NULL);
	} else if (n == -EAGAIN || n == -EINTR) {
		/* spurious wake-up: nothing to read */
	} else if (n < 0) {
		memif_fail(mp, NULL, "reading the control socket: %s", strerror((int)-n));
	} else {
		memif_msg_handle(mp, &msg, (size_t)n, fds);
	}
	for (unsigned int i = 0; i < MEMIF_MAX_FDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static int
memif_cc_attach(struct memif_port *mp, int fd, enum memif_cc_state state)
{
	int ret;

	mp->cc_fd = fd;
	mp->state = state;
	mp->peer_name[0] = '\0';
	mp->peer_if[0] = '\0';
	ret = fpk_intr_source_add(fd, 0, memif_cc_handler, mp, &mp->cc_id);
	if (ret) {
		MEMIF_LOG(ERR, "%s: cannot watch the memif control socket: %s\n",
			  mp->dev->data->name, strerror(-ret));
		close(fd);
		mp->cc_fd = -1;
		mp->state = MEMIF_CC_NONE;
	}
	return ret;
}

static void
memif_listen_handler(int lfd, void *arg)
{
	struct memif_port *mp = arg;
	struct memif_msg hello = { .type = MEMIF_MSG_HELLO };
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	if (mp->cc_fd >= 0) {
		MEMIF_LOG(WARNING, "%s: a second memif peer on %s%s refused: this port has one\n",
			  mp->dev->data->name, memif_sock_desc(mp), mp->socket);
		memif_send_disconnect(fd, "Already connected");
		close(fd);
		return;
	}
	if (memif_cc_attach(mp, fd, MEMIF_CC_WAIT_INIT))
		return;
	snprintf((char *)hello.hello.name, sizeof(hello.hello.name), "FPK");
	hello.hello.min_version = MEMIF_VERSION;
	hello.hello.max_version = MEMIF_VERSION;
	hello.hello.max_region = MEMIF_MAX_REGIONS - 1;
	/* This server's limits: its queue counts and rsize=. */
	hello.hello.max_c2s_ring = (uint16_t)(FPK_MAX(mp->dev->data->nb_rx_queues, 1) - 1);
	hello.hello.max_s2c_ring = (uint16_t)(FPK_MAX(mp->dev->data->nb_tx_queues, 1) - 1);
	hello.hello.max_log2_ring_size = mp->log2_rsize;
	if (memif_send(fd, &hello, -1))
		memif_disconnect(mp, NULL);
}

int
memif_listen(struct memif_port *mp)
{
	const char *name = mp->dev->data->name;
	struct sockaddr_un sun;
	socklen_t len = memif_sockaddr(mp, &sun);
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, len) < 0 || listen(fd, MEMIF_LISTEN_BACKLOG) < 0) {
		ret = -errno;
		MEMIF_LOG(ERR, "%s: cannot listen on memif %s%s: %s: %s\n", name,
			  memif_sock_desc(mp), mp->socket, strerror(-ret),
			  ret == -EADDRINUSE ? "another server holds it (or a stale file is left: "
			  "remove it), or give this port another socket=" :
			  "check that the directory exists and is writable, or give another socket=");
		close(fd);
		return ret;
	}
	ret = fpk_intr_source_add(fd, 0, memif_listen_handler, mp, &mp->listen_id);
	if (ret) {
		close(fd);
		if (!mp->abstract)
			unlink(mp->socket);
		return ret;
	}
	mp->listen_fd = fd;
	return 0;
}

void
memif_unlisten(struct memif_port *mp)
{
	if (mp->listen_fd < 0)
		return;
	fpk_intr_source_remove(mp->listen_id);
	close(mp->listen_fd);
	mp->listen_fd = -1;
	if (!mp->abstract)
		unlink(mp->socket);
}

int
memif_client_connect(struct memif_port *mp)
{
	struct sockaddr_un sun;
	socklen_t len = memif_sockaddr(mp, &sun);
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, len) < 0) {
		ret = -errno;
		MEMIF_LOG(ERR, "%s: cannot connect to memif %s%s: %s: start the server (role=server) "
			  "first, with the same socket= and socket-abstract=\n", mp->dev->data->name,
			  memif_sock_desc(mp), mp->socket, strerror(-ret));
		close(fd);
		return ret;
	}
	return memif_cc_attach(mp, fd, MEMIF_CC_WAIT_HELLO);
}

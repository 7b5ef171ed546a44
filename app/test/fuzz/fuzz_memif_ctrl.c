/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: net_memif's control channel (drivers/net/memif), the
 * messages a peer sends and the descriptors it passes with them, in both
 * roles. Two live net_memif ports, a server and a client, each with two
 * queue pairs; an input plays the peer of one of them through
 * memif_msg_handle(), what the port's interrupt handler runs on every
 * message, on a socketpair standing in for the unix socket.
 *
 * Input: byte 0, bit 0: 0 plays a client to the server port, 1 a server to
 * the client port. Then records, each:
 *   1 byte    bits 0-2: descriptors passed: 0 none, 1 a memfd, 2 an
 *             eventfd, 3 a socket a write to blocks, 4 a memfd and an
 *             eventfd, 5 the memfd twice; bit 3: a message of the length
 *             in the next byte (else the 128 bytes memif's are); bit 4: the
 *             memfd is filled with the ring cookie (its rings then pass the
 *             cookie check); bit 5: the memfd is not sealed against
 *             shrinking (as memif peers seal theirs)
 *   [1 byte]  the message's length (bit 3)
 *   [2 bytes] the memfd's size in 16-byte units, little-endian (memfds)
 *   the message's bytes (as on the wire: type, then the body), zeros where
 *   the input ends
 * corpus/memif_ctrl/ holds whole handshakes of both roles.
 *
 * After every message: a message the port refused (-EPROTO) must have
 * ended the connection with a DISCONNECT naming the cause sent to the
 * peer; a port without connection holds no region, ring or mapping and its
 * link is down; a connected one has its link up and every negotiated
 * queue on a ring. A connected port's queues each get one rx and one tx
 * burst, on rings the fuzzer fills as the peer would (peer_publish()) with
 * descriptors of whatever the peer's memory holds. When the port drops the
 * connection the next record starts a new one, as a new peer would: the
 * port must take it. At the end of an input every descriptor and mbuf must
 * be back (a leak of either fails).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fpk_bus_vdev.h>
#include <fpk_eal.h>
#include <fpk_ethdev.h>
#include <fpk_intr.h>
#include <fpk_mbuf.h>

#include "memif_internal.h"

#include "fuzz.h"

#define NB_QUEUES 2
#define MAX_MEMFD (1u << 20)
#define NB_MBUF 256

#define MAX_HELD 64

enum { FD_NONE, FD_MEMFD, FD_EVENTFD, FD_BLOCKING, FD_MEMFD_EVENTFD, FD_MEMFD_TWICE };
#define REC_FDS 0x07
#define REC_LEN 0x08
#define REC_COOKIES 0x10
#define REC_NOSEAL 0x20

struct side {
	const char *name;
	uint16_t port;
	struct memif_port *mp;
	int peer;  /* the fuzzer's end of the control connection */
};

static struct side sides[2] = { { .name = "net_memif_fs" }, { .name = "net_memif_fc" } };
static struct fpk_mempool *pool;
static int base_fds;

/* Open descriptors but pipes (none is memif's); with @list, what each is, into @list. */
static int
fd_count(char *list, size_t size)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		fuzz_fail("memif ctrl: cannot list /proc/self/fd: %s", strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char path[300], to[128];
		ssize_t len;
		size_t used;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		len = readlink(path, to, sizeof(to) - 1);
		to[len > 0 ? len : 0] = '\0';
		/* libFuzzer's symbolizer, started when it first reports a function, talks over pipes. */
		if (strncmp(to, "pipe:", 5) == 0)
			continue;
		n++;
		if (list == NULL)
			continue;
		used = strlen(list);
		snprintf(list + used, size - used, " %s=%s", e->d_name, to);
	}
	closedir(d);
	return n;
}

static void
port_make(struct side *s, const char *args)
{
	struct fpk_eth_conf conf = { 0 };
	struct fpk_eth_dev *dev;

	if (fpk_vdev_create(s->name, args) != 0 || fpk_eth_dev_get_port_by_name(s->name, &s->port))
		fuzz_fail("memif ctrl: cannot create %s (%s): %s", s->name, args,
			  strerror(fpk_errno));
	if (fpk_eth_dev_configure(s->port, NB_QUEUES, NB_QUEUES, &conf) != 0)
		fuzz_fail("memif ctrl: cannot configure %s", s->name);
	for (uint16_t q = 0; q < NB_QUEUES; q++)
		if (fpk_eth_rx_queue_setup(s->port, q, 64, FPK_SOCKET_ID_ANY, NULL, pool) != 0 ||
		    fpk_eth_tx_queue_setup(s->port, q, 64, FPK_SOCKET_ID_ANY, NULL) != 0)
			fuzz_fail("memif ctrl: cannot set up queue %u of %s", q, s->name);
	dev = fpk_eth_dev_get_by_name(s->name);
	s->mp = dev->data->dev_private;
	s->peer = -1;
}

/*
 * The EAL, and the two ports. The server is started (it takes peers only
 * then); the client is not, since starting it connects: the fuzzer hands
 * it its connection instead. No socket of either is reachable from outside
 * (abstract names of this process).
 */
static void
memif_start(void)
{
	char lcores[32], prefix[64], args[160];
	/* No --no-pci: the PCI bus (which owns that option) is not linked in. */
	char *argv[] = {
		"fuzz_memif_ctrl", "--no-huge", "--in-memory", "-l", lcores,
		"--file-prefix", prefix, NULL,
	};

	snprintf(lcores, sizeof(lcores), "0@%d", fuzz_first_cpu());
	snprintf(prefix, sizeof(prefix), "fuzz-memif-%d", (int)getpid());
	if (fpk_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0)
		fuzz_fail("memif ctrl: cannot start the EAL: %s", strerror(fpk_errno));
	fuzz_log_quiet();
	/* No cache: the pool's count is exact after every input. */
	pool = fpk_pktmbuf_pool_create("fuzz_memif", NB_MBUF, 0, 0, 2048 + FPK_PKTMBUF_HEADROOM,
				       FPK_SOCKET_ID_ANY);
	if (pool == NULL)
		fuzz_fail("memif ctrl: cannot create the mbuf pool: %s", strerror(fpk_errno));
	/* Small rings and buffers: a client's region is some kilobytes. */
	snprintf(args, sizeof(args), "role=server,id=7,secret=fuzz,rsize=4,socket=fuzz-memif-s-%d",
		 (int)getpid());
	port_make(&sides[0], args);
	if (fpk_eth_dev_start(sides[0].port) != 0)
		fuzz_fail("memif ctrl: cannot start the server port");
	snprintf(args, sizeof(args), "role=client,id=7,secret=fuzz,rsize=4,bsize=128,"
		 "socket=fuzz-memif-c-%d", (int)getpid());
	port_make(&sides[1], args);
	sides[1].mp->started = true;
	fuzz_log_quiet();
	base_fds = fd_count(NULL, 0);
}

/* A new peer on @s's port, as accept() or connect() would give it. */
static void
conn_open(struct side *s)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
		fuzz_fail("memif ctrl: socketpair: %s", strerror(errno));
	s->peer = sv[1];
	fpk_intr_lock();
	s->mp->cc_fd = sv[0];
	s->mp->cc_id = UINT64_MAX; /* no interrupt source: the fuzzer calls the handler */
	s->mp->state = s->mp->server ? MEMIF_CC_WAIT_INIT : MEMIF_CC_WAIT_HELLO;
	s->mp->peer_name[0] = '\0';
	s->mp->peer_if[0] = '\0';
	fpk_intr_unlock();
}

/* Read what the port said; @return whether it said DISCONNECT with a reason. */
static bool
conn_drain(struct side *s)
{
	bool disc = false;

	for (;;) {
		union {
			char buf[CMSG_SPACE(MEMIF_MAX_FDS * sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct memif_msg msg;
		struct iovec iov = { .iov_base = &msg, .iov_len = sizeof(msg) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			.msg_controllen = sizeof(ctl.buf),
		};
		ssize_t n = recvmsg(s->peer, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (n <= 0)
			return disc;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
			for (size_t i = 0; c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
			     i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
				int f;

				memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
				close(f);
			}
		if (n != (ssize_t)sizeof(msg))
			fuzz_fail("memif ctrl: the port sent a %zd-byte message", n);
		if (msg.type == MEMIF_MSG_DISCONNECT)
			disc = msg.disconnect.string[0] != '\0';
	}
}

static void
conn_close(struct side *s)
{
	fpk_intr_lock();
	memif_disconnect(s->mp, NULL);
	fpk_intr_unlock();
	conn_drain(s);
	close(s->peer);
	s->peer = -1;
}

static int
memfd_make(uint32_t size, bool cookies, bool seal)
{
	int fd = memfd_create("fuzz-memif", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0 || ftruncate(fd, size) != 0 ||
	    (seal && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) != 0))
		fuzz_fail("memif ctrl: memfd of %u bytes: %s", size, strerror(errno));
	if (cookies && size >= sizeof(uint32_t)) {
		uint32_t *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED)
			fuzz_fail("memif ctrl: mmap of a memfd: %s", strerror(errno));
		for (size_t i = 0; i < size / sizeof(uint32_t); i++)
			p[i] = MEMIF_COOKIE;
		munmap(p, size);
	}
	return fd;
}

/*
 * The sending end of a unix datagram socket whose queue is full: a write
 * to it blocks. Its other end stays open (in @held) until the input ends,
 * or writes would fail at once instead.
 */
static int
sock_full(int *held, unsigned int *nheld)
{
	static const char junk[8];
	int sv[2];

	if (*nheld == MAX_HELD)
		return -1;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
		fuzz_fail("memif ctrl: socketpair: %s", strerror(errno));
	while (write(sv[0], junk, sizeof(junk)) > 0)
		;
	/* Blocking again, as a peer may pass it. */
	fcntl(sv[0], F_SETFL, 0);
	held[(*nheld)++] = sv[1];
	return sv[0];
}

/* Whether queue @q of @s's port is on a ring. */
static bool
queue_live(const struct side *s, bool rx, unsigned int q)
{
	struct fpk_eth_dev *dev = s->mp->dev;
	const struct memif_queue *mq = rx ? dev->data->rx_queues[q] : dev->data->tx_queues[q];

	return __atomic_load_n(&mq->ring, __ATOMIC_ACQUIRE) != NULL;
}

/*
 * Play the peer's part on the rings of a connection: publish a whole ring
 * of work each way. Towards a server, buffers of 64 bytes at the end of
 * region 0 to send into, and descriptors to receive as they are (whatever
 * the region holds); towards a client, every slot it handed out filled
 * and every one it sent consumed.
 */
static void
peer_publish(struct side *s)
{
	struct fpk_eth_dev_data *data = s->mp->dev->data;
	const struct memif_region *r0 = &s->mp->regions[0];

	for (unsigned int q = 0; q < NB_QUEUES; q++)
		for (unsigned int rx = 0; rx < 2; rx++) {
			struct memif_queue *mq = rx ? data->rx_queues[q] : data->tx_queues[q];
			struct memif_ring *ring = mq->ring;
			uint16_t size = (uint16_t)(mq->mask + 1);

			if (ring == NULL)
				continue;
			if (!s->mp->server) {
				__atomic_store_n(&ring->tail, ring->head, __ATOMIC_RELEASE);
				continue;
			}
			for (unsigned int j = 0; !rx && j < size && r0->size >= 64; j++) {
				ring->desc[j].flags = 0;
				ring->desc[j].region = 0;
				ring->desc[j].length = 64;
				ring->desc[j].offset = (uint32_t)FPK_MIN(r0->size - 64, UINT32_MAX);
			}
			__atomic_store_n(&ring->head, (uint16_t)(ring->tail + size), __ATOMIC_RELEASE);
		}
}

/* The checks after each message, and one burst each way when connected. */
static void
check_state(struct side *s, int ret, bool disc)
{
	const struct memif_port *mp = s->mp;
	/* C2S rings are a server's rx queues, a client's tx queues. */
	unsigned int n_rx = mp->server ? mp->n_c2s : mp->n_s2c;
	unsigned int n_tx = mp->server ? mp->n_s2c : mp->n_c2s;
	struct fpk_eth_link link;

	if (ret != 0 && ret != -EPROTO)
		fuzz_fail("memif ctrl: the handler returned %d", ret);
	if (ret == -EPROTO && (mp->state != MEMIF_CC_NONE || !disc))
		fuzz_fail("memif ctrl: a refused message left state %d, %s DISCONNECT with a reason",
			  mp->state, disc ? "a" : "no");
	if ((mp->state == MEMIF_CC_NONE) != (mp->cc_fd < 0))
		fuzz_fail("memif ctrl: state %d with control fd %d", mp->state, mp->cc_fd);
	if (mp->nregions > MEMIF_MAX_REGIONS || n_rx > NB_QUEUES || n_tx > NB_QUEUES)
		fuzz_fail("memif ctrl: %u regions, %u rx and %u tx rings on a port of %u queues",
			  mp->nregions, n_rx, n_tx, NB_QUEUES);
	fpk_eth_link_get_nowait(s->port, &link);
	if ((mp->state == MEMIF_CC_CONNECTED) != (link.link_status != 0))
		fuzz_fail("memif ctrl: link %s in state %d", link.link_status ? "up" : "down",
			  mp->state);
	if (mp->state == MEMIF_CC_NONE && (mp->nregions || mp->n_c2s || mp->n_s2c || mp->out))
		fuzz_fail("memif ctrl: no connection, yet %u regions, %u+%u rings, a plan %p",
			  mp->nregions, mp->n_c2s, mp->n_s2c, (void *)mp->out);
	for (unsigned int q = 0; q < NB_QUEUES; q++) {
		bool want = mp->state == MEMIF_CC_CONNECTED;

		if (queue_live(s, true, q) != (want && q < n_rx) ||
		    queue_live(s, false, q) != (want && q < n_tx))
			fuzz_fail("memif ctrl: queue %u on a ring or not against state %d (%u rx, %u "
				  "tx rings)", q, mp->state, n_rx, n_tx);
	}
	if (mp->state != MEMIF_CC_CONNECTED)
		return;
	peer_publish(s);
	for (uint16_t q = 0; q < NB_QUEUES; q++) {
		struct fpk_mbuf *pkts[32];
		uint16_t n = fpk_eth_rx_burst(s->port, q, pkts, 32);

		fpk_pktmbuf_free_bulk(pkts, n);
		pkts[0] = fpk_pktmbuf_alloc(pool);
		if (pkts[0] == NULL || fpk_pktmbuf_append(pkts[0], 100) == NULL)
			fuzz_fail("memif ctrl: no mbuf for tx");
		memset(fpk_pktmbuf_mtod(pkts[0], void *), 0x5a, 100);
		if (fpk_eth_tx_burst(s->port, q, pkts, 1) == 0)
			fpk_pktmbuf_free(pkts[0]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	int held[MAX_HELD];
	unsigned int nheld = 0;
	struct side *s;
	size_t at = 1;

	if (!started) {
		memif_start();
		started = true;
	}
	if (size == 0)
		return 0;
	s = &sides[data[0] & 1];
	conn_open(s);
	while (at < size) {
		uint8_t h = data[at++];
		struct memif_msg msg = { 0 };
		int fds[MEMIF_MAX_FDS] = { -1, -1, -1, -1 };
		size_t len = sizeof(msg), take;
		uint32_t memsz = 0;
		int kind = h & REC_FDS, ret;

		if ((h & REC_LEN) && at < size)
			len = data[at++];
		if (kind == FD_MEMFD || kind == FD_MEMFD_EVENTFD || kind == FD_MEMFD_TWICE) {
			uint16_t u = 0;

			for (unsigned int i = 0; i < 2 && at < size; i++)
				u |= (uint16_t)(data[at++] << (8 * i));
			memsz = FPK_MIN((uint32_t)u * 16, MAX_MEMFD);
			fds[0] = memfd_make(memsz, h & REC_COOKIES, !(h & REC_NOSEAL));
		}
		if (kind == FD_EVENTFD || kind == FD_MEMFD_EVENTFD)
			fds[kind == FD_EVENTFD ? 0 : 1] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (kind == FD_BLOCKING)
			fds[0] = sock_full(held, &nheld);
		if (kind == FD_MEMFD_TWICE)
			fds[1] = dup(fds[0]);
		/* A message longer than memif's comes out of the socket cut to 128 bytes. */
		take = FPK_MIN(FPK_MIN(len, sizeof(msg)), size - at);
		memcpy(&msg, data + at, take);
		at += take;
		fpk_intr_lock();
		ret = memif_msg_handle(s->mp, &msg, len, fds);
		fpk_intr_unlock();
		for (unsigned int i = 0; i < MEMIF_MAX_FDS; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		check_state(s, ret, conn_drain(s));
		if (s->mp->state == MEMIF_CC_NONE) {
			close(s->peer);
			conn_open(s);
		}
	}
	conn_close(s);
	while (nheld > 0)
		close(held[--nheld]);
	if (fd_count(NULL, 0) != base_fds) {
		char list[2048] = "";

		fuzz_fail("memif ctrl: %d descriptors open after the input, %d before:%s",
			  fd_count(list, sizeof(list)), base_fds, list);
	}
	if (fpk_mempool_avail_count(pool) != NB_MBUF)
		fuzz_fail("memif ctrl: %u of %u mbufs not back in the pool",
			  NB_MBUF - fpk_mempool_avail_count(pool), NB_MBUF);
	return 0;
}

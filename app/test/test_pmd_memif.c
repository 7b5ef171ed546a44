/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test of net_memif with both ends in this process: a server port and a
 * client port on an abstract socket named after the process, exchanging
 * packets byte for byte both ways, packets spread over several memif
 * buffers, the ring size the two ends settle on, and peers that misbehave:
 * a wrong secret, a control message of the wrong size, a client that
 * vanishes in the middle of the handshake, rings larger than the server
 * allows, regions their memfd does not hold, a server that goes away while
 * the client sends; and a zero-copy client (its mbufs are the buffers)
 * with a copying server, which needs hugepages (--no-huge refuses it),
 * and memory it cannot share.
 * Interop with DPDK's testpmd is in app/testpmd's tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fpk_bus_vdev.h>
#include <fpk_cycles.h>
#include <fpk_eal.h>
#include <fpk_log.h>
#include <fpk_memory.h>

#include "test_ethdev.h"

#define WAIT_MS 3000
#define MSG_SZ 128          /* every memif control message (memif.h) */
#define MSG_HELLO 2
#define MSG_INIT 3
#define MSG_ADD_REGION 4
#define MSG_ADD_RING 5
#define MSG_CONNECT 6
#define MSG_CONNECTED 7
#define MSG_DISCONNECT 8

static char sock_name[64];
static char srv_args[160];
static char cli_args[160];

static void
args_set(const char *srv_extra, const char *cli_extra)
{
	snprintf(sock_name, sizeof(sock_name), "fpk-test-memif-%d", (int)getpid());
	snprintf(srv_args, sizeof(srv_args), "role=server,socket=%s%s", sock_name, srv_extra);
	snprintf(cli_args, sizeof(cli_args), "role=client,socket=%s%s", sock_name, cli_extra);
}

/* Until @port's link is @up, at most WAIT_MS. */
static bool
link_wait(uint16_t port, bool up)
{
	struct fpk_eth_link link;

	for (unsigned int ms = 0; ms < WAIT_MS; ms += 10) {
		if (fpk_eth_link_get_nowait(port, &link) == 0 && (link.link_status != 0) == up)
			return true;
		fpk_delay_ms_sleep(10);
	}
	return false;
}

/* A started server and client, connected. */
static int
pair_up(struct fpk_mempool *mp, uint16_t *srv, uint16_t *cli)
{
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(*srv, 1, 1, NULL, mp), "start server");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_c0", cli_args, cli), "client");
	TEST_ASSERT_SUCCESS(test_eth_port_start(*cli, 1, 1, NULL, mp), "start client");
	TEST_ASSERT(link_wait(*srv, true), "server link not up within %u ms", WAIT_MS);
	TEST_ASSERT(link_wait(*cli, true), "client link not up within %u ms", WAIT_MS);
	return TEST_SUCCESS;
}

/* Send @n packets of @len bytes from @from and check they reach @to whole and in order. */
static int
send_check(struct fpk_mempool *mp, uint16_t from, uint16_t to, unsigned int n, uint16_t len,
	   uint8_t seed)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	unsigned int got = 0;

	TEST_ASSERT(n <= TEST_ETH_BURST, "burst");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, n, len, seed), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(from, 0, pkts, (uint16_t)n), n, "tx %u of %u", n, n);
	for (unsigned int ms = 0; got < n && ms < WAIT_MS; ms++) {
		got += fpk_eth_rx_burst(to, 0, pkts + got, (uint16_t)(n - got));
		if (got < n)
			fpk_delay_ms_sleep(1);
	}
	TEST_ASSERT_EQUAL(got, n, "received %u of %u", got, n);
	for (unsigned int i = 0; i < n; i++)
		TEST_ASSERT(test_eth_pkt_ok(pkts[i], i, len, seed), "packet %u", i);
	fpk_pktmbuf_free_bulk(pkts, n);
	return TEST_SUCCESS;
}

static int
pair_down(void)
{
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_c0"), "remove client");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_s0"), "remove server");
	return TEST_SUCCESS;
}

static int
test_exchange(struct fpk_mempool *mp)
{
	struct fpk_eth_stats st;
	uint16_t srv, cli;

	args_set("", "");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair");
	TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 32, 300, 1), "client to server");
	TEST_ASSERT_SUCCESS(send_check(mp, srv, cli, 32, 1514, 2), "server to client");
	TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 1, 60, 3), "one more");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(srv, &st), "stats");
	TEST_ASSERT(st.ipackets == 33 && st.opackets == 32 && st.ibytes == 32 * 300 + 60,
		    "server stats %lu/%lu/%lu", (unsigned long)st.ipackets,
		    (unsigned long)st.opackets, (unsigned long)st.ibytes);
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_exchange, test_exchange)

/* Buffers of 256 bytes: a 1000-byte packet takes 4 descriptors each way. */
static int
test_multi_buffer(struct fpk_mempool *mp)
{
	uint16_t srv, cli;

	args_set("", ",bsize=256");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair");
	for (unsigned int round = 0; round < 40; round++) {
		TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 16, 1000, (uint8_t)round), "c2s");
		TEST_ASSERT_SUCCESS(send_check(mp, srv, cli, 16, 1000, (uint8_t)round), "s2c");
	}
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_multi_buffer, test_multi_buffer)

/* How many of @n packets one tx burst of @port takes into an empty ring. */
static unsigned int
ring_room(struct fpk_mempool *mp, uint16_t port, unsigned int n)
{
	struct fpk_mbuf *pkts[256];
	unsigned int sent;

	if (n > FPK_DIM(pkts) || test_eth_pkts_make(mp, pkts, n, 64, 0) != 0)
		return 0;
	sent = fpk_eth_tx_burst(port, 0, pkts, (uint16_t)n);
	fpk_pktmbuf_free_bulk(pkts + sent, n - sent);
	return sent;
}

/* The client proposes, the server's limit decides: 2^10 against 2^6 gives 2^6. */
static int
test_ring_size(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[TEST_ETH_BURST];
	uint16_t srv, cli;
	unsigned int room, got = 0;

	args_set(",rsize=6", ",rsize=10");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair");
	room = ring_room(mp, cli, 100);
	TEST_ASSERT_EQUAL(room, 64u, "client to server ring takes %u, want 2^6", room);
	for (unsigned int ms = 0; got < 64 && ms < WAIT_MS; ms++) {
		uint16_t n = fpk_eth_rx_burst(srv, 0, pkts, TEST_ETH_BURST);

		fpk_pktmbuf_free_bulk(pkts, n);
		got += n;
	}
	TEST_ASSERT_EQUAL(got, 64u, "server got %u of 64", got);
	TEST_ASSERT_SUCCESS(pair_down(), "down");

	/* A client asking less than the server allows gets what it asked. */
	args_set(",rsize=10", ",rsize=4");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair 2");
	room = ring_room(mp, cli, 100);
	TEST_ASSERT_EQUAL(room, 16u, "client to server ring takes %u, want 2^4", room);
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_ring_size, test_ring_size)

static int
test_wrong_secret(struct fpk_mempool *mp)
{
	uint16_t srv, cli;

	args_set(",secret=open sesame", ",secret=open barley");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, &srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(srv, 1, 1, NULL, mp), "start server");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_c0", cli_args, &cli), "client");
	TEST_ASSERT_SUCCESS(test_eth_port_start(cli, 1, 1, NULL, mp), "start client");
	TEST_ASSERT(!link_wait(srv, true), "server accepted the wrong secret");
	TEST_ASSERT(!link_wait(cli, true), "client connected with the wrong secret");
	TEST_ASSERT_EQUAL(ring_room(mp, cli, 8), 0u, "a refused client sent");
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_wrong_secret, test_wrong_secret)

/* A raw peer on the server's socket; @return its fd, the HELLO read, or -1. */
static int
raw_client(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint8_t msg[MSG_SZ];
	size_t len = strlen(sock_name);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	memcpy(sun.sun_path + 1, sock_name, len);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) < 0 ||
	    recv(fd, msg, sizeof(msg), 0) != MSG_SZ || msg[0] != MSG_HELLO) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* What the server answers, NUL-terminated disconnect reason in @why; -1 if nothing. */
static int
raw_reply(int fd, char *why, size_t size)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint8_t msg[MSG_SZ];

	if (poll(&p, 1, WAIT_MS) != 1 || recv(fd, msg, sizeof(msg), 0) != MSG_SZ)
		return -1;
	snprintf(why, size, "%.*s", 96, (const char *)msg + 6);
	return msg[0];
}

/*
 * A malformed message gets a DISCONNECT naming it, then EOF; a client that
 * vanishes mid-handshake leaves the server as it was: the next one connects.
 */
static int
test_bad_peer(struct fpk_mempool *mp)
{
	uint8_t msg[MSG_SZ] = { MSG_INIT };
	char why[100], b;
	uint16_t srv, cli;
	int fd;

	args_set("", "");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, &srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(srv, 1, 1, NULL, mp), "start server");
	fd = raw_client();
	TEST_ASSERT(fd >= 0, "no HELLO from the server");
	TEST_ASSERT_EQUAL(send(fd, "short", 5, 0), 5, "send");
	TEST_ASSERT_EQUAL(raw_reply(fd, why, sizeof(why)), MSG_DISCONNECT, "no DISCONNECT");
	TEST_ASSERT(strcmp(why, "Invalid message size") == 0, "reason '%s'", why);
	TEST_ASSERT_EQUAL(recv(fd, &b, 1, 0), 0, "the server kept the connection");
	close(fd);

	/* An unknown type after a good INIT. */
	fd = raw_client();
	TEST_ASSERT(fd >= 0, "no HELLO for the second peer");
	msg[2] = 0; /* version 2.0, little-endian: 0x0200 */
	msg[3] = 2;
	TEST_ASSERT_EQUAL(send(fd, msg, sizeof(msg), 0), MSG_SZ, "send INIT");
	TEST_ASSERT_EQUAL(raw_reply(fd, why, sizeof(why)), 1, "INIT not acknowledged");
	msg[0] = 77;
	TEST_ASSERT_EQUAL(send(fd, msg, sizeof(msg), 0), MSG_SZ, "send junk");
	TEST_ASSERT_EQUAL(raw_reply(fd, why, sizeof(why)), MSG_DISCONNECT, "junk accepted");
	close(fd);

	/* Dies after INIT, with no word. */
	fd = raw_client();
	TEST_ASSERT(fd >= 0, "no HELLO for the third peer");
	msg[0] = MSG_INIT;
	TEST_ASSERT_EQUAL(send(fd, msg, sizeof(msg), 0), MSG_SZ, "send INIT");
	TEST_ASSERT_EQUAL(raw_reply(fd, why, sizeof(why)), 1, "INIT not acknowledged");
	close(fd);

	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_c0", cli_args, &cli), "client");
	TEST_ASSERT_SUCCESS(test_eth_port_start(cli, 1, 1, NULL, mp), "start client");
	TEST_ASSERT(link_wait(cli, true), "a good client cannot connect after bad ones");
	TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 8, 100, 9), "after bad peers");
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_bad_peer, test_bad_peer)

/*
 * Send a memif message of @type with @body at offset 2 and @fd (-1: none);
 * @return the reply type, its DISCONNECT reason in @why (NULL: not wanted).
 */
static int
raw_exchange_why(int sock, uint8_t type, const void *body, size_t len, int fd, char *why,
		 size_t why_size)
{
	uint8_t msg[MSG_SZ] = { type };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	char ignored[100];

	memcpy(msg + 2, body, len);
	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	if (sendmsg(sock, &mh, 0) != MSG_SZ)
		return -1;
	return why != NULL ? raw_reply(sock, why, why_size) : raw_reply(sock, ignored, sizeof(ignored));
}

static int
raw_exchange(int sock, uint8_t type, const void *body, size_t len, int fd)
{
	return raw_exchange_why(sock, type, body, len, fd, NULL, 0);
}

/* A region's memfd of @size bytes, sealed against shrinking as memif peers seal theirs. */
static int
raw_region(off_t size, bool seal)
{
	int fd = memfd_create("raw-memif", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd >= 0 && (ftruncate(fd, size) != 0 ||
			(seal && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) != 0))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Ring layout of memif.h: head at 6, tail at 64, descriptors of 16 bytes from 128. */
#define RING_LOG2 4
#define RING_BYTES (128 + (16 << RING_LOG2))
#define REGION_BYTES (2 * RING_BYTES + (2 << RING_LOG2) * 2048)

static void
raw_desc(uint8_t *ring, unsigned int slot, uint16_t region, uint32_t len, uint32_t off)
{
	uint8_t *d = ring + 128 + 16 * slot;

	memset(d, 0, 16);
	memcpy(d + 2, &region, 2);
	memcpy(d + 4, &len, 4);
	memcpy(d + 8, &off, 4);
}

/*
 * A hand-made client that completes the handshake, then publishes
 * descriptors pointing outside its memory and a head that lies: the server
 * drops those packets, counts them, delivers the good one, and never
 * reads or writes outside the region.
 */
static int
test_bad_descriptors(struct fpk_mempool *mp)
{
	uint8_t init[44] = { 0, 2 }, reg[10] = { 0 }, ring_msg[13] = { 0 }, name[4] = "raw";
	uint64_t size = REGION_BYTES;
	struct fpk_mbuf *pkts[8];
	struct fpk_eth_stats st;
	uint16_t srv, head;
	uint8_t *base;
	int sock, mfd, efd;
	uint32_t magic = 0x4d454d49, cookie = 0x3E31F20, off = 2 * RING_BYTES;

	args_set("", "");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, &srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(srv, 1, 1, NULL, mp), "start server");
	mfd = raw_region(REGION_BYTES, true);
	efd = eventfd(0, EFD_CLOEXEC);
	TEST_ASSERT(mfd >= 0 && efd >= 0, "memfd");
	base = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	TEST_ASSERT(base != MAP_FAILED, "mmap");
	memcpy(base, &cookie, 4);
	memcpy(base + RING_BYTES, &cookie, 4);
	sock = raw_client();
	TEST_ASSERT(sock >= 0, "no HELLO");
	TEST_ASSERT_EQUAL(raw_exchange(sock, MSG_INIT, init, sizeof(init), -1), 1, "INIT");
	memcpy(reg + 2, &size, 8);
	TEST_ASSERT_EQUAL(raw_exchange(sock, MSG_ADD_REGION, reg, sizeof(reg), mfd), 1, "REGION");
	for (uint16_t dir = 0; dir < 2; dir++) {
		uint16_t flags = dir == 0 ? 1 : 0;
		uint32_t roff = dir * RING_BYTES;

		memcpy(ring_msg, &flags, 2);
		memcpy(ring_msg + 6, &roff, 4);
		ring_msg[10] = RING_LOG2;
		TEST_ASSERT_EQUAL(raw_exchange(sock, MSG_ADD_RING, ring_msg, sizeof(ring_msg), efd),
				  1, "RING %u", dir);
	}
	TEST_ASSERT_EQUAL(raw_exchange(sock, MSG_CONNECT, name, sizeof(name), -1), MSG_CONNECTED,
			  "CONNECT");
	TEST_ASSERT(link_wait(srv, true), "server link not up");
	raw_desc(base, 0, 5, 64, off);                    /* a region the client never added */
	raw_desc(base, 1, 0, 64, REGION_BYTES - 10);      /* past the end of the region */
	raw_desc(base, 2, 0, 64, off);                    /* a good one */
	memcpy(base + off, &magic, 4);
	head = 3;
	__atomic_store_n((uint16_t *)(void *)(base + 6), head, __ATOMIC_RELEASE);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(srv, 0, pkts, 8), 1, "the good packet");
	TEST_ASSERT(pkts[0]->pkt_len == 64 &&
		    memcmp(fpk_pktmbuf_mtod(pkts[0], void *), &magic, 4) == 0, "its content");
	fpk_pktmbuf_free(pkts[0]);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(srv, &st), "stats");
	TEST_ASSERT_EQUAL(st.ierrors, 2u, "bad descriptors counted %lu", (unsigned long)st.ierrors);
	head = 3 + 1000;                                  /* more than a ring holds */
	__atomic_store_n((uint16_t *)(void *)(base + 6), head, __ATOMIC_RELEASE);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(srv, 0, pkts, 8), 0, "a lying head");
	close(sock);
	TEST_ASSERT(link_wait(srv, false), "server link still up after the peer left");
	munmap(base, REGION_BYTES);
	close(mfd);
	close(efd);
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_s0"), "remove server");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_memif_bad_descriptors, test_bad_descriptors)

/* The server's log, captured while bad peers come and go. */
static FILE *log_f;
static char *log_text;
static size_t log_len;

/* Until the log holds @text, at most WAIT_MS. */
static bool
log_wait(const char *text)
{
	for (unsigned int ms = 0; ms < WAIT_MS; ms += 10) {
		bool found;

		fflush(log_f);
		found = log_text != NULL && strstr(log_text, text) != NULL;
		if (found)
			return true;
		fpk_delay_ms_sleep(10);
	}
	return false;
}

enum bad_kind {
	BAD_SECRET, BAD_RING_SIZE, BAD_REGION_SIZE, BAD_REGION_UNSEALED, BAD_REGION_NO_FD,
	BAD_SHORT_MSG, BAD_DIES,
};

static const struct {
	enum bad_kind kind;
	const char *name;
	const char *reason;  /* the DISCONNECT's, NULL: the peer says nothing, gets nothing */
	const char *log;     /* in the server's log line */
} bad_cases[] = {
	{ BAD_SECRET, "wrong secret", "Incorrect secret", "the peer gave the wrong secret" },
	{ BAD_RING_SIZE, "ring of 2^11 slots", "Ring size exceeds the server's limit",
	  "rings of 2^11 slots, this server's limit is 2^10" },
	{ BAD_REGION_SIZE, "region larger than its memfd", "Region fd smaller than the region",
	  "with a file of 4096 bytes" },
	{ BAD_REGION_UNSEALED, "memfd not sealed", "Region fd not sealed", "add F_SEAL_SHRINK" },
	{ BAD_REGION_NO_FD, "region without its fd", "Missing region fd",
	  "without its memory file descriptor" },
	{ BAD_SHORT_MSG, "5-byte message", "Invalid message size", "a 5-byte control message" },
	{ BAD_DIES, "dies after ADD_REGION", NULL, "closed the connection" },
};

/* A raw client that goes wrong as @kind says; @return the server's last reply type. */
static int
bad_client(enum bad_kind kind, char *why, size_t size)
{
	uint8_t init[44] = { 0, 2 }, reg[10] = { 0 }, ring_msg[13] = { 0 };
	uint64_t rsize = kind == BAD_REGION_SIZE ? 8192 : 4096;
	int sock = raw_client(), mfd, efd, ret;

	if (sock < 0)
		return -1;
	memcpy(init + 7, kind == BAD_SECRET ? "open barley" : "open sesame", 11);
	ret = raw_exchange_why(sock, MSG_INIT, init, sizeof(init), -1, why, size);
	if (kind == BAD_SECRET || ret != 1)
		goto out;
	if (kind == BAD_SHORT_MSG) {
		ret = send(sock, "short", 5, 0) == 5 ? raw_reply(sock, why, size) : -1;
		goto out;
	}
	mfd = raw_region(4096, kind != BAD_REGION_UNSEALED);
	memcpy(reg + 2, &rsize, 8);
	ret = raw_exchange_why(sock, MSG_ADD_REGION, reg, sizeof(reg),
			       kind == BAD_REGION_NO_FD ? -1 : mfd, why, size);
	close(mfd);
	if (kind == BAD_DIES || ret != 1)
		goto out;
	ring_msg[0] = 1; /* C2S */
	ring_msg[10] = 11;
	efd = eventfd(0, EFD_CLOEXEC);
	ret = raw_exchange_why(sock, MSG_ADD_RING, ring_msg, sizeof(ring_msg), efd, why, size);
	close(efd);
out:
	close(sock);
	return ret;
}

/*
 * Each bad peer gets a DISCONNECT naming its fault (or, if it just goes,
 * nothing), the server logs the cause, and stays usable: a good client
 * connects afterwards and packets flow.
 */
static int
test_bad_peer_causes(struct fpk_mempool *mp)
{
	uint16_t srv, cli;
	int ret = TEST_SUCCESS;

	args_set(",secret=open sesame", ",secret=open sesame");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, &srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(srv, 1, 1, NULL, mp), "start server");
	log_f = open_memstream(&log_text, &log_len);
	TEST_ASSERT_NOT_NULL(log_f, "open_memstream");
	fpk_log_set_stream(log_f);
	for (unsigned int i = 0; i < FPK_DIM(bad_cases) && ret == TEST_SUCCESS; i++) {
		char why[100] = "";
		int reply = bad_client(bad_cases[i].kind, why, sizeof(why));
		bool logged = log_wait(bad_cases[i].log);

		if (bad_cases[i].reason != NULL && (reply != MSG_DISCONNECT ||
						    strcmp(why, bad_cases[i].reason) != 0)) {
			printf("    FAIL - %s: reply %d '%s', want DISCONNECT '%s'\n",
			       bad_cases[i].name, reply, why, bad_cases[i].reason);
			ret = TEST_FAILED;
		} else if (!logged) {
			printf("    FAIL - %s: the server's log lacks '%s'\n", bad_cases[i].name,
			       bad_cases[i].log);
			ret = TEST_FAILED;
		} else {
			printf("    ok - %s: disconnected, cause logged\n", bad_cases[i].name);
		}
	}
	fpk_log_set_stream(NULL);
	fclose(log_f);
	if (ret != TEST_SUCCESS)
		printf("    the log:\n%s", log_text ? log_text : "");
	free(log_text);
	log_text = NULL;
	TEST_ASSERT_SUCCESS(ret, "a bad peer was not refused as it should be");
	TEST_ASSERT(link_wait(srv, false), "server link up after bad peers");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_c0", cli_args, &cli), "client");
	TEST_ASSERT_SUCCESS(test_eth_port_start(cli, 1, 1, NULL, mp), "start client");
	TEST_ASSERT(link_wait(cli, true), "a good client cannot connect after bad ones");
	TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 8, 100, 4), "client to server");
	TEST_ASSERT_SUCCESS(send_check(mp, srv, cli, 8, 100, 5), "server to client");
	return pair_down();
}

TEST_ETH_REGISTER(pmd_memif_bad_peer_causes, test_bad_peer_causes)

/* The server goes while the client sends: link down, tx takes nothing, no crash. */
static int
test_peer_gone(struct fpk_mempool *mp)
{
	uint16_t srv, cli;

	args_set("", "");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair");
	TEST_ASSERT(ring_room(mp, cli, 8) == 8, "tx before");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_s0"), "remove server");
	TEST_ASSERT(link_wait(cli, false), "client link still up without a server");
	TEST_ASSERT_EQUAL(ring_room(mp, cli, 8), 0u, "tx into a gone peer");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(cli), "stop");
	TEST_ASSERT_EQUAL(fpk_eth_dev_start(cli), -ECONNREFUSED, "start without a server");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_c0"), "remove client");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_memif_peer_gone, test_peer_gone)

static int
test_args(struct fpk_mempool *mp)
{
	static const char *const bad[] = {
		"role=boss", "rsize=0", "rsize=15", "bsize=0", "bsize=65536", "id=4294967296",
		"socket-abstract=maybe", "secret=123456789012345678901234", "mac=01:02",
	};

	(void)mp;
	for (unsigned int i = 0; i < FPK_DIM(bad); i++)
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_memif_a0", bad[i]), -EINVAL, "'%s' accepted",
				  bad[i]);
	/* Zero-copy shares hugepage files: anonymous --no-huge memory has none to pass. */
	if (fpk_eal_has_hugepages()) {
		TEST_ASSERT_SUCCESS(fpk_vdev_create("net_memif_a0", "zero-copy=yes"), "zero-copy");
		TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_a0"), "remove zero-copy");
	} else {
		TEST_ASSERT_EQUAL(fpk_vdev_create("net_memif_a0", "zero-copy=yes"), -ENOTSUP,
				  "zero-copy=yes accepted under --no-huge");
	}
	TEST_ASSERT_EQUAL(fpk_vdev_create("net_memif_a0",
					  "role=server,socket-abstract=no,socket=/nonexistent/x.sock"),
			  -ENOENT, "a socket in a missing directory");
	TEST_ASSERT_SUCCESS(fpk_vdev_create("net_memif_a0", "zero-copy=no,id=7,mac=02:00:00:00:00:07"),
			    "good");
	TEST_ASSERT_SUCCESS(fpk_vdev_remove("net_memif_a0"), "remove");
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_memif_args, test_args)

/*
 * A zero-copy client with a copying server: packets byte for byte both
 * ways over rings that wrap many times (the client's rx mbufs hold 512
 * bytes: each 1514-byte packet comes as a chain of 3), a chained packet
 * sent a descriptor per segment, and every mbuf back in its pool once the
 * ports stop (those on the client's rings: handed out for rx, and sent
 * but never consumed).
 */
static int
test_zero_copy(struct fpk_mempool *mp)
{
	static const uint16_t cut[2] = { 250, 150 }; /* the tail, then the middle */
	struct fpk_mbuf *pkts[TEST_ETH_BURST], *seg[2];
	struct fpk_eth_stats st;
	unsigned int avail0 = fpk_mempool_avail_count(mp), got = 0;
	struct fpk_mempool *small;
	uint16_t srv, cli;

	if (!fpk_eal_has_hugepages())
		return fpk_test_skip("zero-copy shares hugepage memory, --no-huge has none "
				     "(pmd_memif_args checks the refusal)");
	small = fpk_pktmbuf_pool_create("memif_zc_small", 511, 32, 0,
					512 + FPK_PKTMBUF_HEADROOM, FPK_SOCKET_ID_ANY);
	TEST_ASSERT(small != NULL, "pool of small mbufs");
	/* zero-copy=yes on the server is ignored, as DPDK does: it copies. */
	args_set(",zero-copy=yes", ",zero-copy=yes,rsize=7");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_s0", srv_args, &srv), "server");
	TEST_ASSERT_SUCCESS(test_eth_port_start(srv, 1, 1, NULL, mp), "start server");
	TEST_ASSERT_SUCCESS(test_eth_vdev_port("net_memif_c0", cli_args, &cli), "client");
	TEST_ASSERT_SUCCESS(test_eth_port_start(cli, 1, 1, NULL, small), "start client");
	TEST_ASSERT(link_wait(srv, true), "server link not up within %u ms", WAIT_MS);
	TEST_ASSERT(link_wait(cli, true), "client link not up within %u ms", WAIT_MS);
	for (unsigned int round = 0; round < 20; round++) {
		TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 32, 300, (uint8_t)round), "c2s");
		TEST_ASSERT_SUCCESS(send_check(mp, srv, cli, 32, 1514, (uint8_t)round), "s2c");
	}
	/* One packet of three segments: 600 bytes as 200 + 150 + 250. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 1, 600, 42), "make");
	for (unsigned int k = 0; k < 2; k++) {
		seg[k] = fpk_pktmbuf_alloc(mp);
		TEST_ASSERT(seg[k] != NULL, "alloc");
		memcpy(fpk_pktmbuf_append(seg[k], cut[k]),
		       fpk_pktmbuf_mtod_offset(pkts[0], uint8_t *, pkts[0]->data_len - cut[k]), cut[k]);
		TEST_ASSERT_SUCCESS(fpk_pktmbuf_trim(pkts[0], cut[k]), "trim");
	}
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_chain(pkts[0], seg[1]), "chain");
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_chain(pkts[0], seg[0]), "chain");
	TEST_ASSERT_EQUAL(pkts[0]->nb_segs, 3, "segments %u", pkts[0]->nb_segs);
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(cli, 0, pkts, 1), 1, "tx chain");
	for (unsigned int ms = 0; got == 0 && ms < WAIT_MS; ms++) {
		got = fpk_eth_rx_burst(srv, 0, pkts, 1);
		if (got == 0)
			fpk_delay_ms_sleep(1);
	}
	TEST_ASSERT_EQUAL(got, 1u, "the chained packet did not arrive");
	TEST_ASSERT(test_eth_pkt_ok(pkts[0], 0, 600, 42), "chained packet");
	fpk_pktmbuf_free(pkts[0]);
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(cli, &st), "stats");
	TEST_ASSERT(st.opackets == 20 * 32 + 1 && st.ipackets == 20 * 32 && st.oerrors == 0 &&
		    st.ierrors == 0, "client stats out %lu in %lu errors %lu/%lu",
		    (unsigned long)st.opackets, (unsigned long)st.ipackets,
		    (unsigned long)st.oerrors, (unsigned long)st.ierrors);
	/* Sent, never received: the server holds them until the client stops. */
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(mp, pkts, 16, 64, 7), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(cli, 0, pkts, 16), 16, "tx unread");
	TEST_ASSERT(fpk_mempool_avail_count(small) < 511, "the rx ring holds no mbufs");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(cli), "stop client");
	TEST_ASSERT_SUCCESS(fpk_eth_dev_stop(srv), "stop server");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(mp), avail0,
			  "%u mbufs free after stop, %u before: zero-copy tx leaks",
			  fpk_mempool_avail_count(mp), avail0);
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(small), 511u,
			  "%u of 511 rx mbufs free after stop: zero-copy rx leaks",
			  fpk_mempool_avail_count(small));
	TEST_ASSERT_SUCCESS(pair_down(), "down");
	fpk_mempool_free(small);
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_memif_zero_copy, test_zero_copy)

/* A pool in EAL memory of its own; *@where: the start of its first mbuf's segment. */
static struct fpk_mempool *
late_pool(const char *name, void **where)
{
	struct fpk_mempool *p = fpk_pktmbuf_pool_create(name, 2047, 0, 0, FPK_MBUF_DEFAULT_BUF_SIZE,
							FPK_SOCKET_ID_ANY);
	struct fpk_mbuf *m = p != NULL ? fpk_pktmbuf_alloc(p) : NULL;
	const struct fpk_memseg *ms = m != NULL ? fpk_mem_virt2memseg(m) : NULL;

	*where = ms != NULL ? ms->addr : NULL;
	fpk_pktmbuf_free(m);
	return p;
}

/*
 * A zero-copy client shares the memory that exists at connect. When a
 * segment it shared is freed and the EAL makes a new one at its address,
 * an mbuf there is dropped (oerrors): the server still maps the old file
 * as that region, and would read stale bytes as the packet.
 */
static int
test_zero_copy_late_memory(struct fpk_mempool *mp)
{
	struct fpk_mbuf *pkts[8];
	struct fpk_mempool *late;
	struct fpk_eth_stats st;
	void *at1, *at2;
	uint16_t srv, cli;

	if (!fpk_eal_has_hugepages())
		return fpk_test_skip("zero-copy shares hugepage memory, --no-huge has none "
				     "(pmd_memif_args checks the refusal)");
	late = late_pool("memif_zc_early", &at1);
	TEST_ASSERT(late != NULL && at1 != NULL, "pool before the connection");
	args_set("", ",zero-copy=yes,rsize=7");
	TEST_ASSERT_SUCCESS(pair_up(mp, &srv, &cli), "pair");
	fpk_mempool_free(late);
	late = late_pool("memif_zc_late", &at2);
	TEST_ASSERT(late != NULL && at2 != NULL, "pool after it");
	printf("    the new pool's segment is %s the shared one was\n",
	       at1 == at2 ? "where" : "not where");
	TEST_ASSERT_SUCCESS(test_eth_pkts_make(late, pkts, 8, 100, 5), "make");
	TEST_ASSERT_EQUAL(fpk_eth_tx_burst(cli, 0, pkts, 8), 8, "tx takes and drops them");
	TEST_ASSERT_SUCCESS(fpk_eth_stats_get(cli, &st), "stats");
	TEST_ASSERT(st.opackets == 0 && st.oerrors == 8, "sent %lu, dropped %lu: want 0 and 8",
		    (unsigned long)st.opackets, (unsigned long)st.oerrors);
	fpk_delay_ms_sleep(50);
	TEST_ASSERT_EQUAL(fpk_eth_rx_burst(srv, 0, pkts, 8), 0, "the server got a packet");
	TEST_ASSERT_SUCCESS(send_check(mp, cli, srv, 8, 100, 6), "pool memory still goes");
	TEST_ASSERT_SUCCESS(pair_down(), "down");
	TEST_ASSERT_EQUAL(fpk_mempool_avail_count(late), 2047u, "late pool leaks");
	fpk_mempool_free(late);
	return TEST_SUCCESS;
}

TEST_ETH_REGISTER(pmd_memif_zero_copy_late_memory, test_zero_copy_late_memory)

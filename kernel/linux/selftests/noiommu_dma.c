// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_dma: real DMA between the guest's two e1000e on one QEMU hub,
 * programmed with pagemap PAs through the legacy group and with GET_PA PAs
 * through the cdev, compared byte for byte; and a receiver SIGKILLed in the
 * middle of a stream: no kernel warning, its pins released, the device
 * usable again.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "noiommu_fixture.h"
#include "e1000e_mini.h"

/* One NIC with one hugepage of DMA memory, through the cdev or the legacy group. */
struct dmactx {
	bool cdev;
	struct sess s;
	struct legacy l;
	struct nic n;
	uint8_t *mem;
};

static void dmactx_init(struct dmactx *c)
{
	memset(c, 0, sizeof(*c));
	c->s.iommufd = c->s.devfd = -1;
	c->l.container = c->l.group = c->l.devfd = -1;
}

static int dma_open(struct dmactx *c, int idx, bool cdev, char *why, size_t wl)
{
	struct nic_dma dma = { .mode = cdev ? PA_GETPA : PA_PAGEMAP, .iommufd = -1 };
	int r;

	dmactx_init(c);
	c->cdev = cdev;
	c->mem = huge_alloc(HUGE);
	if (!c->mem)
		return snprintf(why, wl, "no 2 MiB hugepage: %s", ename(errno)), -1;
	dma.mem = c->mem;
	if (!cdev) {
		if (legacy_open(&c->l, idx, why, wl))
			return -1;
		return nic_up(&c->n, idx, c->l.devfd, &dma, why, wl);
	}
	if (sess_open(&c->s, idx, true, why, wl))
		return -1;
	r = ioas_map(c->s.iommufd, c->s.ioas, c->mem, HUGE, IOVA_DMA);
	if (r)
		return snprintf(why, wl, "IOAS_MAP: %s", ename(r)), -1;
	dma.iommufd = c->s.iommufd;
	dma.ioas = c->s.ioas;
	dma.iova = IOVA_DMA;
	return nic_up(&c->n, idx, c->s.devfd, &dma, why, wl);
}

/* Orderly teardown: stop DMA, unmap BAR, unmap the IOAS (unpin), close. */
static void dma_close(struct dmactx *c)
{
	nic_unmap(&c->n);
	if (c->cdev) {
		if (c->s.iommufd >= 0)
			ioas_unmap(c->s.iommufd, c->s.ioas, 0, UINT64_MAX, NULL);
		if (c->s.devfd >= 0)
			dev_detach(c->s.devfd);
		sess_close(&c->s);
	} else {
		legacy_close(&c->l);
	}
	if (c->mem)
		munmap(c->mem, HUGE);
	c->mem = NULL;
}

static size_t make_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint32_t seq)
{
	size_t len = 60 + (seq * 97u) % (1514 - 60 + 1);

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x88;	/* local experimental EtherType 0x88b5 */
	f[13] = 0xb5;
	memcpy(f + 14, &seq, 4);
	for (size_t i = 18; i < len; i++)
		f[i] = (uint8_t)(seq * 31u + i * 7u + (i >> 8));
	return len;
}

/*
 * QEMU's hub queues frames for a NIC that cannot receive and delivers them
 * once its receiver is enabled again: frames left over from earlier tests
 * (other destination, or a sequence number outside this exchange) are not
 * this exchange's.
 */
static bool frame_is_ours(const uint8_t *got, int len, const struct nic *b, uint32_t seq0,
			  unsigned int count)
{
	uint32_t gseq;

	if (len < 18)
		return false;
	memcpy(&gseq, got + 14, 4);
	return !memcmp(got, b->mac, 6) && got[12] == 0x88 && got[13] == 0xb5 &&
	       gseq - seq0 < count;
}

/* Receives what a sent, up to `sent` frames, each compared byte for byte. */
static int dma_receive(struct nic *a, struct nic *b, uint32_t seq0, unsigned int count,
		       unsigned int sent, unsigned int *recvd, unsigned int *stale, char *why,
		       size_t wl)
{
	uint8_t want[BUFSZ], got[BUFSZ];

	while (*recvd < sent) {
		int len = nic_recv(b, got, 2000);
		size_t wlen, k = 0;

		if (len == 0)
			return snprintf(why, wl, "frame %u of %u not received (RDH %u RDT %u, tx TDH %u)",
					*recvd, count, rd32(b, E1000E_RDH(0)),
					rd32(b, E1000E_RDT(0)), rd32(a, E1000E_TDH(0))), -1;
		if (len < 0)
			return snprintf(why, wl, "frame %u: bad rx descriptor", *recvd), -1;
		if (!frame_is_ours(got, len, b, seq0, count)) {
			if (++*stale > 20000)
				return snprintf(why, wl, "more than 20000 unexpected frames"), -1;
			continue;
		}
		wlen = make_frame(want, b->mac, a->mac, seq0 + *recvd);
		if ((size_t)len != wlen)
			return snprintf(why, wl, "frame %u: length %d, sent %zu", *recvd, len, wlen), -1;
		if (memcmp(want, got, wlen)) {
			while (want[k] == got[k])
				k++;
			return snprintf(why, wl, "frame %u: byte %zu differs (%#x != %#x)", *recvd, k,
					got[k], want[k]), -1;
		}
		(*recvd)++;
	}
	return 0;
}

/* Sends `count` frames a -> b in bursts of 16, at most 64 in flight. */
static int dma_exchange(struct nic *a, struct nic *b, uint32_t seq0, unsigned int count,
			char *why, size_t wl)
{
	unsigned int sent = 0, recvd = 0, stale = 0;
	uint8_t frame[BUFSZ];

	while (recvd < count) {
		for (unsigned int burst = 0; sent < count && burst < 16 && sent - recvd < 64;
		     burst++, sent++) {
			size_t len = make_frame(frame, b->mac, a->mac, seq0 + sent);

			if (nic_send(a, frame, len))
				return snprintf(why, wl, "tx ring stuck at frame %u (TDH %u TDT %u)",
						sent, rd32(a, E1000E_TDH(0)),
						rd32(a, E1000E_TDT(0))), -1;
		}
		if (dma_receive(a, b, seq0, count, sent, &recvd, &stale, why, wl))
			return -1;
	}
	if (stale)
		ksft_print_msg("dropped %u frames left queued from earlier tests\n", stale);
	return 0;
}

/* The two NICs' DMA contexts; the teardown stops DMA before anything is freed. */
FIXTURE(dma) {
	struct dmactx a, b;
};

FIXTURE_SETUP(dma)
{
	dmactx_init(&self->a);
	dmactx_init(&self->b);
	REQUIRE_TWO_NICS();
}

FIXTURE_TEARDOWN(dma)
{
	dma_close(&self->b);
	dma_close(&self->a);
}

static void dma_pair(struct __test_metadata *_metadata, FIXTURE_DATA(dma) *self, bool cdev)
{
	char why[256];
	double t0;

	ASSERT_EQ(0, dma_open(&self->a, 0, cdev, why, sizeof(why))) TH_LOG("nic 0: %s", why);
	ASSERT_EQ(0, dma_open(&self->b, 1, cdev, why, sizeof(why))) TH_LOG("nic 1: %s", why);
	t0 = now_us();
	ASSERT_EQ(0, dma_exchange(&self->a.n, &self->b.n, 1000, 300, why, sizeof(why)))
		TH_LOG("nic0->nic1: %s", why);
	ASSERT_EQ(0, dma_exchange(&self->b.n, &self->a.n, 5000, 100, why, sizeof(why)))
		TH_LOG("nic1->nic0: %s", why);
	ksft_print_msg("400 frames (300 nic0->nic1, 100 back, 60-1514 bytes) identical; "
		       "%.0f ms (%s); rx ring PA %#llx via %s\n", (now_us() - t0) / 1000, fpk_accel(),
		       (unsigned long long)self->b.n.rxring_pa, cdev ? "GET_PA" : "pagemap");
}

TEST_F(dma, dma_legacy_pagemap)
{
	REQUIRE_GROUP();
	dma_pair(_metadata, self, false);
}

TEST_F(dma, dma_cdev_getpa)
{
	REQUIRE_CDEV();
	dma_pair(_metadata, self, true);
}

/* What the receiving child and the test share. */
struct killshm {
	volatile uint32_t received;
	volatile uint32_t bad;
	volatile int ready;
	char why[256];
};

/* The receiver: NIC 1, receiving into its DMA memory until it is killed. */
static void kill_child(struct killshm *shm, bool cdev)
{
	uint8_t buf[BUFSZ];
	struct dmactx c;

	after_fork();
	if (dma_open(&c, 1, cdev, shm->why, sizeof(shm->why))) {
		shm->ready = -1;
		_exit(2);
	}
	__atomic_store_n(&shm->ready, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		int len = nic_recv(&c.n, buf, 1000);

		if (len > 0)
			__atomic_add_fetch(&shm->received, 1, __ATOMIC_SEQ_CST);
		else if (len < 0)
			__atomic_add_fetch(&shm->bad, 1, __ATOMIC_SEQ_CST);
	}
}

/*
 * Each kill case runs the whole scenario: NIC 0 (this process) broadcasts,
 * a child receives on NIC 1 and is SIGKILLed mid-stream; the cases check one
 * consequence each.  Through the cdev where the kernel has it, else through
 * the legacy group (stock 6.12).
 */
FIXTURE(kill_rx) {
	bool cdev;
	struct dmactx tx, rx;
	struct killshm *shm;
	int warn0;
	pid_t pid;
	int status;
	bool killed;
	uint32_t sent, at_kill;
	long long pin_base, pin_child, pin_after;
};

FIXTURE_SETUP(kill_rx)
{
	char why[256];

	dmactx_init(&self->tx);
	dmactx_init(&self->rx);
	REQUIRE_TWO_NICS();
	self->cdev = nics_have_cdev();
	self->warn0 = klog_problems(NULL, 0);
	self->shm = mmap(NULL, sizeof(*self->shm), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->shm);
	memset((void *)self->shm, 0, sizeof(*self->shm));
	ASSERT_EQ(0, dma_open(&self->tx, 0, self->cdev, why, sizeof(why)))
		TH_LOG("sender nic 0: %s", why);
}

FIXTURE_TEARDOWN(kill_rx)
{
	if (self->pid > 0 && !kill(self->pid, SIGKILL))
		waitpid(self->pid, NULL, 0);
	dma_close(&self->rx);
	dma_close(&self->tx);
	munmap((void *)self->shm, sizeof(*self->shm));
}

static void kill_start_receiver(struct __test_metadata *_metadata, FIXTURE_DATA(kill_rx) *self)
{
	self->pin_base = pinned_pages();
	fflush(stdout);
	self->pid = fork();
	ASSERT_LE(0, self->pid) TH_LOG("fork: %s", ename(errno));
	if (self->pid == 0)
		kill_child(self->shm, self->cdev);
	for (int i = 0; i < 5000 && !__atomic_load_n(&self->shm->ready, __ATOMIC_SEQ_CST); i++)
		sleep_ms(1);
	ASSERT_EQ(1, self->shm->ready) TH_LOG("receiver did not come up: %s", self->shm->why);
	self->pin_child = pinned_pages();
}

/* Keeps sending while the child receives, kills it mid-stream, keeps sending. */
static void kill_mid_stream(FIXTURE_DATA(kill_rx) *self)
{
	double deadline = now_us() + 20e6, kill_time = 0;
	uint32_t seq = 0, at_kill_seq = 0;
	uint8_t frame[BUFSZ];

	while (now_us() < deadline) {
		size_t len = make_frame(frame, self->tx.n.mac, self->tx.n.mac, seq++);

		memset(frame, 0xff, 6);	/* broadcast */
		if (nic_send(&self->tx.n, frame, len))
			break;
		if (!self->killed && self->shm->received >= 200) {
			self->at_kill = self->shm->received;
			at_kill_seq = seq;
			kill(self->pid, SIGKILL);
			self->killed = true;
			kill_time = now_us();
		}
		if (self->killed && (now_us() - kill_time > 300e3 || seq - at_kill_seq > 100))
			break;
		if (seq % 8 == 0)
			sched_yield();
	}
	self->sent = seq;
}

/* Exit closes the device fd (vfio-pci resets it), then iommufd unpins. */
static void kill_reap(FIXTURE_DATA(kill_rx) *self)
{
	if (!self->killed)
		kill(self->pid, SIGKILL);
	waitpid(self->pid, &self->status, 0);
	self->pid = 0;
	self->pin_after = pinned_pages();
	for (int i = 0; i < 2000 && self->pin_after != self->pin_base; i++) {
		sleep_ms(1);
		self->pin_after = pinned_pages();
	}
}

static void kill_scenario(struct __test_metadata *_metadata, FIXTURE_DATA(kill_rx) *self)
{
	kill_start_receiver(_metadata, self);
	kill_mid_stream(self);
	kill_reap(self);
}

TEST_F_TIMEOUT(kill_rx, kill_dma_child, 90)
{
	kill_scenario(_metadata, self);
	ASSERT_TRUE(self->killed)
		TH_LOG("child received only %u of %u frames (%u bad) in 20 s (tx TDH %u TDT %u)",
		       self->shm->received, self->sent, self->shm->bad,
		       rd32(&self->tx.n, E1000E_TDH(0)), rd32(&self->tx.n, E1000E_TDT(0)));
	ASSERT_TRUE(WIFSIGNALED(self->status) && WTERMSIG(self->status) == SIGKILL)
		TH_LOG("child ended with status %#x, expected SIGKILL", self->status);
	ksft_print_msg("child killed by SIGKILL after receiving %u frames by DMA (%s); "
		       "%u sent in total\n", self->at_kill,
		       self->cdev ? "GET_PA addresses" : "pagemap addresses", self->sent);
}

TEST_F_TIMEOUT(kill_rx, kill_no_kernel_warn, 90)
{
	char first[256] = "";
	int warn1;

	kill_scenario(_metadata, self);
	warn1 = klog_problems(first, sizeof(first));
	ASSERT_LE(0, warn1) TH_LOG("cannot read the kernel log: %s", ename(errno));
	ASSERT_EQ(self->warn0, warn1) TH_LOG("kernel log: %s", first);
}

TEST_F_TIMEOUT(kill_rx, kill_pins_released, 90)
{
	kill_scenario(_metadata, self);
	if (!self->cdev) {
		/* The stock legacy path pins nothing. */
		ASSERT_EQ(self->pin_base, self->pin_child);
		ASSERT_EQ(self->pin_base, self->pin_after);
		return;
	}
	ASSERT_LT(0, self->pin_child - self->pin_base) TH_LOG("the receiver pinned nothing");
	ASSERT_EQ(self->pin_base, self->pin_after) TH_LOG("pages still pinned after the child died");
	ksft_print_msg("child had %lld pages pinned; all released\n",
		       self->pin_child - self->pin_base);
}

TEST_F_TIMEOUT(kill_rx, kill_device_reusable, 90)
{
	char why[256];

	kill_scenario(_metadata, self);
	ASSERT_EQ(0, dma_open(&self->rx, 1, self->cdev, why, sizeof(why)))
		TH_LOG("reopen nic 1: %s", why);
	ASSERT_EQ(0, dma_exchange(&self->tx.n, &self->rx.n, 90000, 64, why, sizeof(why)))
		TH_LOG("%s", why);
}

TEST_HARNESS_MAIN

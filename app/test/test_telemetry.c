/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry: the reply data API and its JSON (escaping, bounds, types),
 * command registration, and the server through a real SOCK_SEQPACKET
 * client as dpdk-telemetry.py is one: greeting, replies, null answers,
 * the client limit, the ":N" suffix beside a live socket, a stale socket
 * replaced, and nothing left on disk after a stop. The server runs in a
 * temporary RUNTIME_DIRECTORY, so no real prefix is touched.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fpk_eal.h>
#include <fpk_telemetry.h>

#include "telemetry_data.h"
#include "telemetry_internal.h"
#include "test.h"

/* @d as JSON in @buf (NUL-terminated); @return its length or -1. */
static int
render(const struct fpk_tel_data *d, char *buf, size_t size)
{
	size_t used = 0;

	if (tel_data_to_json(d, buf, size - 1, &used) < 0)
		return -1;
	buf[used] = '\0';
	return (int)used;
}

static int
telemetry_json(void)
{
	static char buf[FPK_TEL_MAX_OUTPUT_LEN];
	struct fpk_tel_data *d = fpk_tel_data_alloc(), *a = fpk_tel_data_alloc();
	struct fpk_tel_data *e = fpk_tel_data_alloc();
	int n, ret = TEST_FAILED;

	if (d == NULL || a == NULL || e == NULL)
		goto out;
	if (render(d, buf, sizeof(buf)) < 0 || strcmp(buf, "null") != 0)
		goto out;
	TEST_ASSERT_SUCCESS(fpk_tel_data_start_dict(d), "start dict");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_int(d, "neg", -5), "dict int");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_uint(d, "big", UINT64_MAX), "dict uint");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_string(d, "s\"k", "q\"b\\n\n\t\x01\x7f"),
			    "dict string");
	TEST_ASSERT_SUCCESS(fpk_tel_data_start_array(a, FPK_TEL_STRING_VAL), "start array");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_array_string(a, "x"), "array string");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_array_string(a, ""), "empty string");
	/* Arrays hold one type; a dict takes no array values and no nameless ones. */
	TEST_ASSERT_EQUAL(fpk_tel_data_add_array_int(a, 1), -EINVAL, "int into strings");
	TEST_ASSERT_EQUAL(fpk_tel_data_add_array_int(d, 1), -EINVAL, "array add to a dict");
	TEST_ASSERT_EQUAL(fpk_tel_data_add_dict_int(a, "k", 1), -EINVAL, "dict add to an array");
	TEST_ASSERT_EQUAL(fpk_tel_data_add_dict_string(d, "k", NULL), -EINVAL, "NULL string");
	/* A container that is neither array nor dict is refused, and kept when asked. */
	TEST_ASSERT_EQUAL(fpk_tel_data_add_dict_container(d, "e", e, 1), -EINVAL, "null container");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_container(d, "a", a, 1), "kept container");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_container(d, "a2", a, 0), "freed container");
	a = NULL;
	TEST_ASSERT_SUCCESS(fpk_tel_data_start_dict(e), "empty dict");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_dict_container(d, "e", e, 1), "empty container");
	render(d, buf, sizeof(buf));
	TEST_ASSERT(strcmp(buf, "{\"neg\":-5,\"big\":18446744073709551615,"
			   "\"s\\\"k\":\"q\\\"b\\\\n\\n\\t\\u0001\\u007f\","
			   "\"a\":[\"x\",\"\"],\"a2\":[\"x\",\"\"],\"e\":{}}") == 0, "got %s", buf);
	TEST_ASSERT_SUCCESS(fpk_tel_data_string(d, "only \"me\""), "single string");
	render(d, buf, sizeof(buf));
	TEST_ASSERT(strcmp(buf, "\"only \\\"me\\\"\"") == 0, "got %s", buf);

	/* Bounded: fill until refused; what was added stays whole and closed. */
	fpk_tel_data_start_array(d, FPK_TEL_UINT_VAL);
	for (n = 0; fpk_tel_data_add_array_uint(d, UINT64_MAX) == 0; n++)
		;
	TEST_ASSERT_EQUAL(fpk_tel_data_add_array_uint(d, UINT64_MAX), -ENOSPC, "full");
	TEST_ASSERT_SUCCESS(fpk_tel_data_add_array_uint(d, 7), "a short value still fits");
	TEST_ASSERT(render(d, buf, sizeof(buf)) <= TEL_DATA_ROOM, "%zu bytes", strlen(buf));
	TEST_ASSERT(n > 100, "only %d values fit", n);
	TEST_ASSERT(strcmp(buf + strlen(buf) - 3, ",7]") == 0, "ends with %s", buf + strlen(buf) - 3);
	ret = TEST_SUCCESS;
out:
	fpk_tel_data_free(a);
	fpk_tel_data_free(d);
	fpk_tel_data_free(e);
	return ret;
}
FPK_TEST_REGISTER(telemetry_json, telemetry_json)

static int
echo_cmd(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	if (params != NULL && strcmp(params, "fail") == 0)
		return -EINVAL;
	fpk_tel_data_start_dict(d);
	fpk_tel_data_add_dict_string(d, "cmd", cmd);
	if (params != NULL)
		fpk_tel_data_add_dict_string(d, "params", params);
	return 0;
}

/* A reply as long as replies may be. */
static int
big_cmd(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	fpk_tel_data_start_array(d, FPK_TEL_STRING_VAL);
	while (fpk_tel_data_add_array_string(d, "0123456789\"abcdef") == 0)
		;
	return 0;
}

/* Register the test commands; a second call finds them there. */
static int
register_test_cmds(void)
{
	int ret = fpk_telemetry_register_cmd("/test/echo", echo_cmd, "Echoes. Parameters: any");

	TEST_ASSERT(ret == 0 || ret == -EEXIST, "register /test/echo: %d", ret);
	ret = fpk_telemetry_register_cmd("/test/big", big_cmd, "A long reply");
	TEST_ASSERT(ret == 0 || ret == -EEXIST, "register /test/big: %d", ret);
	return TEST_SUCCESS;
}

static int
telemetry_register(void)
{
	char cmd[FPK_TEL_MAX_CMD_LEN + 1], help[FPK_TEL_MAX_HELP_LEN + 1];

	TEST_RUN(register_test_cmds());
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("/test/echo", echo_cmd, "again"), -EEXIST,
			  "registered twice");
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("test/x", echo_cmd, ""), -EINVAL, "no '/'");
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("/test/a b", echo_cmd, ""), -EINVAL, "space");
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("/test/a,b", echo_cmd, ""), -EINVAL, "comma");
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("/test/x", NULL, ""), -EINVAL, "no handler");
	memset(cmd, 'c', sizeof(cmd));
	cmd[0] = '/';
	cmd[FPK_TEL_MAX_CMD_LEN] = '\0';
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd(cmd, echo_cmd, ""), -EINVAL, "long command");
	memset(help, 'h', sizeof(help));
	help[FPK_TEL_MAX_HELP_LEN] = '\0';
	TEST_ASSERT_EQUAL(fpk_telemetry_register_cmd("/test/x", echo_cmd, help), -EINVAL, "long help");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(telemetry_register, telemetry_register)

/* @sun for @path, which the tests keep short. */
static void
sun_set(struct sockaddr_un *sun, const char *path)
{
	size_t n = strlen(path);

	if (n >= sizeof(sun->sun_path))
		n = sizeof(sun->sun_path) - 1;
	memcpy(sun->sun_path, path, n);
	sun->sun_path[n] = '\0';
}

/* Connect to @path and read the greeting into @buf. @return the socket or -1. */
static int
client(const char *path, char *buf, size_t size)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	ssize_t n;

	sun_set(&sun, path);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		printf("  cannot connect to %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	n = recv(fd, buf, size - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return fd;
}

/* Send @req, read the reply into @buf. @return its length, or -1. */
static int
ask(int fd, const char *req, char *buf, size_t size)
{
	ssize_t n;

	if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0)
		return -1;
	n = recv(fd, buf, size - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return (int)n;
}

#define ASK_IS(fd, req, want) do {                                              \
	ask(fd, req, buf, sizeof(buf));                                         \
	TEST_ASSERT(strcmp(buf, want) == 0, "%s: got %s, want %s", req, buf, want); \
} while (0)

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Requests and replies on a server started with prefix "t". */
static int
requests(const char *path)
{
	static char buf[2 * FPK_TEL_MAX_OUTPUT_LEN];
	char want[256];
	int fd, fds[11], n;

	fd = client(path, buf, sizeof(buf));
	TEST_ASSERT(fd >= 0, "connect");
	snprintf(want, sizeof(want), "{\"version\":\"FPK \\\"test\\\"\",\"pid\":%d,"
		 "\"max_output_len\":%d}", (int)getpid(), FPK_TEL_MAX_OUTPUT_LEN);
	TEST_ASSERT(strcmp(buf, want) == 0, "greeting %s, want %s", buf, want);
	snprintf(want, sizeof(want), "{\"/info\":{\"version\":\"FPK \\\"test\\\"\",\"pid\":%d,"
		 "\"max_output_len\":%d}}", (int)getpid(), FPK_TEL_MAX_OUTPUT_LEN);
	ASK_IS(fd, "/info", want);
	ASK_IS(fd, "/help", "{\"/help\":\"Returns help text for a command. Parameters: string command\"}");
	ASK_IS(fd, "/help,/info",
	       "{\"/help\":{\"/info\":\"Returns DPDK Telemetry information. Takes no parameters\"}}");
	ASK_IS(fd, "/help,/nope", "{\"/help\":null}");
	ASK_IS(fd, "/no\"pe", "{\"/no\\\"pe\":null}");
	ASK_IS(fd, "/test/echo,a,b", "{\"/test/echo\":{\"cmd\":\"/test/echo\",\"params\":\"a,b\"}}");
	ASK_IS(fd, "/test/echo,", "{\"/test/echo\":{\"cmd\":\"/test/echo\"}}");
	ASK_IS(fd, "/test/echo,fail", "{\"/test/echo\":null}");
	ask(fd, "/", buf, sizeof(buf));
	TEST_ASSERT(strncmp(buf, "{\"/\":[\"/\",\"/eal/app_params\",\"/eal/params\",", 42) == 0 &&
		    strstr(buf, ",\"/test/big\",\"/test/echo\"") != NULL, "/: %s", buf);
	n = ask(fd, "/test/big", buf, sizeof(buf));
	TEST_ASSERT(n > FPK_TEL_MAX_OUTPUT_LEN - 100 && n <= FPK_TEL_MAX_OUTPUT_LEN &&
		    strncmp(buf, "{\"/test/big\":[\"", 15) == 0 && strcmp(buf + n - 3, "\"]}") == 0,
		    "reply of %d bytes ends with %s", n, buf + n - 3);
	ask(fd, "/eal/params", buf, sizeof(buf));
	TEST_ASSERT(strncmp(buf, "{\"/eal/params\":[\"", 17) == 0, "/eal/params: %s", buf);

	/* Ten clients at most, as in DPDK: the eleventh is closed at once. */
	for (int i = 0; i < 9; i++) {
		fds[i] = client(path, buf, sizeof(buf));
		TEST_ASSERT(fds[i] >= 0 && strncmp(buf, "{\"version\"", 10) == 0, "client %d", i + 2);
	}
	fds[9] = client(path, buf, sizeof(buf));
	TEST_ASSERT(fds[9] >= 0 && buf[0] == '\0', "an eleventh client got '%s'", buf);
	close(fds[9]);
	close(fds[0]);
	fds[10] = client(path, buf, sizeof(buf));
	TEST_ASSERT(strncmp(buf, "{\"version\"", 10) == 0, "after one left: '%s'", buf);
	ASK_IS(fds[10], "/help,/", "{\"/help\":{\"/\":\"Returns list of available commands, "
	       "Takes no parameters\"}}");
	for (int i = 1; i < 9; i++)
		close(fds[i]);
	close(fds[10]);
	close(fd);
	return TEST_SUCCESS;
}

/* Another process's socket: listening at @path. @return it or -1. */
static int
listen_at(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	sun_set(&sun, path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 || listen(fd, 1) != 0) {
		printf("  cannot listen at %s: %s\n", path, strerror(errno));
		return -1;
	}
	return fd;
}

static int
server_cycles(const char *root)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], msg[512];
	int ret, live;

	snprintf(dir, sizeof(dir), "%s/dpdk/t", root);
	snprintf(path, sizeof(path), "%s/dpdk_telemetry.v2", dir);
	/* Twice: a stop leaves nothing a second start trips over. */
	for (int round = 0; round < 2; round++) {
		ret = telemetry_start("t", "FPK \"test\"", msg, sizeof(msg));
		TEST_ASSERT_SUCCESS(ret, "start: %s", msg);
		TEST_ASSERT(strcmp(telemetry_socket_path(), path) == 0, "socket at %s",
			    telemetry_socket_path());
		TEST_RUN(requests(path));
		telemetry_stop();
		TEST_ASSERT(!exists(path) && !exists(dir), "%s left behind", dir);
		TEST_ASSERT(telemetry_socket_path()[0] == '\0', "path after stop");
	}

	/* Another live process has the name: take ":1", leave its socket alone. */
	snprintf(dir, sizeof(dir), "%s/dpdk/u", root);
	snprintf(path, sizeof(path), "%s/dpdk_telemetry.v2", dir);
	TEST_ASSERT_SUCCESS(mkdir(dir, 0700), "mkdir %s: %s", dir, strerror(errno));
	live = listen_at(path);
	TEST_ASSERT(live >= 0, "live socket");
	ret = telemetry_start("u", "FPK \"test\"", msg, sizeof(msg));
	TEST_ASSERT_SUCCESS(ret, "start beside a live socket: %s", msg);
	TEST_ASSERT(strcmp(telemetry_socket_path() + strlen(path), ":1") == 0, "socket at %s",
		    telemetry_socket_path());
	telemetry_stop();
	close(live);
	TEST_ASSERT(exists(path) && exists(dir), "the other process's socket was removed");
	strcat(path, ":1");
	TEST_ASSERT(!exists(path), "%s left behind", path);
	path[strlen(path) - 2] = '\0';
	/* Its process is gone: the stale socket is replaced, then removed. */
	ret = telemetry_start("u", "FPK \"test\"", msg, sizeof(msg));
	TEST_ASSERT_SUCCESS(ret, "start over a stale socket: %s", msg);
	TEST_ASSERT(strcmp(telemetry_socket_path(), path) == 0, "socket at %s",
		    telemetry_socket_path());
	telemetry_stop();
	TEST_ASSERT(!exists(path) && exists(dir), "stop: socket kept or directory removed");
	rmdir(dir);
	return TEST_SUCCESS;
}

static int
telemetry_socket(void)
{
	char root[] = "/tmp/fpk-telemetry-XXXXXX", top[sizeof(root) + 8], msg[512];
	bool was_running = telemetry_socket_path()[0] != '\0';
	int ret;

	TEST_RUN(register_test_cmds());
	if (mkdtemp(root) == NULL)
		return fpk_test_skip("mkdtemp: %s", strerror(errno));
	telemetry_stop();
	setenv("RUNTIME_DIRECTORY", root, 1);
	ret = server_cycles(root);
	telemetry_stop();
	unsetenv("RUNTIME_DIRECTORY");
	snprintf(top, sizeof(top), "%s/dpdk", root);
	rmdir(top);
	rmdir(root);
	if (was_running &&
	    telemetry_start(fpk_eal_file_prefix(), "FPK " FPK_VERSION, msg, sizeof(msg)) < 0)
		printf("  cannot restart telemetry: %s\n", msg);
	return ret;
}
FPK_TEST_REGISTER(telemetry_socket, telemetry_socket)

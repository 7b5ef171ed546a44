/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The telemetry server: the command registry and one thread serving DPDK
 * 22.11's telemetry v2 protocol on a SOCK_SEQPACKET unix socket. A client
 * connects, reads the greeting {"version", "pid", "max_output_len"}, then
 * sends "/command" or "/command,params" and gets one message back,
 * {"/command": DATA}, null for an unknown command or bad parameters.
 *
 * One thread polls the socket and every client, so handlers run one at a
 * time and the server stops by joining one thread: the EAL may start and
 * stop it many times in one process. Replies are sent without blocking: a
 * client that does not read its replies is dropped rather than stalling
 * the others.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "telemetry_data.h"
#include "telemetry_internal.h"

#define SOCKET_NAME "dpdk_telemetry.v2"
/* DPDK's limit (MAX_CONNECTIONS): clients beyond it are accepted and closed. */
#define MAX_CLIENTS 10
/* Live sockets tried, ":1" to ":MAX_SUFFIX", before giving up. */
#define MAX_SUFFIX 32
/* DPDK reads requests into 1024 bytes: longer ones are cut there. */
#define REQUEST_MAX 1024

struct cmd_entry {
	char cmd[FPK_TEL_MAX_CMD_LEN];
	fpk_telemetry_cb fn;
	char help[FPK_TEL_MAX_HELP_LEN];
};

/* Sorted by command, as "/" lists them. */
static struct cmd_entry cmds[FPK_TEL_MAX_CMDS];
static unsigned int ncmds;
static pthread_mutex_t cmds_lock = PTHREAD_MUTEX_INITIALIZER;

/* What /info and the greeting report: set before the thread starts. */
static char tel_version[64];

struct server {
	int listen_fd;
	int wake_fd;                 /* eventfd: telemetry_stop() wakes the thread */
	int clients[MAX_CLIENTS];
	unsigned int nclients;
	pthread_t thread;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat sock_st;         /* the socket file: only that one is removed */
	char dir[PATH_MAX];
	bool made_dir;
	char greeting[160];
	struct fpk_tel_data reply;
	char out[FPK_TEL_MAX_OUTPUT_LEN];
};

static struct server *srv;

int
fpk_telemetry_register_cmd(const char *cmd, fpk_telemetry_cb fn, const char *help)
{
	unsigned int i;
	int ret = 0;

	if (cmd == NULL || fn == NULL || help == NULL || cmd[0] != '/' ||
	    strlen(cmd) >= FPK_TEL_MAX_CMD_LEN || strlen(help) >= FPK_TEL_MAX_HELP_LEN)
		return -EINVAL;
	for (const char *p = cmd; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '/'))
			return -EINVAL;
	pthread_mutex_lock(&cmds_lock);
	for (i = 0; i < ncmds && strcmp(cmds[i].cmd, cmd) < 0; i++)
		;
	if (i < ncmds && strcmp(cmds[i].cmd, cmd) == 0) {
		ret = -EEXIST;
	} else if (ncmds == FPK_TEL_MAX_CMDS) {
		ret = -ENOSPC;
	} else {
		memmove(&cmds[i + 1], &cmds[i], (ncmds - i) * sizeof(cmds[0]));
		snprintf(cmds[i].cmd, sizeof(cmds[i].cmd), "%s", cmd);
		cmds[i].fn = fn;
		snprintf(cmds[i].help, sizeof(cmds[i].help), "%s", help);
		ncmds++;
	}
	pthread_mutex_unlock(&cmds_lock);
	return ret;
}

/* @return @cmd's entry index, or -1; the caller holds cmds_lock. */
static int
cmd_find(const char *cmd)
{
	for (unsigned int i = 0; i < ncmds; i++)
		if (strcmp(cmds[i].cmd, cmd) == 0)
			return (int)i;
	return -1;
}

static int
list_commands(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	fpk_tel_data_start_array(d, FPK_TEL_STRING_VAL);
	pthread_mutex_lock(&cmds_lock);
	for (unsigned int i = 0; i < ncmds; i++)
		fpk_tel_data_add_array_string(d, cmds[i].cmd);
	pthread_mutex_unlock(&cmds_lock);
	return 0;
}

static int
json_info(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	(void)cmd;
	(void)params;
	fpk_tel_data_start_dict(d);
	fpk_tel_data_add_dict_string(d, "version", tel_version);
	fpk_tel_data_add_dict_int(d, "pid", getpid());
	fpk_tel_data_add_dict_int(d, "max_output_len", FPK_TEL_MAX_OUTPUT_LEN);
	return 0;
}

/* As DPDK: "/help" alone is /help's own text as a string, "/help,CMD" is {CMD: text}. */
static int
command_help(const char *cmd, const char *params, struct fpk_tel_data *d)
{
	char help[FPK_TEL_MAX_HELP_LEN];
	int i;

	pthread_mutex_lock(&cmds_lock);
	i = cmd_find(params == NULL ? cmd : params);
	if (i >= 0)
		memcpy(help, cmds[i].help, sizeof(help));
	pthread_mutex_unlock(&cmds_lock);
	if (i < 0)
		return -ENOENT;
	if (params == NULL)
		return fpk_tel_data_string(d, help);
	fpk_tel_data_start_dict(d);
	return fpk_tel_data_add_dict_string(d, params, help);
}

__attribute__((constructor)) static void
telemetry_builtin_register(void)
{
	/* DPDK's help texts, word for word: scripts may show them. */
	fpk_telemetry_register_cmd("/", list_commands,
				   "Returns list of available commands, Takes no parameters");
	fpk_telemetry_register_cmd("/info", json_info,
				   "Returns DPDK Telemetry information. Takes no parameters");
	fpk_telemetry_register_cmd("/help", command_help,
				   "Returns help text for a command. Parameters: string command");
}

/* Answer one request. @return 0, or -1 if the client is gone or stuck. */
static int
serve(struct server *s, int fd)
{
	char req[REQUEST_MAX], name[FPK_TEL_MAX_CMD_LEN + 1];
	fpk_telemetry_cb fn = NULL;
	char *params;
	size_t used = 0;
	ssize_t n;
	int i;

	n = recv(fd, req, sizeof(req) - 1, MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0)
		return -1;
	req[n] = '\0';
	params = strchr(req, ',');
	if (params != NULL) {
		*params++ = '\0';
		if (*params == '\0')
			params = NULL;
	}
	if (strlen(req) < FPK_TEL_MAX_CMD_LEN) {
		pthread_mutex_lock(&cmds_lock);
		i = cmd_find(req);
		if (i >= 0)
			fn = cmds[i].fn;
		pthread_mutex_unlock(&cmds_lock);
	}
	tel_data_reset(&s->reply);
	if (fn != NULL && fn(req, params, &s->reply) < 0)
		tel_data_reset(&s->reply);
	/* An unknown command is echoed cut as DPDK cuts it, but escaped. */
	snprintf(name, sizeof(name), "%.*s", FPK_TEL_MAX_CMD_LEN, req);
	s->out[used++] = '{';
	if (tel_json_string(s->out, sizeof(s->out), &used, name) == 0 &&
	    (s->out[used++] = ':', tel_data_to_json(&s->reply, s->out, sizeof(s->out) - 1, &used)) == 0)
		s->out[used++] = '}';
	else
		return -1; /* cannot happen: TEL_DATA_ROOM leaves room for the rest */
	if (send(fd, s->out, used, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return -1;
	return 0;
}

static void
accept_client(struct server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (s->nclients == MAX_CLIENTS ||
	    send(fd, s->greeting, strlen(s->greeting), MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		close(fd);
		return;
	}
	s->clients[s->nclients++] = fd;
}

static void *
server_thread(void *arg)
{
	struct server *s = arg;
	struct pollfd pfd[2 + MAX_CLIENTS];

	for (;;) {
		unsigned int i;

		pfd[0] = (struct pollfd){ .fd = s->wake_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (i = 0; i < s->nclients; i++)
			pfd[2 + i] = (struct pollfd){ .fd = s->clients[i], .events = POLLIN };
		if (poll(pfd, 2 + s->nclients, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents != 0)
			break;
		/* Downwards: a dropped client's slot takes the last one, already served. */
		for (i = s->nclients; i-- > 0;) {
			if (pfd[2 + i].revents == 0 || serve(s, s->clients[i]) == 0)
				continue;
			close(s->clients[i]);
			s->clients[i] = s->clients[--s->nclients];
		}
		if (pfd[1].revents & POLLIN)
			accept_client(s);
	}
	return NULL;
}

/* A process answers at @sun (or cannot be told apart from one that does). */
static bool
socket_is_live(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	bool live;

	if (fd < 0)
		return true;
	live = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0 ||
	       (errno != ECONNREFUSED && errno != ENOENT);
	close(fd);
	return live;
}

/*
 * Bind dpdk_telemetry.v2 in s->dir, or the first of ":1", ":2", ... no
 * live process holds, as DPDK does and dpdk-telemetry.py -i N expects. A
 * socket nobody answers on is left by a process that died: replace it.
 */
static int
bind_socket(struct server *s, char *msg, size_t msglen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	for (int suffix = 0; suffix <= MAX_SUFFIX; suffix++) {
		int fd, n, err, ret;

		n = snprintf(sun.sun_path, sizeof(sun.sun_path), suffix ? "%s/%s:%d" : "%s/%s",
			     s->dir, SOCKET_NAME, suffix);
		if (n < 0 || (size_t)n >= sizeof(sun.sun_path)) {
			snprintf(msg, msglen, "the telemetry socket's path %s/%s is longer than a "
				 "unix socket path may be (%zu bytes): set RUNTIME_DIRECTORY to a "
				 "shorter directory, use a shorter --file-prefix or pass "
				 "--no-telemetry", s->dir, SOCKET_NAME, sizeof(sun.sun_path) - 1);
			return -ENAMETOOLONG;
		}
		fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			err = errno;
			snprintf(msg, msglen, "cannot create a unix socket for telemetry: %s: "
				 "pass --no-telemetry", strerror(err));
			return -err;
		}
		ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
		if (ret != 0 && errno == EADDRINUSE) {
			if (socket_is_live(&sun)) {
				close(fd);
				continue;
			}
			unlink(sun.sun_path);
			ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
		}
		if (ret == 0 && stat(sun.sun_path, &s->sock_st) == 0 && listen(fd, MAX_CLIENTS) == 0) {
			s->listen_fd = fd;
			memcpy(s->path, sun.sun_path, sizeof(s->path));
			return 0;
		}
		err = errno;
		if (ret == 0)
			unlink(sun.sun_path);
		close(fd);
		snprintf(msg, msglen, "cannot create the telemetry socket %s: %s: fix the "
			 "permissions of %s, set RUNTIME_DIRECTORY to a directory you may write "
			 "or pass --no-telemetry", sun.sun_path, strerror(err), s->dir);
		return -err;
	}
	snprintf(msg, msglen, "live processes answer on %s/%s and on its suffixes :1 to :%d: "
		 "give this process its own --file-prefix or pass --no-telemetry",
		 s->dir, SOCKET_NAME, MAX_SUFFIX);
	return -EADDRINUSE;
}

/* Make @path (mode 0700) unless it exists. @return 1 if made, 0 if it was there, -errno. */
static int
make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0)
		return 1;
	return errno == EEXIST ? 0 : -errno;
}

static void
server_free(struct server *s)
{
	for (unsigned int i = 0; i < s->nclients; i++)
		close(s->clients[i]);
	if (s->wake_fd >= 0)
		close(s->wake_fd);
	if (s->listen_fd >= 0) {
		struct stat st;

		close(s->listen_fd);
		/* Not a socket another process put there after a stale one of ours was replaced. */
		if (stat(s->path, &st) == 0 && st.st_ino == s->sock_st.st_ino &&
		    st.st_dev == s->sock_st.st_dev)
			unlink(s->path);
	}
	if (s->made_dir)
		rmdir(s->dir);
	free(s);
}

int
telemetry_start(const char *prefix, const char *version, char *msg, size_t msglen)
{
	const char *base = getenv("RUNTIME_DIRECTORY");
	char top[PATH_MAX];
	struct server *s;
	sigset_t all, old;
	size_t used = 0;
	int ret;

	if (srv != NULL) {
		snprintf(msg, msglen, "telemetry is already running: stop it first");
		return -EALREADY;
	}
	/* Where dpdk-telemetry.py looks (its get_dpdk_runtime_dir()). */
	if (base == NULL || base[0] == '\0')
		base = getuid() == 0 ? "/var/run" : getenv("XDG_RUNTIME_DIR");
	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(msg, msglen, "no memory for the telemetry server: pass --no-telemetry");
		return -ENOMEM;
	}
	s->listen_fd = -1;
	s->wake_fd = -1;
	snprintf(tel_version, sizeof(tel_version), "%s", version);
	ret = snprintf(top, sizeof(top), "%s/dpdk", base);
	if (ret < 0 || (size_t)ret >= sizeof(top) ||
	    (size_t)snprintf(s->dir, sizeof(s->dir), "%s/%s", top, prefix) >= sizeof(s->dir)) {
		snprintf(msg, msglen, "the telemetry directory %s/dpdk/%s is too long a path: "
			 "set RUNTIME_DIRECTORY to a shorter directory or pass --no-telemetry",
			 base, prefix);
		free(s);
		return -ENAMETOOLONG;
	}
	ret = make_dir(top);
	if (ret >= 0)
		ret = make_dir(s->dir);
	if (ret < 0) {
		snprintf(msg, msglen, "cannot create the telemetry directory %s: %s: make %s "
			 "writable, set RUNTIME_DIRECTORY to a directory you may write or pass "
			 "--no-telemetry", s->dir, strerror(-ret), base);
		free(s);
		return ret;
	}
	s->made_dir = ret == 1;
	ret = bind_socket(s, msg, msglen);
	if (ret < 0)
		goto fail;
	s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->wake_fd < 0) {
		ret = -errno;
		snprintf(msg, msglen, "cannot create the telemetry thread's eventfd: %s: "
			 "pass --no-telemetry", strerror(-ret));
		goto fail;
	}
	s->greeting[used++] = '{';
	tel_json_string(s->greeting, sizeof(s->greeting), &used, "version");
	s->greeting[used++] = ':';
	tel_json_string(s->greeting, sizeof(s->greeting), &used, tel_version);
	snprintf(s->greeting + used, sizeof(s->greeting) - used, ",\"pid\":%d,\"max_output_len\":%d}",
		 (int)getpid(), FPK_TEL_MAX_OUTPUT_LEN);
	/* Signals must reach the application's threads, never this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = -pthread_create(&s->thread, NULL, server_thread, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret < 0) {
		snprintf(msg, msglen, "cannot start the telemetry thread: %s: pass --no-telemetry",
			 strerror(-ret));
		goto fail;
	}
	pthread_setname_np(s->thread, "fpk-telemetry");
	srv = s;
	return 0;
fail:
	server_free(s);
	return ret;
}

void
telemetry_stop(void)
{
	uint64_t one = 1;
	ssize_t n;

	if (srv == NULL)
		return;
	/* Wake the thread. An eventfd write fails only on overflow, which one write cannot cause. */
	n = write(srv->wake_fd, &one, sizeof(one));

	(void)n;
	pthread_join(srv->thread, NULL);
	server_free(srv);
	srv = NULL;
}

const char *
telemetry_socket_path(void)
{
	return srv != NULL ? srv->path : "";
}

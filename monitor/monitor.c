/*
 * Copyright (c) 2026 The supd developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event.h>

#include "cgroup.h"
#include "config.h"
#include "frontend.h"
#include "imsgev.h"
#include "log.h"
#include "monitor.h"
#include "priv.h"
#include "proto.h"
#include "supd_imsg.h"

#define FE_RESPAWN_MAX		5	/* per minute, then one a second */

static void	 monitor_socket_open(void);
static void	 monitor_socket_check(void);
static void	 monitor_oom_adj(void);
static void	 monitor_atexit(void);
static void	 monitor_respawn(int, short, void *);
static void	 monitor_frontend_spawn(void);
static void	 monitor_frontend_nofile(void);
static void	 monitor_frontend_dispatch(int, short, void *);
static void	 monitor_frontend_violation(const char *);
static int	 monitor_rpc_req(struct imsg *);
static int	 monitor_rpc_fd(struct imsg *);
static int	 monitor_conn_closed(struct imsg *);
static int	 monitor_conn_new(struct imsg *);
static void	 monitor_rpc_dispatch(void);
static void	 monitor_pend_clear(void);
static void	 monitor_sig(int, short, void *);
static void	 monitor_reap(void);
__dead static void monitor_shutdown(void);

/* The monitor's env: see monitor.h. */
struct monitor_env	*env;

uint64_t
monitor_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

__dead void
monitor_main(struct supd_conf *conf, int debug, int verbose)
{
	static struct monitor_env	 menv;
	struct event			 ev_term, ev_int, ev_chld, ev_hup;
	struct event			 ev_pipe;

	env = &menv;
	env->conf = conf;
	env->debug = debug;
	env->verbose = verbose;
	env->sock = -1;
	TAILQ_INIT(&env->domains);
	env->next_procid = 1;

	log_procinit("monitor");
	setproctitle("monitor");
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");

	/* Before anything: a live supd's cgroups are not stale. */
	monitor_socket_check();
	env->pid = getpid();
	if (atexit(monitor_atexit) != 0)
		fatal("atexit");
	if (cgroup_init(&env->cg, conf->sc_cgroup_version,
	    conf->sc_cgroup_mount, conf->sc_cgroup_root) == -1)
		fatalx("cgroups unavailable");
	domain_init();
	if ((env->clients = calloc(conf->sc_max_clients,
	    sizeof(*env->clients))) == NULL)
		fatal("calloc");
	priv_make_chroot(env->chroot, sizeof(env->chroot));
	monitor_socket_open();
	monitor_oom_adj();

	if ((env->base = event_init()) == NULL)
		fatalx("event_init");
	signal_set(&ev_term, SIGTERM, monitor_sig, NULL);
	signal_set(&ev_int, SIGINT, monitor_sig, NULL);
	signal_set(&ev_chld, SIGCHLD, monitor_sig, NULL);
	signal_set(&ev_hup, SIGHUP, monitor_sig, NULL);
	signal_set(&ev_pipe, SIGPIPE, monitor_sig, NULL);
	signal_add(&ev_term, NULL);
	signal_add(&ev_int, NULL);
	signal_add(&ev_chld, NULL);
	signal_add(&ev_hup, NULL);
	signal_add(&ev_pipe, NULL);

	monitor_frontend_spawn();
	log_info("started, %zu domains, control socket %s",
	    conf->sc_ndomains, conf->sc_socket);

	event_dispatch();
	monitor_shutdown();
}

/*
 * The control socket is opened here, as root, and handed to the
 * frontend: the frontend itself never needs to create anything.
 */
static void
monitor_socket_open(void)
{
	struct supd_conf	*conf = env->conf;
	struct sockaddr_un	 sun;
	struct passwd		*pw;
	struct group		*gr;
	uid_t			 uid = 0;
	gid_t			 gid = 0;
	mode_t			 old_umask;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, conf->sc_socket, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		fatalx("socket path too long: %s", conf->sc_socket);

	if (conf->sc_sock_owner[0] != '\0') {
		if ((pw = getpwnam(conf->sc_sock_owner)) == NULL)
			fatalx("socket owner %s: no such user",
			    conf->sc_sock_owner);
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (conf->sc_sock_group[0] != '\0') {
		if ((gr = getgrnam(conf->sc_sock_group)) == NULL)
			fatalx("socket group %s: no such group",
			    conf->sc_sock_group);
		gid = gr->gr_gid;
	}

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		fatal("socket");
	if (unlink(conf->sc_socket) == -1 && errno != ENOENT)
		fatal("unlink %s", conf->sc_socket);
	old_umask = umask(S_IXUSR | S_IRWXG | S_IRWXO);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		fatal("bind %s", conf->sc_socket);
	umask(old_umask);
	if (chown(conf->sc_socket, uid, gid) == -1 ||
	    chmod(conf->sc_socket, conf->sc_sock_mode) == -1) {
		unlink(conf->sc_socket);
		fatal("socket permissions %s", conf->sc_socket);
	}
	if (listen(fd, 128) == -1)
		fatal("listen");
	env->sock = fd;
}

/* A live supd answers on the socket: never steal it, nor its cgroups. */
static void
monitor_socket_check(void)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, env->conf->sc_socket,
	    sizeof(sun.sun_path)) >= sizeof(sun.sun_path))
		fatalx("socket path too long: %s", env->conf->sc_socket);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		fatal("socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		fatalx("%s: another supd is running", env->conf->sc_socket);
	close(fd);
}

/*
 * The monitor (and so every worker it clones) is the last thing the
 * OOM killer should take: a dead monitor takes every domain with it.
 * Exec'd processes set their own score back to 0.
 */
static void
monitor_oom_adj(void)
{
	int	 fd;

	if ((fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC)) ==
	    -1 || write(fd, "-900", 4) != 4)
		log_warn("oom_score_adj");
	if (fd != -1)
		close(fd);
}

/*
 * A fatal error still removes what supd made: domains, cgroups, the
 * socket and the frontend's chroot.  Workers share this handler (they
 * are clones), so only the monitor itself acts on it.
 */
static void
monitor_atexit(void)
{
	if (getpid() != env->pid || env->cleaned)
		return;
	env->cleaned = 1;
	env->shutting_down = 1;
	domain_shutdown();
	if (env->fe_pid > 0)
		kill(env->fe_pid, SIGKILL);
	if (env->sock != -1)
		unlink(env->conf->sc_socket);
	if (env->chroot[0] != '\0')
		priv_remove_chroot(env->chroot);
	cgroup_env_cleanup(&env->cg);
}

static void
monitor_frontend_nofile(void)
{
	struct rlimit	 rl;
	rlim_t		 want;

	want = (rlim_t)env->conf->sc_max_clients + FE_FDQ_TOTAL + 256;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max = want;
	/* Above fs.nr_open this fails; the frontend then backs off. */
	(void)setrlimit(RLIMIT_NOFILE, &rl);
}

/*
 * Fork and re-exec supd as the frontend: a fresh address space, with the
 * channel on fd 3 and the listening socket on fd 4.
 */
static void
monitor_frontend_spawn(void)
{
	struct supd_conf	*conf = env->conf;
	char			 clients[16], req[16], evq[16];
	char			*argv[20];
	int			 sp[2], argc = 0, chan, lsock;
	pid_t			 pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sp) == -1)
		fatal("socketpair");
	snprintf(clients, sizeof(clients), "%u", conf->sc_max_clients);
	snprintf(req, sizeof(req), "%u", conf->sc_max_request);
	snprintf(evq, sizeof(evq), "%u", conf->sc_evqueue);
	argv[argc++] = (char *)"supd";
	argv[argc++] = (char *)"-P";
	argv[argc++] = (char *)"frontend";
	if (env->debug)
		argv[argc++] = (char *)"-d";
	if (env->verbose)
		argv[argc++] = (char *)"-v";
	argv[argc++] = (char *)"-u";
	argv[argc++] = conf->sc_user;
	argv[argc++] = (char *)"-r";
	argv[argc++] = env->chroot;
	argv[argc++] = (char *)"-c";
	argv[argc++] = clients;
	argv[argc++] = (char *)"-m";
	argv[argc++] = req;
	argv[argc++] = (char *)"-q";
	argv[argc++] = evq;
	argv[argc] = NULL;

	switch (pid = fork()) {
	case -1:
		fatal("fork");
	case 0:
		/* The frontend must not outlive the monitor. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
			_exit(1);
		/* Room for every client and every fd they may queue. */
		monitor_frontend_nofile();
		/* Move both above their targets first: no dup2 clobbers. */
		if ((chan = fcntl(sp[1], F_DUPFD, FRONTEND_SOCK_FD + 1)) == -1 ||
		    (lsock = fcntl(env->sock, F_DUPFD,
		    FRONTEND_SOCK_FD + 1)) == -1 ||
		    dup2(chan, FRONTEND_CHAN_FD) == -1 ||
		    dup2(lsock, FRONTEND_SOCK_FD) == -1)
			_exit(1);
		closefrom(FRONTEND_SOCK_FD + 1);
		execv("/proc/self/exe", argv);
		_exit(1);
	}
	close(sp[1]);
	env->fe_pid = pid;
	env->fe_epoch++;
	/* A new frontend numbers its clients afresh. */
	memset(env->clients, 0, env->conf->sc_max_clients *
	    sizeof(*env->clients));
	imsgev_init(&env->fe_iev, env->base, sp[0],
	    monitor_frontend_dispatch, NULL);
	imsgbuf_allow_fdpass(&env->fe_iev.ibuf);
}

/*
 * A frontend that breaks the protocol is treated as compromised: it is
 * killed and a new one started (SIGCHLD does the respawn).
 */
static void
monitor_frontend_violation(const char *what)
{
	log_warnx("frontend protocol violation: %s; restarting it", what);
	monitor_pend_clear();
	imsgev_clear(&env->fe_iev);
	if (env->fe_pid > 0)
		kill(env->fe_pid, SIGKILL);
}

static void
monitor_frontend_dispatch(int fd, short event, void *arg)
{
	struct imsg	 imsg;
	int		 n, rv;

	if (imsgev_io(&env->fe_iev, event) == -1) {
		if (!env->shutting_down)
			log_warnx("frontend channel closed");
		imsgev_clear(&env->fe_iev);
		return;
	}
	for (;;) {
		if ((n = imsg_get(&env->fe_iev.ibuf, &imsg)) == -1) {
			monitor_frontend_violation("malformed imsg");
			return;
		}
		if (n == 0)
			break;
		/* Permit table: a frontend may only relay client requests. */
		switch (imsg.hdr.type) {
		case IMSG_RPC_REQ:
			rv = monitor_rpc_req(&imsg);
			break;
		case IMSG_RPC_FD:
			rv = monitor_rpc_fd(&imsg);
			break;
		case IMSG_CONN_NEW:
			rv = monitor_conn_new(&imsg);
			break;
		case IMSG_CONN_CLOSED:
			rv = monitor_conn_closed(&imsg);
			break;
		default:
			rv = -1;
			break;
		}
		if (rv == -1) {
			if (imsg.fd != -1)
				close(imsg.fd);
			imsg_free(&imsg);
			monitor_frontend_violation("unexpected message");
			return;
		}
		imsg_free(&imsg);
	}
	imsgev_update(&env->fe_iev);
}

static void
monitor_pend_clear(void)
{
	uint32_t	 i;

	if (!env->pend_active)
		return;
	for (i = 0; i < env->pend_got; i++)
		if (env->pend_fds[i] != -1)
			close(env->pend_fds[i]);
	proto_params_free(env->pend_hdr.method, &env->pend_params);
	env->pend_active = 0;
	env->pend_got = 0;
}

/*
 * A relayed request: the fixed header, then the params, which are
 * decoded again here as if the frontend were hostile.
 */
static int
monitor_rpc_req(struct imsg *imsg)
{
	struct imsg_rpc		 hdr;
	struct proto_error	 err;
	size_t			 len = imsg_len(imsg);

	if (env->pend_active || imsg->fd != -1 || len < sizeof(hdr))
		return (-1);
	memcpy(&hdr, imsg->data, sizeof(hdr));
	if (hdr.method >= PROTO_M_MAX || hdr.nfds > PROTO_FDS_MAX ||
	    (hdr.nfds > 0 && hdr.method != PROTO_M_EXEC) ||
	    monitor_client(hdr.conn) == NULL)
		return (-1);
	memset(&env->pend_params, 0, sizeof(env->pend_params));
	if (proto_decode_params(hdr.method, (char *)imsg->data + sizeof(hdr),
	    len - sizeof(hdr), &env->pend_params, &err) == -1) {
		/* The frontend validated already: this one is lying. */
		log_warnx("frontend sent undecodable %s: %s",
		    proto_method_name(hdr.method), err.message);
		return (-1);
	}
	if (hdr.method == PROTO_M_EXEC && hdr.nfds != env->pend_params.exec.nfds) {
		proto_params_free(hdr.method, &env->pend_params);
		return (-1);
	}
	env->pend_hdr = hdr;
	env->pend_active = 1;
	env->pend_got = 0;
	if (hdr.nfds == 0)
		monitor_rpc_dispatch();
	return (0);
}

static int
monitor_rpc_fd(struct imsg *imsg)
{
	struct imsg_rpc_fd	 fdm;

	if (!env->pend_active || imsg->fd == -1 ||
	    imsg_get_data(imsg, &fdm, sizeof(fdm)) == -1 ||
	    fdm.conn != env->pend_hdr.conn ||
	    fdm.msgid != env->pend_hdr.msgid || fdm.index != env->pend_got ||
	    env->pend_got >= env->pend_hdr.nfds)
		return (-1);
	env->pend_fds[env->pend_got++] = imsg->fd;
	imsg->fd = -1;
	if (env->pend_got == env->pend_hdr.nfds)
		monitor_rpc_dispatch();
	return (0);
}

static int
monitor_conn_closed(struct imsg *imsg)
{
	struct imsg_conn	 cm;
	struct client		*cl;

	if (env->pend_active || imsg->fd != -1 ||
	    imsg_get_data(imsg, &cm, sizeof(cm)) == -1 ||
	    (cm.conn & 0xffff) >= env->conf->sc_max_clients)
		return (-1);
	cl = &env->clients[cm.conn & 0xffff];
	if (cl->cl_conn == cm.conn)
		memset(cl, 0, sizeof(*cl));
	domain_conn_closed(cm.conn);
	return (0);
}

/*
 * A new client: its credentials are read here, off its own socket,
 * which must be a connection accepted on supd's control socket (so a
 * compromised frontend cannot present a socket of its making).
 */
static int
monitor_conn_new(struct imsg *imsg)
{
	struct imsg_conn	 cm;
	struct sockaddr_un	 sun;
	struct ucred		 uc;
	struct client		*cl;
	socklen_t		 len;
	int			 rv = -1;

	if (env->pend_active || imsg->fd == -1 ||
	    imsg_get_data(imsg, &cm, sizeof(cm)) == -1 || cm.conn == 0 ||
	    (cm.conn & 0xffff) >= env->conf->sc_max_clients)
		goto done;
	memset(&sun, 0, sizeof(sun));
	len = sizeof(sun);
	if (getsockname(imsg->fd, (struct sockaddr *)&sun, &len) == -1 ||
	    sun.sun_family != AF_UNIX ||
	    strncmp(sun.sun_path, env->conf->sc_socket,
	    sizeof(sun.sun_path)) != 0)
		goto done;
	len = sizeof(uc);
	if (getsockopt(imsg->fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1)
		goto done;
	cl = &env->clients[cm.conn & 0xffff];
	memset(cl, 0, sizeof(*cl));
	cl->cl_conn = cm.conn;
	cl->cl_uid = uc.uid;
	cl->cl_gid = uc.gid;
	len = sizeof(cl->cl_groups);
	if (getsockopt(imsg->fd, SOL_SOCKET, SO_PEERGROUPS, cl->cl_groups,
	    &len) == 0)
		cl->cl_ngroups = len / sizeof(gid_t);
	else {
		/*
		 * More groups than kept: acting with fewer could pass a
		 * group-deny permission, so nothing is done in its name.
		 */
		cl->cl_ngroups = 0;
		cl->cl_toomany = 1;
	}
	rv = 0;
 done:
	if (imsg->fd != -1) {
		close(imsg->fd);
		imsg->fd = -1;
	}
	return (rv);
}

/* The client a request came from, or NULL. */
const struct client *
monitor_client(uint32_t conn)
{
	struct client	*cl;

	if ((conn & 0xffff) >= env->conf->sc_max_clients)
		return (NULL);
	cl = &env->clients[conn & 0xffff];
	return (cl->cl_conn == conn ? cl : NULL);
}

static void
monitor_rpc_dispatch(void)
{
	struct imsg_rpc	*hdr = &env->pend_hdr;
	uint32_t	 i;

	switch (hdr->method) {
	case PROTO_M_PING:
		monitor_respond(hdr->conn, hdr->msgid, hdr->method, NULL, NULL);
		break;
	case PROTO_M_CONFIGURE:
	case PROTO_M_FREEZE:
	case PROTO_M_THAW:
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "%s: not supported by this version",
		    proto_method_name(hdr->method));
		break;
	default:
		/* domain_handle takes the descriptors it keeps (sets -1). */
		domain_handle(hdr, &env->pend_params, env->pend_fds,
		    env->pend_got);
		break;
	}
	for (i = 0; i < env->pend_got; i++)
		if (env->pend_fds[i] != -1)
			close(env->pend_fds[i]);
	env->pend_got = 0;
	proto_params_free(hdr->method, &env->pend_params);
	env->pend_active = 0;
}

void
monitor_respond(uint32_t conn, uint32_t msgid, enum proto_method method,
    const struct proto_error *err, const union proto_result *res)
{
	msgpack_sbuffer	 sbuf;
	struct imsg_rpc	 hdr;
	struct iovec	 iov[2];

	if (!env->fe_iev.active)
		return;
	msgpack_sbuffer_init(&sbuf);
	if (proto_encode_response(&sbuf, msgid, method, err, res) == -1 ||
	    sbuf.size > PROTO_MSG_MAX) {
		/* A client is always answered, if only with why not. */
		log_warnx("%s: cannot encode the response",
		    proto_method_name(method));
		msgpack_sbuffer_destroy(&sbuf);
		if (res == NULL)
			return;
		monitor_respond_err(conn, msgid, method, PROTO_E_FAILURE,
		    "%s: result too large or out of memory",
		    proto_method_name(method));
		return;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.conn = conn;
	hdr.msgid = msgid;
	hdr.method = method;
	iov[0].iov_base = &hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = sbuf.data;
	iov[1].iov_len = sbuf.size;
	if (imsgev_composev(&env->fe_iev, IMSG_RPC_RES, conn, -1, iov, 2) ==
	    -1)
		log_warn("response to frontend");
	msgpack_sbuffer_destroy(&sbuf);
}

void
monitor_respond_err(uint32_t conn, uint32_t msgid, enum proto_method method,
    enum proto_errkind kind, const char *fmt, ...)
{
	struct proto_error	 err;
	va_list			 ap;

	memset(&err, 0, sizeof(err));
	err.kind = kind;
	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	monitor_respond(conn, msgid, method, &err, NULL);
}

void
monitor_event(const struct proto_event *ev)
{
	if (!env->fe_iev.active)
		return;
	if (imsgev_compose(&env->fe_iev, IMSG_EVENT_EVT, 0, -1, ev,
	    sizeof(*ev)) == -1)
		log_warn("event to frontend");
}

static void
monitor_sig(int sig, short event, void *arg)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		log_info("received signal %d, shutting down", sig);
		event_loopbreak();
		break;
	case SIGCHLD:
		monitor_reap();
		break;
	default:
		break;
	}
}

static void
monitor_reap(void)
{
	pid_t	 pid;
	int	 status;
	time_t	 now;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != env->fe_pid) {
			domain_child_exited(pid, status);
			continue;
		}
		env->fe_pid = 0;
		monitor_pend_clear();
		imsgev_clear(&env->fe_iev);
		if (env->shutting_down)
			continue;
		log_warnx("frontend exited (status %d), restarting", status);
		now = time(NULL);
		if (now - env->fe_respawn_time > 60) {
			env->fe_respawn_time = now;
			env->fe_respawns = 0;
		}
		/*
		 * Never give up (every domain would die with us), but slow
		 * down: a frontend killed in a loop costs a restart a second.
		 */
		if (++env->fe_respawns > FE_RESPAWN_MAX) {
			struct timeval	 tv = { 1, 0 };

			log_warnx("frontend keeps dying, next start in 1 s");
			evtimer_set(&env->fe_respawn_ev, monitor_respawn, NULL);
			evtimer_add(&env->fe_respawn_ev, &tv);
		} else
			monitor_frontend_spawn();
	}
}

static void
monitor_respawn(int fd, short event, void *arg)
{
	if (!env->shutting_down && env->fe_pid == 0)
		monitor_frontend_spawn();
}

__dead static void
monitor_shutdown(void)
{
	int	 status;

	env->shutting_down = 1;
	domain_shutdown();
	if (env->fe_pid > 0) {
		kill(env->fe_pid, SIGTERM);
		waitpid(env->fe_pid, &status, 0);
	}
	imsgev_clear(&env->fe_iev);
	if (env->sock != -1)
		close(env->sock);
	unlink(env->conf->sc_socket);
	priv_remove_chroot(env->chroot);
	cgroup_env_cleanup(&env->cg);
	env->cleaned = 1;
	log_info("terminated");
	config_free(env->conf);
	exit(0);
}

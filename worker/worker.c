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
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <linux/capability.h>
#include <linux/sched.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event.h>

#include "cgroup.h"
#include "config.h"
#include "imsgev.h"
#include "log.h"
#include "mount.h"
#include "priv.h"
#include "proto.h"
#include "sandbox.h"
#include "supd_imsg.h"
#include "worker.h"

#define WORKER_FD_BASE		100	/* scratch fds while mapping stdio */

/*
 * A process the worker started and has not reported the end of.  While
 * STARTING its close-on-exec pipe is watched: EOF means execve, bytes an
 * error; the exec answer always goes before the exit event.
 */
enum wproc_state {
	WP_STARTING = 0,
	WP_RUNNING,
	WP_FAILED,	/* exec failed: its end is nobody's business */
};

struct wproc {
	uint64_t		 procid;
	pid_t			 pid;
	enum wproc_state	 state;
	int			 rfd;		/* -1 once read */
	struct event		 ev;
	int			 reaped;	/* ended before its answer */
	int			 status;
	int			 pending_sig;	/* held while STARTING */
	TAILQ_ENTRY(wproc)	 entry;
};
TAILQ_HEAD(wprocs, wproc);

/* What the exec child needs, on the worker's memory. */
struct exec_args {
	const struct imsg_wexec	*we;
	const struct proto_exec	*pe;
	int			*fds;
	int			 logs;
	char			**argv;
	char			**envp;
	int			 rfd;	/* the pipe's read end: closed */
	int			 wfd;	/* the pipe's write end */
	int			 in_cgroup;	/* born in the domain cgroup */
};

/* What the exec child reports through the close-on-exec pipe. */
struct exec_failure {
	int32_t		 error;
	char		 step[64];
};

/*
 * The worker's env: the only global of the process besides log state.
 * pend_* hold an exec request while its descriptors arrive.
 */
struct worker_env {
	const struct worker_args *args;
	struct event_base	*base;
	struct imsgev		 chan;
	struct wprocs		 procs;
	const struct sandbox_prog *seccomp;	/* the monitor's, per exec loaded */
	int			 devnull;	/* our /dev/null, checked 1:3 */
	dev_t			 self_dev;	/* supd's binary, never run */
	ino_t			 self_ino;	/* inside a domain */
	int			 into_cgroup;	/* v2: clone3 CLONE_INTO_CGROUP */
	struct imsg_wexec	 pend;
	union proto_params	 pend_params;
	int			 pend_active;
	uint32_t		 pend_got;
	int			 pend_fds[PROTO_FDS_MAX + 1];
};

static struct worker_env	*wenv;

static void	 worker_prepare(const struct worker_args *);
static void	 worker_ready(int, const char *);
static void	 worker_dispatch(int, short, void *);
static int	 worker_exec_req(struct imsg *);
static int	 worker_exec_fd(struct imsg *);
static void	 worker_exec(void);
static void	 worker_exec_done(int, short, void *);
static void	 worker_proc_end(struct wproc *);
static void	 worker_kill(struct wproc *, int);
static pid_t	 worker_spawn(struct exec_args *);
static int	 worker_exec_start(void *);
static void	 worker_pend_clear(void);
__dead static void worker_exec_child(const struct imsg_wexec *,
		    const struct proto_exec *, int *, int, char **, char **,
		    int, int);
static int	 worker_map_fds(const struct proto_exec *, int *, int, int);
static int	 worker_identity(const struct imsg_wexec *);
__dead static void worker_child_fail(int, int, const char *);
static char	**worker_argv(const struct proto_exec *);
static char	**worker_envp(const struct proto_exec *);
static void	 worker_signal(struct imsg *);
static void	 worker_sigchld(int, short, void *);
static int	 worker_devnull(void);
static int	 worker_self(dev_t *, ino_t *);
static void	 worker_oom_reset(void);

__dead void
worker_main(const struct worker_args *args)
{
	static struct worker_env	 we;
	struct mount_spec		 ms;
	struct event			 ev_chld;
	char				 err[PROTO_ERRMSG_MAX];

	wenv = &we;
	we.args = args;
	TAILQ_INIT(&we.procs);
	worker_prepare(args);

	memset(&ms, 0, sizeof(ms));
	ms.root = args->dc->dc_root;
	ms.readonly = args->dc->dc_readonly;
	if (args->dc->dc_namespaces & NS_UTS)
		ms.hostname = args->dc->dc_hostname;
	if (mount_build_root(&ms, NULL, 0, err, sizeof(err)) == -1) {
		worker_ready(EPERM, err);
		_exit(1);
	}
	/*
	 * /dev/null for processes without stdio, opened once now, while
	 * nothing of the domain has run: a domain root could later make
	 * the path lead anywhere, and the exec child is still all-powerful.
	 */
	if ((we.devnull = worker_devnull()) == -1) {
		worker_ready(errno, "/dev/null is not the null device");
		_exit(1);
	}
	if (worker_self(&we.self_dev, &we.self_ino) == -1) {
		worker_ready(errno, "/proc/self/exe");
		_exit(1);
	}
	/* Compiled once by the monitor; each exec'd child installs it. */
	we.seccomp = args->seccomp;
	we.into_cgroup = args->cg->version == CGROUP_V2 &&
	    args->cg->dirfd[0] != -1;
	/*
	 * Domain processes see this process as their pid 1: it must not be
	 * ptraceable nor its /proc entries readable by them.
	 */
	if (prctl(PR_SET_DUMPABLE, 0) == -1) {
		worker_ready(errno, "prctl PR_SET_DUMPABLE");
		_exit(1);
	}

	if ((we.base = event_init()) == NULL)
		fatalx("event_init");
	signal_set(&ev_chld, SIGCHLD, worker_sigchld, NULL);
	signal_add(&ev_chld, NULL);
	imsgev_init(&we.chan, we.base, args->chan, worker_dispatch, NULL);
	imsgbuf_allow_fdpass(&we.chan.ibuf);
	worker_ready(0, "");
	event_dispatch();
	_exit(0);
}

/*
 * First steps of a fresh clone of the monitor: die with the monitor,
 * forget its signal handlers and every descriptor but ours.
 */
static void
worker_prepare(const struct worker_args *args)
{
	struct pollfd		 pfd;
	int			 keep[CG_NCTRL + 3], nkeep = 0, i, j, t, lo;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	/* The monitor may have died before the prctl: its end is gone. */
	pfd.fd = args->chan;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR)))
		_exit(1);

	priv_reset_signals();

	/* Close everything inherited from the monitor but our fds. */
	keep[nkeep++] = args->chan;
	keep[nkeep++] = args->credfd;
	for (i = 0; i < CG_NCTRL; i++)
		if (args->cg->procsfd[i] != -1)
			keep[nkeep++] = args->cg->procsfd[i];
	if (args->cg->version == CGROUP_V2 && args->cg->dirfd[0] != -1)
		keep[nkeep++] = args->cg->dirfd[0];
	for (i = 1; i < nkeep; i++)
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	lo = 3;
	for (i = 0; i < nkeep; i++) {
		if (keep[i] > lo)
			close_range(lo, keep[i] - 1, 0);
		lo = keep[i] + 1;
	}
	close_range(lo, ~0U, 0);
	/*
	 * The monitor's event base came along with the clone.  Its fds are
	 * closed now, so freeing it cannot touch the monitor's epoll set;
	 * it also leaves libevent's signal handling to our own base.
	 */
	if (args->parent_base != NULL)
		event_base_free(args->parent_base);
	/* A fatal error here must not run the monitor's atexit cleanup. */
	log_set_quickexit();
	/* stdin/stdout stay /dev/null-like; stderr is kept for -d. */
	log_procinit("worker");
	setproctitle("worker %s", args->dc->dc_name);
}

/* Tell the monitor the domain is ready (error 0) or why it is not. */
static void
worker_ready(int error, const char *msg)
{
	struct imsgbuf		 ibuf;
	struct imsg_wready	 r;

	memset(&r, 0, sizeof(r));
	r.error = error;
	strlcpy(r.message, msg, sizeof(r.message));
	if (error != 0) {
		/* No event loop yet: write synchronously and leave. */
		if (imsgbuf_init(&ibuf, wenv->args->chan) == -1)
			_exit(1);
		if (imsg_compose(&ibuf, IMSG_W_READY_EVT, 0, 0, -1, &r,
		    sizeof(r)) == 0)
			imsgbuf_flush(&ibuf);
		return;
	}
	imsgev_compose(&wenv->chan, IMSG_W_READY_EVT, 0, -1, &r, sizeof(r));
}

static void
worker_dispatch(int fd, short event, void *arg)
{
	struct imsg	 imsg;
	int		 n, rv;

	/* Without its monitor a domain has no reason to live. */
	if (imsgev_io(&wenv->chan, event) == -1)
		_exit(0);
	for (;;) {
		if ((n = imsg_get(&wenv->chan.ibuf, &imsg)) == -1)
			fatalx("malformed imsg from the monitor");
		if (n == 0)
			break;
		/* Permit table: the monitor sends exec and signals only. */
		switch (imsg.hdr.type) {
		case IMSG_W_EXEC_REQ:
			rv = worker_exec_req(&imsg);
			break;
		case IMSG_W_FD:
			rv = worker_exec_fd(&imsg);
			break;
		case IMSG_W_SIGNAL_REQ:
			rv = 0;
			if (imsg.fd != -1 || wenv->pend_active)
				rv = -1;
			else
				worker_signal(&imsg);
			break;
		default:
			rv = -1;
			break;
		}
		if (rv == -1)
			fatalx("protocol violation by the monitor (type %u)",
			    imsg.hdr.type);
		imsg_free(&imsg);
	}
	imsgev_update(&wenv->chan);
}

static int
worker_exec_req(struct imsg *imsg)
{
	struct proto_error	 err;
	size_t			 len = imsg_len(imsg);

	if (wenv->pend_active || imsg->fd != -1 ||
	    len < sizeof(wenv->pend))
		return (-1);
	memcpy(&wenv->pend, imsg->data, sizeof(wenv->pend));
	if (wenv->pend.nfds > PROTO_FDS_MAX + 1 || wenv->pend.logs_fd > 1 ||
	    (wenv->pend.logs_fd && wenv->pend.nfds == 0))
		return (-1);
	memset(&wenv->pend_params, 0, sizeof(wenv->pend_params));
	/* Decoded once more: the monitor is trusted, but not blindly. */
	if (proto_decode_params(PROTO_M_EXEC, (char *)imsg->data +
	    sizeof(wenv->pend), len - sizeof(wenv->pend), &wenv->pend_params,
	    &err) == -1) {
		log_warnx("exec request: %s", err.message);
		return (-1);
	}
	if (wenv->pend_params.exec.nfds + wenv->pend.logs_fd !=
	    wenv->pend.nfds) {
		proto_params_free(PROTO_M_EXEC, &wenv->pend_params);
		return (-1);
	}
	wenv->pend_active = 1;
	wenv->pend_got = 0;
	if (wenv->pend.nfds == 0)
		worker_exec();
	return (0);
}

static int
worker_exec_fd(struct imsg *imsg)
{
	struct imsg_wfd	 wfd;

	if (!wenv->pend_active || imsg->fd == -1 ||
	    imsg_get_data(imsg, &wfd, sizeof(wfd)) == -1 ||
	    wfd.procid != wenv->pend.procid ||
	    wfd.index != wenv->pend_got)
		return (-1);
	wenv->pend_fds[wenv->pend_got++] = imsg->fd;
	imsg->fd = -1;
	if (wenv->pend_got == wenv->pend.nfds)
		worker_exec();
	return (0);
}

static void
worker_pend_clear(void)
{
	uint32_t	 i;

	for (i = 0; i < wenv->pend_got; i++)
		if (wenv->pend_fds[i] != -1)
			close(wenv->pend_fds[i]);
	wenv->pend_got = 0;
	proto_params_free(PROTO_M_EXEC, &wenv->pend_params);
	wenv->pend_active = 0;
}

/*
 * Start one process: clone and go back to the loop; the child sets
 * itself up and execs, and worker_exec_done answers once its pipe says
 * how that went.  A child that is stopped on its way (a process of the
 * same uid may do that) delays its own answer only.
 */
static void
worker_exec(void)
{
	struct proto_exec	*pe = &wenv->pend_params.exec;
	struct exec_args	 ca;
	struct imsg_wexec_res	 res;
	struct wproc		*wp = NULL;
	char			**argv = NULL, **envp = NULL;
	pid_t			 pid;
	int			 pfd[2] = { -1, -1 }, logs = -1;

	memset(&res, 0, sizeof(res));
	res.procid = wenv->pend.procid;
	if (wenv->pend.logs_fd)
		logs = wenv->pend_fds[wenv->pend.nfds - 1];
	if ((argv = worker_argv(pe)) == NULL ||
	    (envp = worker_envp(pe)) == NULL ||
	    (wp = calloc(1, sizeof(*wp))) == NULL) {
		res.error = ENOMEM;
		strlcpy(res.message, "exec: out of memory",
		    sizeof(res.message));
		goto fail;
	}
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		res.error = errno;
		snprintf(res.message, sizeof(res.message), "pipe: %s",
		    strerror(errno));
		goto fail;
	}
	memset(&ca, 0, sizeof(ca));
	ca.we = &wenv->pend;
	ca.pe = pe;
	ca.fds = wenv->pend_fds;
	ca.logs = logs;
	ca.argv = argv;
	ca.envp = envp;
	ca.rfd = pfd[0];
	ca.wfd = pfd[1];
	if ((pid = worker_spawn(&ca)) == -1) {
		res.error = errno;
		snprintf(res.message, sizeof(res.message), "clone: %s",
		    strerror(errno));
		goto fail;
	}
	close(pfd[1]);
	wp->procid = wenv->pend.procid;
	wp->pid = pid;
	wp->state = WP_STARTING;
	wp->rfd = pfd[0];
	event_set(&wp->ev, wp->rfd, EV_READ, worker_exec_done, wp);
	event_add(&wp->ev, NULL);
	TAILQ_INSERT_TAIL(&wenv->procs, wp, entry);
	free(argv);
	free(envp);
	worker_pend_clear();
	return;
 fail:
	if (pfd[0] != -1)
		close(pfd[0]);
	if (pfd[1] != -1)
		close(pfd[1]);
	free(wp);
	free(argv);
	free(envp);
	worker_pend_clear();
	imsgev_compose(&wenv->chan, IMSG_W_EXEC_RES, 0, -1, &res,
	    sizeof(res));
}

static void
worker_exec_done(int fd, short event, void *arg)
{
	struct wproc		*wp = arg;
	struct imsg_wexec_res	 res;
	struct exec_failure	 ef;
	ssize_t			 n;

	do {
		n = read(wp->rfd, &ef, sizeof(ef));
	} while (n == -1 && errno == EINTR);
	close(wp->rfd);
	wp->rfd = -1;
	memset(&res, 0, sizeof(res));
	res.procid = wp->procid;
	if (n == 0) {
		/* EOF: the pipe closed on a successful execve. */
		res.pid = wp->pid;
		wp->state = WP_RUNNING;
	} else {
		if (n != sizeof(ef)) {
			ef.error = EIO;
			strlcpy(ef.step, "exec", sizeof(ef.step));
		}
		ef.step[sizeof(ef.step) - 1] = '\0';
		res.error = ef.error > 0 ? ef.error : EIO;
		snprintf(res.message, sizeof(res.message), "%s: %s", ef.step,
		    strerror(res.error));
		wp->state = WP_FAILED;
	}
	imsgev_compose(&wenv->chan, IMSG_W_EXEC_RES, 0, -1, &res,
	    sizeof(res));
	if (wp->reaped)
		worker_proc_end(wp);
	else if (wp->state == WP_RUNNING && wp->pending_sig != 0)
		worker_kill(wp, wp->pending_sig);
}

/* A process is gone: report it (when it had run) and forget it. */
static void
worker_proc_end(struct wproc *wp)
{
	struct imsg_wexit	 wx;

	if (wp->state == WP_RUNNING) {
		memset(&wx, 0, sizeof(wx));
		wx.procid = wp->procid;
		wx.pid = wp->pid;
		wx.status = wp->status;
		imsgev_compose(&wenv->chan, IMSG_W_EXIT_EVT, 0, -1, &wx,
		    sizeof(wx));
	}
	TAILQ_REMOVE(&wenv->procs, wp, entry);
	free(wp);
}

/*
 * Start the exec child: a fork (its own copy of our memory, so nothing
 * it does can touch ours, and we need not wait for it).  Signals are
 * blocked across the clone so no handler of the worker runs in it.  On
 * cgroup v2 the child is born in the domain cgroup; where delegation
 * forbids that from our cgroup namespace, we fall back (once and for
 * all) to the child moving in through the monitor's cgroup.procs fd.
 */
static pid_t
worker_spawn(struct exec_args *ca)
{
	struct clone_args	 cla;
	sigset_t		 all, old;
	pid_t			 pid = -1;
	int			 saved;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	memset(&cla, 0, sizeof(cla));
	cla.exit_signal = SIGCHLD;
	if (wenv->into_cgroup) {
		cla.flags = CLONE_INTO_CGROUP;
		cla.cgroup = (uint64_t)wenv->args->cg->dirfd[0];
		pid = syscall(SYS_clone3, &cla, sizeof(cla));
		if (pid == 0) {
			ca->in_cgroup = 1;
			worker_exec_start(ca);
		}
		if (pid == -1) {
			log_warnx("clone3 CLONE_INTO_CGROUP: %s; attaching "
			    "through cgroup.procs instead", strerror(errno));
			wenv->into_cgroup = 0;
			cla.flags = 0;
		}
	}
	if (!wenv->into_cgroup) {
		pid = syscall(SYS_clone3, &cla, sizeof(cla));
		if (pid == 0)
			worker_exec_start(ca);
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return (pid);
}

static int
worker_exec_start(void *arg)
{
	struct exec_args	*ca = arg;

	/* The worker's handlers are not the target's: defaults, unblocked. */
	priv_reset_signals();
	close(ca->rfd);
	worker_exec_child(ca->we, ca->pe, ca->fds, ca->logs, ca->argv,
	    ca->envp, ca->wfd, ca->in_cgroup);
}

static char **
worker_argv(const struct proto_exec *pe)
{
	char	**argv;
	size_t	  i;

	if ((argv = reallocarray(NULL, pe->args.n + 2, sizeof(*argv))) ==
	    NULL)
		return (NULL);
	argv[0] = pe->path;
	for (i = 0; i < pe->args.n; i++)
		argv[i + 1] = pe->args.v[i];
	argv[pe->args.n + 1] = NULL;
	return (argv);
}

/* "KEY=VALUE" strings; an absent env is an empty environment. */
static char **
worker_envp(const struct proto_exec *pe)
{
	char	**envp;
	size_t	  i, n = pe->has_env ? pe->env.n : 0;

	if ((envp = calloc(n + 1, sizeof(*envp))) == NULL)
		return (NULL);
	for (i = 0; i < n; i++) {
		if (asprintf(&envp[i], "%s=%s", pe->env.kv[i].key,
		    pe->env.kv[i].value) == -1) {
			while (i > 0)
				free(envp[--i]);
			free(envp);
			return (NULL);
		}
	}
	return (envp);
}

__dead static void
worker_child_fail(int pfd, int error, const char *step)
{
	struct exec_failure	 ef;

	memset(&ef, 0, sizeof(ef));
	ef.error = error;
	strlcpy(ef.step, step, sizeof(ef.step));
	(void)write(pfd, &ef, sizeof(ef));
	_exit(127);
}

/*
 * The child, between clone and execve.  Every step is checked; any
 * failure is reported through the pipe and the child exits, so a process
 * never runs with a partial sandbox.
 */
__dead static void
worker_exec_child(const struct imsg_wexec *we, const struct proto_exec *pe,
    int *fds, int logs, char **argv, char **envp, int pfd, int in_cgroup)
{
	const struct worker_args	*args = wenv->args;
	struct stat			 st;
	char				 buf[PROTO_PATH_MAX];
	const char			*cwd;

	/* Own session and process group, no controlling tty (TIOCSTI). */
	if (setsid() == -1)
		worker_child_fail(pfd, errno, "setsid");
	/*
	 * The kernel tells the monitor our host pid with this message.  A
	 * failure costs the host pid only, never the exec.
	 */
	(void)send(args->credfd, &we->procid, sizeof(we->procid),
	    MSG_NOSIGNAL | MSG_DONTWAIT);
	/* Into the domain cgroup before a single instruction of the target. */
	if (!in_cgroup && cgroup_attach_self(args->cg) == -1)
		worker_child_fail(pfd, errno, "cgroup attach");
	/* The monitor's low OOM score is not the workload's. */
	worker_oom_reset();
	/* ... and seeing that cgroup as its root. */
	if ((args->dc->dc_namespaces & NS_CGROUP) &&
	    unshare(CLONE_NEWCGROUP) == -1)
		worker_child_fail(pfd, errno, "unshare cgroup namespace");
	if (worker_map_fds(pe, fds, logs, pfd) == -1)
		worker_child_fail(pfd, errno, "file descriptors");

	if (worker_identity(we) == -1)
		worker_child_fail(pfd, errno, "set user and capabilities");
	/* As the exec user: its permissions decide, not root's. */
	cwd = pe->cwd != NULL ? pe->cwd : "/";
	if (chdir(cwd) == -1) {
		snprintf(buf, sizeof(buf), "chdir %s", cwd);
		worker_child_fail(pfd, errno, buf);
	}
	/* The cwd must be inside the domain root (CVE-2024-21626). */
	if (getcwd(buf, sizeof(buf)) == NULL || buf[0] != '/')
		worker_child_fail(pfd, ENOENT, "cwd outside the domain");
	/* Nothing the target execs may gain privileges (setuid, fcaps). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		worker_child_fail(pfd, errno, "no_new_privs");
	/* Last, so the filter never has to allow our own set-up. */
	if (wenv->seccomp != NULL &&
	    sandbox_install_prog(wenv->seccomp, buf, sizeof(buf)) == -1)
		worker_child_fail(pfd, EPERM, "seccomp");

	/*
	 * Until its execve the child is supd: a path leading to its own
	 * binary (/proc/self/exe, or a link there) would run the
	 * supervisor inside the domain.
	 */
	snprintf(buf, sizeof(buf), "exec %s", pe->path);
	if (stat(pe->path, &st) == 0 && st.st_dev == wenv->self_dev &&
	    st.st_ino == wenv->self_ino)
		worker_child_fail(pfd, EACCES, buf);
	execve(pe->path, argv, envp);
	worker_child_fail(pfd, errno, buf);
}

/*
 * Give the child exactly stdin, stdout, stderr and extra_files as fd
 * 0, 1, 2 and 3+i, and mark everything else close-on-exec (the error
 * pipe closes with the execve; no descriptor of supd survives it).
 * Sources are first moved above every target so no dup2 clobbers one.
 */
static int
worker_map_fds(const struct proto_exec *pe, int *fds, int logs, int pfd)
{
	int	 src[3 + PROTO_EXTRA_MAX], ntarget, i, devnull = -1, base;

	ntarget = 3 + (int)pe->nextra;
	base = WORKER_FD_BASE + ntarget;
	/* Opened and checked once at start-up, never by path here. */
	devnull = wenv->devnull;
	src[0] = pe->stdin_idx >= 0 ? fds[pe->stdin_idx] : devnull;
	src[1] = pe->stdout_idx >= 0 ? fds[pe->stdout_idx] :
	    (logs != -1 ? logs : devnull);
	src[2] = pe->stderr_idx >= 0 ? fds[pe->stderr_idx] :
	    (logs != -1 ? logs : devnull);
	for (i = 0; i < (int)pe->nextra; i++)
		src[3 + i] = fds[pe->extra[i]];
	for (i = 0; i < ntarget; i++)
		if ((src[i] = fcntl(src[i], F_DUPFD_CLOEXEC, base)) == -1)
			return (-1);
	if (pfd < base && (pfd = fcntl(pfd, F_DUPFD_CLOEXEC, base)) == -1)
		return (-1);
	for (i = 0; i < ntarget; i++)
		if (dup2(src[i], i) == -1)
			return (-1);
	return (close_range(ntarget, ~0U, CLOSE_RANGE_CLOEXEC));
}

/*
 * The exec user: bounding set cut to the domain's ceiling first (needs
 * CAP_SETPCAP), then exactly one group, then the ids.  A non-root user
 * loses every capability with setresuid; root keeps only the ceiling.
 */
static int
worker_identity(const struct imsg_wexec *we)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[2];
	gid_t				 gid = we->gid;
	int				 cap;

	for (cap = 0; cap <= PROTO_CAP_LAST; cap++) {
		if (we->caps_bounding & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 &&
		    errno != EINVAL)
			return (-1);
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		return (-1);
	if (setgroups(1, &gid) == -1 ||
	    setresgid(we->gid, we->gid, we->gid) == -1 ||
	    setresuid(we->uid, we->uid, we->uid) == -1)
		return (-1);
	if (we->uid != 0)
		return (0);
	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	data[0].effective = data[0].permitted =
	    (uint32_t)(we->caps_bounding & 0xffffffffULL);
	data[1].effective = data[1].permitted =
	    (uint32_t)(we->caps_bounding >> 32);
	return (syscall(SYS_capset, &hdr, data) == -1 ? -1 : 0);
}

static void
worker_oom_reset(void)
{
	int	 fd;

	if ((fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC)) ==
	    -1)
		return;
	(void)write(fd, "0", 1);
	close(fd);
}

static int
worker_self(dev_t *dev, ino_t *ino)
{
	struct stat	 st;

	if (stat("/proc/self/exe", &st) == -1)
		return (-1);
	*dev = st.st_dev;
	*ino = st.st_ino;
	return (0);
}

static int
worker_devnull(void)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open("/dev/null", O_RDWR | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || !S_ISCHR(st.st_mode) ||
	    st.st_rdev != makedev(1, 3)) {
		close(fd);
		errno = EINVAL;
		return (-1);
	}
	return (fd);
}

static void
worker_signal(struct imsg *imsg)
{
	struct imsg_wsignal	 ws;
	struct wproc		*wp;

	if (imsg_get_data(imsg, &ws, sizeof(ws)) == -1 || ws.signo <= 0 ||
	    ws.signo >= NSIG)
		fatalx("bad signal request");
	TAILQ_FOREACH(wp, &wenv->procs, entry)
		if (wp->procid == ws.procid)
			break;
	/* Already reaped: it exited, nothing to signal, nothing reused. */
	if (wp == NULL || wp->reaped || wp->state == WP_FAILED)
		return;
	/*
	 * Still between clone and execve: held until the exec is known to
	 * have happened, so a signal never passes for an exec failure.
	 * SIGKILL wins over anything held before.
	 */
	if (wp->state == WP_STARTING) {
		if (wp->pending_sig != SIGKILL)
			wp->pending_sig = ws.signo;
		return;
	}
	worker_kill(wp, ws.signo);
}

/*
 * Not reaped yet, so neither its pid nor its group id can have been
 * reused.  The group gets it, and the leader too in case it left.
 */
static void
worker_kill(struct wproc *wp, int signo)
{
	if (kill(-wp->pid, signo) == -1 && errno != ESRCH)
		log_warn("signal group %d", wp->pid);
	if (kill(wp->pid, signo) == -1 && errno != ESRCH)
		log_warn("signal %d", wp->pid);
}

/*
 * As pid 1 of the domain the worker reaps every child, orphans
 * included; each reaped process is reported (procid 0 for those it did
 * not start) so the monitor can tell when the domain is empty.  One
 * whose exec answer is still pending keeps its status until then.
 */
static void
worker_sigchld(int sig, short event, void *arg)
{
	struct imsg_wexit	 wx;
	struct wproc		*wp;
	pid_t			 pid;
	int			 status;

	while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
		TAILQ_FOREACH(wp, &wenv->procs, entry)
			if (wp->pid == pid)
				break;
		if (wp != NULL) {
			wp->reaped = 1;
			wp->status = status;
			if (wp->state != WP_STARTING)
				worker_proc_end(wp);
			continue;
		}
		memset(&wx, 0, sizeof(wx));
		wx.pid = pid;
		wx.status = status;
		imsgev_compose(&wenv->chan, IMSG_W_EXIT_EVT, 0, -1, &wx,
		    sizeof(wx));
	}
}

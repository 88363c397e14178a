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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
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
#include "imsgev.h"
#include "log.h"
#include "monitor.h"
#include "priv.h"
#include "proto.h"
#include "sandbox.h"
#include "supd_imsg.h"
#include "worker.h"

#define STOP_TIMEOUT_DEF	10000	/* ms when stop names none */
#define STOP_POLL_MS		10	/* emptiness check while stopping */
#define TIMEOUT_MAX_MS		(1ULL << 40)	/* ~35 years: "forever" */
#define LOGS_HELPER_TIMEOUT	2	/* s to connect a logs_sock */
#define WAITERS_MAX		64	/* stops per domain, kills per process */

static void	 domain_start(const struct imsg_rpc *, struct proto_start *);
static int	 domain_spawn(struct domain *, char *, size_t);
static void	 domain_exec(const struct imsg_rpc *, struct proto_exec *,
		    int *, uint32_t);
static int	 domain_logs_open(struct domain *, const char *,
		    const struct imsg_rpc *, char *, size_t);
static int	 domain_logs_helper(const char *, const struct client *,
		    char *, size_t);
static int	 logs_connect(const char *);
static void	 logs_helper_prepare(int);
static void	 msg_init(struct msghdr *, struct iovec *, void *, size_t,
		    void *, size_t);
static void	 domain_signal(const struct imsg_rpc *, struct proto_target *,
		    int);
static void	 domain_stop(const struct imsg_rpc *, struct proto_domreq *);
static void	 domain_stop_check(struct domain *);
static void	 domain_stop_tick(int, short, void *);
static void	 domain_teardown(struct domain *);
static void	 domain_finish(struct domain *, const char *);
static void	 domain_events(const struct imsg_rpc *, struct proto_domreq *);
static void	 domain_status(const struct imsg_rpc *, struct proto_domreq *);
static void	 domain_dispatch(int, short, void *);
static int	 domain_ready(struct domain *, struct imsg *);
static int	 domain_exec_res(struct domain *, struct imsg *);
static int	 domain_exit_evt(struct domain *, struct imsg *);
static void	 domain_proc_exited(struct domain *, struct proc *,
		    enum proto_cause, int);
static void	 domain_kill_timeout(int, short, void *);
static struct proc *proc_find(struct domain *, const char *);
static void	 proc_free(struct proc *);
static struct waiter *waiter_new(const struct imsg_rpc *);
static void	 waiter_free(struct waiter *);
static size_t	 waiters_count(const struct waiters *);
static void	 waiter_respond(struct waiter *, const union proto_result *);
static void	 waiter_respond_err(struct waiter *, enum proto_errkind,
		    const char *, ...) __attribute__((__format__ (printf, 3, 4)));
static pid_t	 domain_host_pid(struct domain *, uint64_t);
static uint64_t	 realtime_ms(void);
static const char *domain_state_name(enum dom_state);
static void	 domain_status_free(struct proto_status_result *);
static void	 domain_exec_abort(struct domain *, struct proc *,
		    const char *);
static void	 domain_worker_lost(struct domain *, const char *);
static void	 proc_answer_killers(struct proc *, enum proto_errkind);
static double	 domain_elapsed_ms(const struct domain *);

void
domain_init(void)
{
	const struct seccomp_profile	*sp;
	struct domain_conf		*dc;
	struct domain			*dom;
	char				 err[PROTO_ERRMSG_MAX];

	TAILQ_FOREACH(dc, &env->conf->sc_domains, dc_entry) {
		if ((dom = calloc(1, sizeof(*dom))) == NULL)
			fatal("calloc");
		/* Compiled once: every worker of the domain inherits it. */
		if ((sp = config_domain_seccomp(env->conf, dc)) != NULL &&
		    sandbox_compile_profile(sp, &dom->dom_seccomp, err,
		    sizeof(err)) == -1)
			fatalx("domain %s: seccomp profile %s: %s", dc->dc_name,
			    sp->sp_name, err);
		dom->dom_conf = dc;
		dom->dom_name = dc->dc_name;
		dom->dom_state = DOM_STOPPED;
		dom->dom_credfd = -1;
		cgroup_zero(&dom->dom_cg);
		TAILQ_INIT(&dom->dom_procs);
		TAILQ_INIT(&dom->dom_stoppers);
		TAILQ_INSERT_TAIL(&env->domains, dom, dom_entry);
	}
}

struct domain *
domain_find(const char *name)
{
	struct domain	*dom;

	TAILQ_FOREACH(dom, &env->domains, dom_entry)
		if (strcmp(dom->dom_name, name) == 0)
			return (dom);
	return (NULL);
}

static const char *
domain_state_name(enum dom_state st)
{
	switch (st) {
	case DOM_STOPPED:
		return ("stopped");
	case DOM_STARTING:
		return ("starting");
	case DOM_RUNNING:
		return ("running");
	case DOM_FROZEN:
		return ("frozen");
	case DOM_STOPPING:
		return ("stopping");
	}
	return ("unknown");
}

/* Time since the domain's start began, in ms. */
static double
domain_elapsed_ms(const struct domain *dom)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((now.tv_sec - dom->dom_started.tv_sec) * 1e3 +
	    (now.tv_nsec - dom->dom_started.tv_nsec) / 1e6);
}

static uint64_t
realtime_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

static struct waiter *
waiter_new(const struct imsg_rpc *hdr)
{
	struct waiter	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "%s: out of memory",
		    proto_method_name(hdr->method));
		return (NULL);
	}
	w->w_conn = hdr->conn;
	w->w_msgid = hdr->msgid;
	w->w_method = hdr->method;
	w->w_epoch = env->fe_epoch;
	return (w);
}

/*
 * Answers go only to the frontend the request came from: a restarted
 * frontend numbers its connections afresh, and must not receive an
 * answer meant for a client of its predecessor.
 */
static void
waiter_respond(struct waiter *w, const union proto_result *res)
{
	if (w->w_epoch == env->fe_epoch && !w->w_orphan)
		monitor_respond(w->w_conn, w->w_msgid, w->w_method, NULL, res);
}

static void
waiter_respond_err(struct waiter *w, enum proto_errkind kind,
    const char *fmt, ...)
{
	struct proto_error	 err;
	va_list			 ap;

	if (w->w_epoch != env->fe_epoch || w->w_orphan)
		return;
	memset(&err, 0, sizeof(err));
	err.kind = kind;
	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	monitor_respond(w->w_conn, w->w_msgid, w->w_method, &err, NULL);
}

static size_t
waiters_count(const struct waiters *ws)
{
	const struct waiter	*w;
	size_t			 n = 0;

	TAILQ_FOREACH(w, ws, w_entry)
		n++;
	return (n);
}

static void
waiter_free(struct waiter *w)
{
	if (w->w_timed)
		evtimer_del(&w->w_timer);
	free(w);
}

void
domain_handle(const struct imsg_rpc *hdr, union proto_params *p, int *fds,
    uint32_t nfds)
{
	switch (hdr->method) {
	case PROTO_M_START:
		domain_start(hdr, &p->start);
		break;
	case PROTO_M_EXEC:
		domain_exec(hdr, &p->exec, fds, nfds);
		break;
	case PROTO_M_TERMINATE:
		domain_signal(hdr, &p->target, SIGTERM);
		break;
	case PROTO_M_KILL:
		domain_signal(hdr, &p->target, SIGKILL);
		break;
	case PROTO_M_STOP:
		domain_stop(hdr, &p->dom);
		break;
	case PROTO_M_EVENTS:
		domain_events(hdr, &p->dom);
		break;
	case PROTO_M_STATUS:
		domain_status(hdr, &p->dom);
		break;
	default:
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "%s: not supported",
		    proto_method_name(hdr->method));
		break;
	}
}

/*
 * start: cgroup, then the worker in fresh namespaces; the answer waits
 * for the worker's ready message (mounts and pivot_root done).
 */
static void
domain_start(const struct imsg_rpc *hdr, struct proto_start *ps)
{
	struct domain	*dom;
	struct waiter	*w;
	char		 err[PROTO_ERRMSG_MAX];
	size_t		 i = 0;

	if ((dom = domain_find(ps->domain)) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "start: no such domain: %s",
		    ps->domain);
		return;
	}
	if (dom->dom_state != DOM_STOPPED) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_INVALID_STATE, "start: domain %s is %s",
		    dom->dom_name, domain_state_name(dom->dom_state));
		return;
	}
	if (ps->cgroup_profile[0] != '\0') {
		for (i = 0; i < dom->dom_conf->dc_ncgprofiles; i++)
			if (strcmp(dom->dom_conf->dc_cgprofiles[i].name,
			    ps->cgroup_profile) == 0)
				break;
		if (i == dom->dom_conf->dc_ncgprofiles) {
			monitor_respond_err(hdr->conn, hdr->msgid,
			    hdr->method, PROTO_E_NO_SUCH_ENTITY,
			    "start: no such cgroup profile: %s",
			    ps->cgroup_profile);
			return;
		}
	}
	if ((w = waiter_new(hdr)) == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &dom->dom_started);
	if (cgroup_create(&env->cg, dom->dom_name, dom->dom_conf->dc_pids_max,
	    &dom->dom_cg, err, sizeof(err)) == -1)
		goto fail;
	if (ps->cgroup_profile[0] != '\0') {
		if (cgroup_set_profile(&dom->dom_cg,
		    &dom->dom_conf->dc_cgprofiles[i]) == -1) {
			snprintf(err, sizeof(err), "cgroup profile %s: %s",
			    ps->cgroup_profile, strerror(errno));
			cgroup_destroy(&dom->dom_cg);
			goto fail;
		}
		strlcpy(dom->dom_profile, ps->cgroup_profile,
		    sizeof(dom->dom_profile));
	} else
		dom->dom_profile[0] = '\0';
	cgroup_oom_kills(&dom->dom_cg, &dom->dom_oom_kills);
	if (domain_spawn(dom, err, sizeof(err)) == -1) {
		cgroup_destroy(&dom->dom_cg);
		goto fail;
	}
	dom->dom_start = w;
	dom->dom_state = DOM_STARTING;
	log_debug("domain %s: starting, worker %d", dom->dom_name,
	    dom->dom_worker);
	return;
 fail:
	log_warnx("domain %s: start: %s", dom->dom_name, err);
	monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
	    PROTO_E_FAILURE, "start: %s", err);
	waiter_free(w);
}

/*
 * Clone the worker into the domain's namespaces.  The raw clone call
 * returns twice like fork; the monitor is single-threaded, so the child
 * may go on in its copy of the address space.
 */
static int
domain_spawn(struct domain *dom, char *err, size_t errlen)
{
	struct domain_conf	*dc = dom->dom_conf;
	struct worker_args	 wa;
	unsigned long		 flags = SIGCHLD;
	pid_t			 pid;
	int			 sp[2], cp[2] = { -1, -1 }, one = 1;

	if (dc->dc_namespaces & NS_PID)
		flags |= CLONE_NEWPID;
	if (dc->dc_namespaces & NS_MOUNT)
		flags |= CLONE_NEWNS;
	if (dc->dc_namespaces & NS_UTS)
		flags |= CLONE_NEWUTS;
	if (dc->dc_namespaces & NS_IPC)
		flags |= CLONE_NEWIPC;
	if (dc->dc_namespaces & NS_NET)
		flags |= CLONE_NEWNET;
	if (dc->dc_namespaces & NS_CGROUP)
		flags |= CLONE_NEWCGROUP;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sp) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return (-1);
	}
	/*
	 * A second pair only for host pids: each exec'd child sends its
	 * procid on it before execve, and the kernel stamps the message
	 * with the child's pid as seen from the monitor's namespace.
	 */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0, cp) == -1 || setsockopt(cp[0], SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof(one)) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		goto fail;
	}
	pid = syscall(SYS_clone, flags, NULL, NULL, NULL, 0);
	if (pid == -1) {
		snprintf(err, errlen, "clone: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		close(sp[0]);
		close(cp[0]);
		memset(&wa, 0, sizeof(wa));
		wa.dc = dc;
		wa.cg = &dom->dom_cg;
		wa.chan = sp[1];
		wa.credfd = cp[1];
		wa.parent_base = env->base;
		wa.seccomp = dom->dom_seccomp.sp_insns != NULL ?
		    &dom->dom_seccomp : NULL;
		worker_main(&wa);
	}
	close(sp[1]);
	close(cp[1]);
	dom->dom_worker = pid;
	dom->dom_credfd = cp[0];
	imsgev_init(&dom->dom_iev, env->base, sp[0], domain_dispatch, dom);
	return (0);
 fail:
	close(sp[0]);
	close(sp[1]);
	if (cp[0] != -1) {
		close(cp[0]);
		close(cp[1]);
	}
	return (-1);
}

/* One data buffer and an optional control buffer (ctl NULL: none). */
static void
msg_init(struct msghdr *msg, struct iovec *iov, void *data, size_t len,
    void *ctl, size_t ctllen)
{
	memset(msg, 0, sizeof(*msg));
	iov->iov_base = data;
	iov->iov_len = len;
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = ctl;
	msg->msg_controllen = ctl != NULL ? ctllen : 0;
}

/*
 * The host pid of the process procid, from the credentials the kernel
 * attached to its message (sent before its execve, so always queued by
 * the time its exec result is read).  Older messages, of execs that
 * failed, are skipped.  0 when none is found.
 */
static pid_t
domain_host_pid(struct domain *dom, uint64_t procid)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(struct ucred))];
	} cmsgbuf;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct iovec	 iov;
	struct ucred	 uc;
	uint64_t	 id;
	ssize_t		 n;

	for (;;) {
		msg_init(&msg, &iov, &id, sizeof(id), cmsgbuf.buf,
		    sizeof(cmsgbuf.buf));
		n = recvmsg(dom->dom_credfd, &msg, MSG_DONTWAIT |
		    MSG_CMSG_CLOEXEC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n != sizeof(id))
			return (0);
		for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL;
		    cmsg = CMSG_NXTHDR(&msg, cmsg)) {
			if (cmsg->cmsg_level != SOL_SOCKET ||
			    cmsg->cmsg_type != SCM_CREDENTIALS ||
			    cmsg->cmsg_len != CMSG_LEN(sizeof(uc)))
				continue;
			memcpy(&uc, CMSG_DATA(cmsg), sizeof(uc));
			if (id == procid)
				return (uc.pid > 0 ? uc.pid : 0);
		}
	}
}

static struct proc *
proc_find(struct domain *dom, const char *name)
{
	struct proc	*p;

	TAILQ_FOREACH(p, &dom->dom_procs, proc_entry)
		if (strcmp(p->proc_name, name) == 0)
			return (p);
	return (NULL);
}

/*
 * Answer every kill waiting on a process that will never be reported
 * (its exec failed, its domain ended before it ran).
 */
static void
proc_answer_killers(struct proc *p, enum proto_errkind kind)
{
	struct waiter	*w;

	while ((w = TAILQ_FIRST(&p->proc_killers)) != NULL) {
		TAILQ_REMOVE(&p->proc_killers, w, w_entry);
		if (kind == PROTO_E_NONE)
			waiter_respond(w, NULL);
		else
			waiter_respond_err(w, kind, "kill: no such process: "
			    "%s (its exec failed)", p->proc_name);
		waiter_free(w);
	}
}

static void
proc_free(struct proc *p)
{
	struct waiter	*w;

	while ((w = TAILQ_FIRST(&p->proc_killers)) != NULL) {
		TAILQ_REMOVE(&p->proc_killers, w, w_entry);
		waiter_free(w);
	}
	if (p->proc_exec != NULL)
		waiter_free(p->proc_exec);
	free(p);
}

static void
domain_exec(const struct imsg_rpc *hdr, struct proto_exec *pe, int *fds,
    uint32_t nfds)
{
	msgpack_sbuffer		 sbuf;
	struct domain		*dom;
	struct proc		*p, *old;
	struct imsg_wexec	 we;
	struct imsg_wfd		 wfd;
	struct iovec		 iov[2];
	struct stat		 st;
	char			 err[PROTO_ERRMSG_MAX];
	size_t			 nexited = 0;
	uint32_t		 i;
	int			 logs = -1, rv = 0;

	if ((dom = domain_find(pe->domain)) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "exec: no such domain: %s",
		    pe->domain);
		return;
	}
	if (dom->dom_state != DOM_RUNNING) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_INVALID_STATE, "exec: domain %s is %s",
		    dom->dom_name, domain_state_name(dom->dom_state));
		return;
	}
	if (!dom->dom_iev.active) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "exec: the worker of domain %s is gone",
		    dom->dom_name);
		return;
	}
	if ((old = proc_find(dom, pe->name)) != NULL &&
	    old->proc_state != PROC_EXITED) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_INVALID_STATE, "exec: process %s is already "
		    "running in %s", pe->name, dom->dom_name);
		return;
	}
	/* Checked again here: the frontend might lie about the types. */
	for (i = 0; i < nfds; i++) {
		if (fstat(fds[i], &st) == -1 || S_ISDIR(st.st_mode) ||
		    (fcntl(fds[i], F_GETFL) & O_PATH)) {
			monitor_respond_err(hdr->conn, hdr->msgid,
			    hdr->method, PROTO_E_SERDE,
			    "exec: fds[%u]: unusable descriptor", i);
			return;
		}
	}
	if (pe->logs_sock != NULL && (logs = domain_logs_open(dom,
	    pe->logs_sock, hdr, err, sizeof(err))) == -1) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "exec: logs_sock %s: %s", pe->logs_sock,
		    err);
		return;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->proc_exec = waiter_new(hdr)) == NULL) {
		free(p);
		if (logs != -1)
			close(logs);
		return;
	}
	/* The name is reused: the old, exited entry goes. */
	if (old != NULL) {
		TAILQ_REMOVE(&dom->dom_procs, old, proc_entry);
		proc_free(old);
	}
	/*
	 * Exited names are remembered within a bound (so status stays far
	 * below the message limit): the oldest go first.
	 */
	TAILQ_FOREACH(old, &dom->dom_procs, proc_entry)
		if (old->proc_state == PROC_EXITED)
			nexited++;
	if (nexited >= DOMAIN_EXITED_MAX) {
		TAILQ_FOREACH(old, &dom->dom_procs, proc_entry)
			if (old->proc_state == PROC_EXITED)
				break;
		if (old != NULL) {
			TAILQ_REMOVE(&dom->dom_procs, old, proc_entry);
			proc_free(old);
		}
	}
	strlcpy(p->proc_name, pe->name, sizeof(p->proc_name));
	p->proc_id = env->next_procid++;
	p->proc_state = PROC_STARTING;
	p->proc_dom = dom;
	TAILQ_INIT(&p->proc_killers);
	TAILQ_INSERT_TAIL(&dom->dom_procs, p, proc_entry);

	memset(&we, 0, sizeof(we));
	we.procid = p->proc_id;
	we.uid = dom->dom_conf->dc_uid;
	we.gid = dom->dom_conf->dc_gid;
	we.caps_bounding = dom->dom_conf->dc_caps;
	we.nfds = nfds + (logs != -1);
	we.logs_fd = logs != -1;
	msgpack_sbuffer_init(&sbuf);
	if (proto_encode_params(&sbuf, PROTO_M_EXEC,
	    (union proto_params *)pe) == -1) {
		msgpack_sbuffer_destroy(&sbuf);
		if (logs != -1)
			close(logs);
		domain_exec_abort(dom, p, "exec: out of memory");
		return;
	}
	iov[0].iov_base = &we;
	iov[0].iov_len = sizeof(we);
	iov[1].iov_base = sbuf.data;
	iov[1].iov_len = sbuf.size;
	rv = imsgev_composev(&dom->dom_iev, IMSG_W_EXEC_REQ, 0, -1, iov, 2);
	msgpack_sbuffer_destroy(&sbuf);
	if (rv == -1) {
		if (logs != -1)
			close(logs);
		domain_exec_abort(dom, p, "exec: cannot reach the worker");
		return;
	}
	for (i = 0; i < we.nfds; i++) {
		memset(&wfd, 0, sizeof(wfd));
		wfd.procid = p->proc_id;
		wfd.index = i;
		/* The channel owns the fd from here, even on failure. */
		rv = imsgev_compose(&dom->dom_iev, IMSG_W_FD, 0,
		    i < nfds ? fds[i] : logs, &wfd, sizeof(wfd));
		if (i < nfds)
			fds[i] = -1;
		else
			logs = -1;
		if (rv == -1)
			break;
	}
	if (rv == -1) {
		/* Half a request went out: this worker cannot go on. */
		if (logs != -1)
			close(logs);
		domain_exec_abort(dom, p, "exec: cannot pass descriptors to "
		    "the worker");
		domain_worker_lost(dom, "channel to the worker failed");
	}
}

/* An exec the worker never saw: forget the name, answer failure. */
static void
domain_exec_abort(struct domain *dom, struct proc *p, const char *why)
{
	struct waiter	*w = p->proc_exec;

	p->proc_exec = NULL;
	waiter_respond_err(w, PROTO_E_FAILURE, "%s", why);
	waiter_free(w);
	TAILQ_REMOVE(&dom->dom_procs, p, proc_entry);
	proc_free(p);
}

/*
 * The channel to a worker is unusable: close it and kill the worker;
 * SIGCHLD then cleans the domain up (domain_child_exited).
 */
static void
domain_worker_lost(struct domain *dom, const char *why)
{
	log_warnx("domain %s: %s", dom->dom_name, why);
	imsgev_clear(&dom->dom_iev);
	if (dom->dom_worker > 0)
		kill(dom->dom_worker, SIGKILL);
}

/*
 * Connect to a client's logs socket.  It must lie under one of the
 * domain's logs directories, and it is connected with the client's own
 * rights: a helper takes the client's uid, gid and groups first, so the
 * kernel checks the client's permissions and the listener sees the
 * client, never root.  The path is resolved without following any
 * symlink and the connect goes through the opened inode, so a racing
 * local user cannot swap in another socket.
 */
static int
domain_logs_open(struct domain *dom, const char *path,
    const struct imsg_rpc *hdr, char *err, size_t errlen)
{
	struct domain_conf	*dc = dom->dom_conf;
	const struct client	*cl;
	size_t			 i, len;

	if (strstr(path, "/../") != NULL || strstr(path, "/./") != NULL ||
	    strstr(path, "//") != NULL) {
		snprintf(err, errlen, "path must be normalised");
		return (-1);
	}
	for (i = 0; i < dc->dc_logdirs.n; i++) {
		len = strlen(dc->dc_logdirs.v[i]);
		while (len > 1 && dc->dc_logdirs.v[i][len - 1] == '/')
			len--;
		if (strncmp(path, dc->dc_logdirs.v[i], len) == 0 &&
		    path[len] == '/')
			break;
	}
	if (i == dc->dc_logdirs.n) {
		snprintf(err, errlen, "not under an allowed logs directory");
		return (-1);
	}
	if ((cl = monitor_client(hdr->conn)) == NULL || cl->cl_toomany) {
		snprintf(err, errlen, cl == NULL ? "client unknown" :
		    "the client has more than %d supplementary groups",
		    IMSG_GROUPS_MAX);
		return (-1);
	}
	return (domain_logs_helper(path, cl, err, errlen));
}

/* Fork, become the client, connect, hand the socket back. */
static int
domain_logs_helper(const char *path, const struct client *cl, char *err,
    size_t errlen)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct iovec	 iov;
	struct timeval	 tmo = { LOGS_HELPER_TIMEOUT, 0 };
	gid_t		 groups[IMSG_GROUPS_MAX];
	int32_t		 error = 0;
	uint32_t	 i;
	pid_t		 pid;
	int		 sp[2], fd = -1, status;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return (-1);
	}
	for (i = 0; i < cl->cl_ngroups; i++)
		groups[i] = cl->cl_groups[i];
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sp[0]);
		close(sp[1]);
		return (-1);
	}
	if (pid == 0) {
		logs_helper_prepare(sp[1]);
		/*
		 * The client's identity where it counts: the effective ids
		 * (permission checks, and the peer credentials the listener
		 * sees), its groups, no capability.  Real and saved ids stay
		 * root so that the client cannot signal (stop) this helper.
		 */
		if (setgroups(cl->cl_ngroups, groups) == -1 ||
		    setresgid(0, cl->cl_gid, 0) == -1 ||
		    setresuid(0, cl->cl_uid, 0) == -1)
			error = errno;
		else if ((fd = logs_connect(path)) == -1)
			error = errno;
		msg_init(&msg, &iov, &error, sizeof(error), fd != -1 ?
		    cmsgbuf.buf : NULL, sizeof(cmsgbuf.buf));
		if (fd != -1) {
			cmsg = CMSG_FIRSTHDR(&msg);
			cmsg->cmsg_level = SOL_SOCKET;
			cmsg->cmsg_type = SCM_RIGHTS;
			cmsg->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
		}
		_exit(sendmsg(sp[1], &msg, MSG_NOSIGNAL) == -1);
	}
	close(sp[1]);
	msg_init(&msg, &iov, &error, sizeof(error), cmsgbuf.buf,
	    sizeof(cmsgbuf.buf));
	error = EIO;
	/*
	 * The helper resolves a path the client chose (a FUSE mount could
	 * stall it): the monitor waits a bounded time, then kills it.
	 */
	if (setsockopt(sp[0], SOL_SOCKET, SO_RCVTIMEO, &tmo,
	    sizeof(tmo)) == -1)
		log_warn("logs helper timeout");
	if (recvmsg(sp[0], &msg, MSG_CMSG_CLOEXEC) != sizeof(error)) {
		error = errno == EAGAIN ? ETIMEDOUT : EIO;
		kill(pid, SIGKILL);
	} else if ((cmsg = CMSG_FIRSTHDR(&msg)) != NULL &&
	    cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
	    cmsg->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	close(sp[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (fd == -1) {
		snprintf(err, errlen, "%s", strerror(error != 0 ? error :
		    EIO));
		return (-1);
	}
	return (fd);
}

/*
 * The helper is a fork of the monitor: nothing of the monitor's may act
 * in it (its signal handlers would feed the monitor's event loop), and
 * it must not outlive the monitor.
 */
static void
logs_helper_prepare(int keep)
{
	priv_reset_signals();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	log_set_quickexit();
	if (keep > 3)
		close_range(3, keep - 1, 0);
	close_range(keep + 1, ~0U, 0);
}

/*
 * In the helper, as the client: open the socket inode without following
 * symlinks, then connect through it, whatever type the listener is.
 */
static int
logs_connect(const char *path)
{
	static const int	 types[] = { SOCK_STREAM, SOCK_SEQPACKET,
	    SOCK_DGRAM };
	struct open_how		 how;
	struct sockaddr_un	 sun;
	struct stat		 st;
	size_t			 i;
	int			 pfd, s = -1, saved;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC | O_NOFOLLOW;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	if ((pfd = syscall(SYS_openat2, AT_FDCWD, path, &how,
	    sizeof(how))) == -1)
		return (-1);
	if (fstat(pfd, &st) == -1 || !S_ISSOCK(st.st_mode)) {
		close(pfd);
		errno = ENOTSOCK;
		return (-1);
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/proc/self/fd/%d", pfd);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if ((s = socket(AF_UNIX, types[i] | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, 0)) == -1)
			break;
		if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			break;
		saved = errno;
		close(s);
		s = -1;
		errno = saved;
		if (errno != EPROTOTYPE)
			break;
	}
	saved = errno;
	close(pfd);
	/* The process writes to it as a plain blocking stream. */
	if (s != -1 && (fcntl(s, F_SETFL, 0) == -1 ||
	    shutdown(s, SHUT_RD) == -1)) {
		saved = errno;
		close(s);
		s = -1;
	}
	errno = saved;
	return (s);
}

static void
domain_kill_timeout(int fd, short event, void *arg)
{
	struct waiter	*w = arg;
	struct proc	*p = w->w_proc;

	TAILQ_REMOVE(&p->proc_killers, w, w_entry);
	w->w_timed = 0;
	waiter_respond_err(w, PROTO_E_FAILURE,
	    "kill: process %s still running after timeout",
	    p->proc_name);
	waiter_free(w);
}

/* terminate (SIGTERM, answered at once) and kill (SIGKILL, waits). */
static void
domain_signal(const struct imsg_rpc *hdr, struct proto_target *pt, int sig)
{
	struct domain		*dom;
	struct proc		*p = NULL;
	struct waiter		*w;
	struct imsg_wsignal	 ws;
	struct timeval		 tv;
	const char		*m = proto_method_name(hdr->method);

	if ((dom = domain_find(pt->domain)) == NULL ||
	    (p = proc_find(dom, pt->name)) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "%s: no such %s: %s", m,
		    dom == NULL ? "domain" : "process",
		    dom == NULL ? pt->domain : pt->name);
		return;
	}
	if (p->proc_state == PROC_EXITED) {
		monitor_respond(hdr->conn, hdr->msgid, hdr->method, NULL, NULL);
		return;
	}
	memset(&ws, 0, sizeof(ws));
	ws.procid = p->proc_id;
	ws.signo = sig;
	if (!dom->dom_iev.active || imsgev_compose(&dom->dom_iev,
	    IMSG_W_SIGNAL_REQ, 0, -1, &ws, sizeof(ws)) == -1) {
		/* The worker is gone: its processes die with it. */
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "%s: the worker of domain %s is gone", m,
		    dom->dom_name);
		return;
	}
	if (sig != SIGKILL) {
		monitor_respond(hdr->conn, hdr->msgid, hdr->method, NULL, NULL);
		return;
	}
	if (waiters_count(&p->proc_killers) >= WAITERS_MAX) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "kill: %d kills already wait on %s",
		    WAITERS_MAX, p->proc_name);
		return;
	}
	if ((w = waiter_new(hdr)) == NULL)
		return;
	w->w_proc = p;
	TAILQ_INSERT_TAIL(&p->proc_killers, w, w_entry);
	/* Beyond TIMEOUT_MAX_MS a timeout is as good as none. */
	if (pt->has_timeout && pt->timeout > 0 &&
	    pt->timeout <= TIMEOUT_MAX_MS) {
		tv.tv_sec = pt->timeout / 1000;
		tv.tv_usec = (pt->timeout % 1000) * 1000;
		evtimer_set(&w->w_timer, domain_kill_timeout, w);
		evtimer_add(&w->w_timer, &tv);
		w->w_timed = 1;
	}
}

/*
 * stop: SIGTERM to everything in the cgroup (race-free against forks),
 * SIGKILL at the deadline, and teardown once the cgroup is empty and
 * every named process has been reported.
 */
static void
domain_stop(const struct imsg_rpc *hdr, struct proto_domreq *pd)
{
	struct domain	*dom;
	struct waiter	*w;
	struct timeval	 tv = { 0, STOP_POLL_MS * 1000 };
	uint64_t	 timeout;
	int		 frozen;

	if ((dom = domain_find(pd->domain)) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "stop: no such domain: %s",
		    pd->domain);
		return;
	}
	if (dom->dom_state != DOM_RUNNING && dom->dom_state != DOM_FROZEN &&
	    dom->dom_state != DOM_STOPPING) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_INVALID_STATE, "stop: domain %s is %s",
		    dom->dom_name, domain_state_name(dom->dom_state));
		return;
	}
	if (waiters_count(&dom->dom_stoppers) >= WAITERS_MAX) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_FAILURE, "stop: %d stops already wait on %s",
		    WAITERS_MAX, dom->dom_name);
		return;
	}
	if ((w = waiter_new(hdr)) == NULL)
		return;
	TAILQ_INSERT_TAIL(&dom->dom_stoppers, w, w_entry);
	timeout = pd->has_timeout ? pd->timeout : STOP_TIMEOUT_DEF;
	if (timeout > TIMEOUT_MAX_MS)
		timeout = TIMEOUT_MAX_MS;
	if (dom->dom_state == DOM_STOPPING) {
		/* A stop in a hurry shortens the wait of an earlier one. */
		if (monitor_now_ms() + timeout < dom->dom_stop_deadline)
			dom->dom_stop_deadline = monitor_now_ms() + timeout;
		return;
	}

	frozen = dom->dom_state == DOM_FROZEN;
	dom->dom_state = DOM_STOPPING;
	dom->dom_stop_begun = monitor_now_ms();
	dom->dom_stop_deadline = monitor_now_ms() + timeout;
	dom->dom_killed = 0;
	/*
	 * An empty domain needs no freeze-signal-thaw round; the deadline
	 * still applies to a process whose exec is under way.
	 */
	if (cgroup_populated(&dom->dom_cg) == 0)
		;
	else if (timeout == 0) {
		cgroup_signal_all(&dom->dom_cg, SIGKILL);
		dom->dom_killed = 1;
	} else
		cgroup_signal_all(&dom->dom_cg, SIGTERM);
	if (frozen)
		cgroup_thaw(&dom->dom_cg, CG_TIMEOUT_MS);
	evtimer_set(&dom->dom_stop_timer, domain_stop_tick, dom);
	evtimer_add(&dom->dom_stop_timer, &tv);
	dom->dom_stop_timed = 1;
	log_debug("domain %s: stopping, %llu ms before SIGKILL",
	    dom->dom_name, (unsigned long long)timeout);
	domain_stop_check(dom);
}

static void
domain_stop_tick(int fd, short event, void *arg)
{
	struct domain	*dom = arg;
	struct timeval	 tv = { 0, STOP_POLL_MS * 1000 };

	dom->dom_stop_timed = 0;
	if (dom->dom_state != DOM_STOPPING)
		return;
	if (!dom->dom_killed &&
	    monitor_now_ms() >= dom->dom_stop_deadline) {
		log_debug("domain %s: deadline passed, SIGKILL",
		    dom->dom_name);
		cgroup_signal_all(&dom->dom_cg, SIGKILL);
		dom->dom_killed = 1;
	}
	evtimer_add(&dom->dom_stop_timer, &tv);
	dom->dom_stop_timed = 1;
	domain_stop_check(dom);
}

static void
domain_stop_check(struct domain *dom)
{
	struct proc	*p;

	if (dom->dom_state != DOM_STOPPING)
		return;
	TAILQ_FOREACH(p, &dom->dom_procs, proc_entry)
		if (p->proc_state != PROC_EXITED)
			return;
	if (cgroup_populated(&dom->dom_cg) != 0)
		return;
	domain_teardown(dom);
}

/* Everything is gone: end the worker, which takes the namespaces. */
static void
domain_teardown(struct domain *dom)
{
	pid_t	 pid = dom->dom_worker;
	int	 status;

	imsgev_clear(&dom->dom_iev);
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		dom->dom_worker = 0;
	}
	domain_finish(dom, NULL);
}

/*
 * The last step of every way a domain ends (stop, failed start, dead
 * worker): report what was not reported, free the cgroup, answer.
 */
static void
domain_finish(struct domain *dom, const char *why)
{
	union proto_result	 res;
	struct timespec		 now;
	struct waiter		*w;
	struct proc		*p;
	uint64_t		 cpu = 0, mem = 0;

	if (dom->dom_stop_timed) {
		evtimer_del(&dom->dom_stop_timer);
		dom->dom_stop_timed = 0;
	}
	imsgev_clear(&dom->dom_iev);
	if (dom->dom_credfd != -1) {
		close(dom->dom_credfd);
		dom->dom_credfd = -1;
	}
	/* Killed with the pid namespace: report them as SIGKILLed. */
	TAILQ_FOREACH(p, &dom->dom_procs, proc_entry) {
		if (p->proc_state == PROC_STARTING && p->proc_exec != NULL) {
			w = p->proc_exec;
			p->proc_exec = NULL;
			waiter_respond_err(w, PROTO_E_FAILURE, "exec: domain %s ended: %s",
			    dom->dom_name, why != NULL ? why : "stopped");
			waiter_free(w);
			p->proc_state = PROC_EXITED;
			p->proc_cause = PROTO_CAUSE_SIGNALED;
			p->proc_status = SIGKILL;
			/* It never ran and is gone now: a kill succeeded. */
			proc_answer_killers(p, PROTO_E_NONE);
		} else if (p->proc_state != PROC_EXITED)
			domain_proc_exited(dom, p, PROTO_CAUSE_SIGNALED,
			    SIGKILL);
	}
	cgroup_stats(&dom->dom_cg, &cpu, &mem);
	if (cgroup_destroy(&dom->dom_cg) == -1)
		log_warnx("domain %s: cgroup not fully removed",
		    dom->dom_name);
	cgroup_zero(&dom->dom_cg);
	clock_gettime(CLOCK_MONOTONIC, &now);
	memset(&res, 0, sizeof(res));
	res.stop.cpu_ns = cpu;
	res.stop.max_memory_bytes = mem;
	res.stop.run_ns = (uint64_t)(now.tv_sec - dom->dom_started.tv_sec) *
	    1000000000ULL + (uint64_t)now.tv_nsec -
	    (uint64_t)dom->dom_started.tv_nsec;
	if ((w = dom->dom_start) != NULL) {
		dom->dom_start = NULL;
		waiter_respond_err(w, PROTO_E_FAILURE, "start: %s", why != NULL ? why :
		    "worker exited");
		waiter_free(w);
	}
	while ((w = TAILQ_FIRST(&dom->dom_stoppers)) != NULL) {
		TAILQ_REMOVE(&dom->dom_stoppers, w, w_entry);
		waiter_respond(w, &res);
		waiter_free(w);
	}
	while ((p = TAILQ_FIRST(&dom->dom_procs)) != NULL) {
		TAILQ_REMOVE(&dom->dom_procs, p, proc_entry);
		proc_free(p);
	}
	dom->dom_state = DOM_STOPPED;
	dom->dom_profile[0] = '\0';
	log_info("domain %s: stopped after %.2f ms%s%s", dom->dom_name,
	    (double)(monitor_now_ms() - dom->dom_stop_begun),
	    why != NULL ? ": " : "", why != NULL ? why : "");
}

/* A child of the monitor other than the frontend: a worker. */
void
domain_child_exited(pid_t pid, int status)
{
	struct domain	*dom;
	char		 why[128];

	TAILQ_FOREACH(dom, &env->domains, dom_entry)
		if (dom->dom_worker == pid)
			break;
	if (dom == NULL)
		return;
	dom->dom_worker = 0;
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "worker killed by signal %d",
		    WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "worker exited with status %d",
		    WEXITSTATUS(status));
	if (dom->dom_start == NULL)
		log_warnx("domain %s: %s", dom->dom_name, why);
	/* The pid namespace died with it; make sure of the cgroup too. */
	cgroup_signal_all(&dom->dom_cg, SIGKILL);
	domain_finish(dom, why);
}

static void
domain_proc_exited(struct domain *dom, struct proc *p, enum proto_cause cause,
    int status)
{
	struct proto_event	 ev;
	struct waiter		*w;

	p->proc_state = PROC_EXITED;
	p->proc_cause = cause;
	p->proc_status = status;
	memset(&ev, 0, sizeof(ev));
	ev.timestamp_millis = realtime_ms();
	ev.type = PROTO_EV_TERMINATION;
	ev.cause = cause;
	strlcpy(ev.domain, dom->dom_name, sizeof(ev.domain));
	strlcpy(ev.name, p->proc_name, sizeof(ev.name));
	if (cause == PROTO_CAUSE_EXITED) {
		ev.has_exit_status = 1;
		ev.exit_status = status;
	} else {
		ev.has_signo = 1;
		ev.signo = status;
	}
	monitor_event(&ev);
	while ((w = TAILQ_FIRST(&p->proc_killers)) != NULL) {
		TAILQ_REMOVE(&p->proc_killers, w, w_entry);
		waiter_respond(w, NULL);
		waiter_free(w);
	}
}

static void
domain_events(const struct imsg_rpc *hdr, struct proto_domreq *pd)
{
	if (pd->domain[0] != '\0' && domain_find(pd->domain) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "events: no such domain: %s",
		    pd->domain);
		return;
	}
	monitor_respond(hdr->conn, hdr->msgid, hdr->method, NULL, NULL);
}

static void
domain_status(const struct imsg_rpc *hdr, struct proto_domreq *pd)
{
	union proto_result	 res;
	struct proto_dom_status	*ds;
	struct proto_proc_status *ps;
	struct domain		*dom;
	struct proc		*p;
	size_t			 n = 0, np;

	if (pd->domain[0] != '\0' && domain_find(pd->domain) == NULL) {
		monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
		    PROTO_E_NO_SUCH_ENTITY, "status: no such domain: %s",
		    pd->domain);
		return;
	}
	memset(&res, 0, sizeof(res));
	if ((res.status.domains = calloc(env->conf->sc_ndomains + 1,
	    sizeof(*res.status.domains))) == NULL)
		goto fail;
	TAILQ_FOREACH(dom, &env->domains, dom_entry) {
		if (pd->domain[0] != '\0' &&
		    strcmp(pd->domain, dom->dom_name) != 0)
			continue;
		ds = &res.status.domains[n++];
		strlcpy(ds->name, dom->dom_name, sizeof(ds->name));
		switch (dom->dom_state) {
		case DOM_FROZEN:
			ds->state = PROTO_DOM_FROZEN;
			break;
		case DOM_STOPPED:
			ds->state = PROTO_DOM_STOPPED;
			break;
		default:
			ds->state = PROTO_DOM_RUNNING;
			break;
		}
		ds->worker_pid = dom->dom_worker;
		strlcpy(ds->cgroup_profile, dom->dom_profile,
		    sizeof(ds->cgroup_profile));
		np = 0;
		TAILQ_FOREACH(p, &dom->dom_procs, proc_entry)
			np++;
		if (np > 0 && (ds->procs = calloc(np, sizeof(*ds->procs))) ==
		    NULL)
			goto fail;
		TAILQ_FOREACH(p, &dom->dom_procs, proc_entry) {
			if (p->proc_state == PROC_STARTING)
				continue;
			ps = &ds->procs[ds->nprocs++];
			strlcpy(ps->name, p->proc_name, sizeof(ps->name));
			ps->pid = p->proc_pid;
			ps->host_pid = p->proc_host_pid;
			if (p->proc_state == PROC_RUNNING) {
				ps->state = PROTO_PROC_RUNNING;
				continue;
			}
			ps->state = PROTO_PROC_EXITED;
			ps->cause = p->proc_cause;
			if (p->proc_cause == PROTO_CAUSE_EXITED) {
				ps->has_exit_status = 1;
				ps->exit_status = p->proc_status;
			} else {
				ps->has_signo = 1;
				ps->signo = p->proc_status;
			}
		}
	}
	res.status.ndomains = n;
	monitor_respond(hdr->conn, hdr->msgid, hdr->method, NULL, &res);
	domain_status_free(&res.status);
	return;
 fail:
	domain_status_free(&res.status);
	monitor_respond_err(hdr->conn, hdr->msgid, hdr->method,
	    PROTO_E_FAILURE, "status: out of memory");
}

static void
domain_status_free(struct proto_status_result *st)
{
	size_t	 i;

	if (st->domains == NULL)
		return;
	for (i = 0; i < st->ndomains; i++)
		free(st->domains[i].procs);
	free(st->domains);
	st->domains = NULL;
}

static void
domain_dispatch(int fd, short event, void *arg)
{
	struct domain	*dom = arg;
	struct imsg	 imsg;
	int		 n, rv;

	if (imsgev_io(&dom->dom_iev, event) == -1) {
		/* The worker is gone; SIGCHLD finishes the cleanup. */
		imsgev_clear(&dom->dom_iev);
		return;
	}
	for (;;) {
		if ((n = imsg_get(&dom->dom_iev.ibuf, &imsg)) == -1) {
			log_warnx("domain %s: malformed imsg from worker",
			    dom->dom_name);
			goto violation;
		}
		if (n == 0)
			break;
		/* Permit table: a worker reports; it never asks. */
		switch (imsg.hdr.type) {
		case IMSG_W_READY_EVT:
			rv = domain_ready(dom, &imsg);
			break;
		case IMSG_W_EXEC_RES:
			rv = domain_exec_res(dom, &imsg);
			break;
		case IMSG_W_EXIT_EVT:
			rv = domain_exit_evt(dom, &imsg);
			break;
		default:
			rv = -1;
			break;
		}
		if (imsg.fd != -1)
			close(imsg.fd);
		imsg_free(&imsg);
		if (rv == -1) {
			log_warnx("domain %s: protocol violation by worker",
			    dom->dom_name);
			goto violation;
		}
		if (!dom->dom_iev.active)
			return;
	}
	imsgev_update(&dom->dom_iev);
	return;
 violation:
	/* A worker that lies is lost: the domain goes with it. */
	imsgev_clear(&dom->dom_iev);
	if (dom->dom_worker > 0)
		kill(dom->dom_worker, SIGKILL);
}

static int
domain_ready(struct domain *dom, struct imsg *imsg)
{
	struct imsg_wready	 r;
	struct waiter		*w;

	if (dom->dom_state != DOM_STARTING || imsg->fd != -1 ||
	    imsg_get_data(imsg, &r, sizeof(r)) == -1 ||
	    memchr(r.message, '\0', sizeof(r.message)) == NULL)
		return (-1);
	w = dom->dom_start;
	dom->dom_start = NULL;
	if (r.error != 0) {
		log_warnx("domain %s: start failed: %s", dom->dom_name,
		    r.message);
		waiter_respond_err(w, PROTO_E_FAILURE, "start: %s", r.message);
		waiter_free(w);
		/* The worker exits; SIGCHLD cleans the rest up. */
		return (0);
	}
	dom->dom_state = DOM_RUNNING;
	log_info("domain %s: running, worker %d, started in %.2f ms",
	    dom->dom_name, dom->dom_worker, domain_elapsed_ms(dom));
	waiter_respond(w, NULL);
	waiter_free(w);
	return (0);
}

static int
domain_exec_res(struct domain *dom, struct imsg *imsg)
{
	struct imsg_wexec_res	 r;
	union proto_result	 res;
	struct proc		*p;
	struct waiter		*w;
	pid_t			 host_pid;

	if (imsg_get_data(imsg, &r, sizeof(r)) == -1 ||
	    memchr(r.message, '\0', sizeof(r.message)) == NULL)
		return (-1);
	TAILQ_FOREACH(p, &dom->dom_procs, proc_entry)
		if (p->proc_id == r.procid)
			break;
	if (p == NULL || p->proc_state != PROC_STARTING || imsg->fd != -1 ||
	    (r.error == 0 && r.pid <= 0))
		return (-1);
	w = p->proc_exec;
	p->proc_exec = NULL;
	/*
	 * Drained on every result, failed ones included, so the channel
	 * never fills (a failed exec may have sent its message too).
	 */
	host_pid = domain_host_pid(dom, p->proc_id);
	if (r.error != 0) {
		/* The worker names the step: "exec /x: ...", "chdir /y: ...". */
		waiter_respond_err(w, PROTO_E_FAILURE, "%s", r.message);
		waiter_free(w);
		proc_answer_killers(p, PROTO_E_NO_SUCH_ENTITY);
		TAILQ_REMOVE(&dom->dom_procs, p, proc_entry);
		proc_free(p);
		return (0);
	}
	p->proc_pid = r.pid;
	p->proc_host_pid = host_pid;
	p->proc_state = PROC_RUNNING;
	memset(&res, 0, sizeof(res));
	res.exec.pid = p->proc_pid;
	res.exec.host_pid = p->proc_host_pid;
	waiter_respond(w, &res);
	waiter_free(w);
	return (0);
}

static int
domain_exit_evt(struct domain *dom, struct imsg *imsg)
{
	struct imsg_wexit	 wx;
	struct proc		*p;
	uint64_t		 ooms = 0;
	int			 sig;

	if (imsg->fd != -1 || imsg_get_data(imsg, &wx, sizeof(wx)) == -1)
		return (-1);
	if (wx.procid != 0) {
		TAILQ_FOREACH(p, &dom->dom_procs, proc_entry)
			if (p->proc_id == wx.procid)
				break;
		if (p == NULL || p->proc_state != PROC_RUNNING)
			return (-1);
		if (WIFEXITED(wx.status))
			domain_proc_exited(dom, p, PROTO_CAUSE_EXITED,
			    WEXITSTATUS(wx.status));
		else if (WIFSIGNALED(wx.status)) {
			sig = WTERMSIG(wx.status);
			/* SIGKILL by the OOM killer shows in the counter. */
			if (sig == SIGKILL &&
			    cgroup_oom_kills(&dom->dom_cg, &ooms) == 0 &&
			    ooms > dom->dom_oom_kills) {
				dom->dom_oom_kills = ooms;
				domain_proc_exited(dom, p,
				    PROTO_CAUSE_OOM_KILLED, sig);
			} else
				domain_proc_exited(dom, p,
				    PROTO_CAUSE_SIGNALED, sig);
		} else
			return (-1);
	}
	domain_stop_check(dom);
	return (0);
}

/*
 * The frontend lost a client: its pending kills are dropped and every
 * other answer it waits for (start, exec, stop) is orphaned, so that it
 * can never reach a later client given the same connection id.
 */
void
domain_conn_closed(uint32_t conn)
{
	struct domain	*dom;
	struct proc	*p;
	struct waiter	*w, *tw;

	TAILQ_FOREACH(dom, &env->domains, dom_entry) {
		if (dom->dom_start != NULL && dom->dom_start->w_conn == conn)
			dom->dom_start->w_orphan = 1;
		TAILQ_FOREACH_SAFE(w, &dom->dom_stoppers, w_entry, tw)
			if (w->w_conn == conn) {
				TAILQ_REMOVE(&dom->dom_stoppers, w, w_entry);
				waiter_free(w);
			}
		TAILQ_FOREACH(p, &dom->dom_procs, proc_entry) {
			if (p->proc_exec != NULL &&
			    p->proc_exec->w_conn == conn)
				p->proc_exec->w_orphan = 1;
			TAILQ_FOREACH_SAFE(w, &p->proc_killers, w_entry, tw)
				if (w->w_conn == conn) {
					TAILQ_REMOVE(&p->proc_killers, w,
					    w_entry);
					waiter_free(w);
				}
		}
	}
}

/* supd is going down: every domain is killed and removed. */
void
domain_shutdown(void)
{
	struct domain	*dom;

	TAILQ_FOREACH(dom, &env->domains, dom_entry) {
		if (dom->dom_state == DOM_STOPPED)
			continue;
		log_info("domain %s: killed at shutdown", dom->dom_name);
		cgroup_signal_all(&dom->dom_cg, SIGKILL);
		domain_teardown(dom);
	}
}

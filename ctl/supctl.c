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

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"
#include "client.h"
#include "parser.h"

#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif

/*
 * After an event_loss, exec -w can no longer trust the event stream to
 * carry its process's end, so it asks for the status this often.
 */
#define SUPCTL_POLL_MS	100

__dead static void usage(void);
__dead static void ctl_fatalx(const char *, ...)
		    __attribute__((__format__ (printf, 1, 2)));
static struct supd_client *ctl_connect(const char *);
static void	 ctl_call(struct supd_client *, struct proto_request *,
		    const int *, size_t, struct proto_response *,
		    const char *);
static void	 ctl_domreq(struct proto_request *, enum proto_method,
		    const struct parse_result *);
static int	 ctl_ping(struct supd_client *, struct parse_result *);
static int	 ctl_status(struct supd_client *, struct parse_result *);
static int	 ctl_domain(struct supd_client *, struct parse_result *);
static int	 ctl_target(struct supd_client *, struct parse_result *);
static int	 ctl_exec(struct supd_client *, struct parse_result *,
		    const char *);
static int	 ctl_events(struct supd_client *, struct parse_result *);
static void	 ctl_stdio(void);
static void	 ctl_subscribe(struct supd_client *, const char *,
		    const char *);
static int	 exec_env(struct proto_exec *, const struct parse_result *);
static void	 exec_env_free(struct proto_exec *);
static int	 exec_wait(struct supd_client *, struct supd_client *,
		    const char *, const char *);
static int	 exec_poll(struct supd_client *, const char *, const char *,
		    int *);
static int	 exit_code(int, int32_t, int, int32_t);
static void	 print_status(const struct proto_status_result *);
static void	 print_proc(const struct proto_proc_status *);
static void	 print_stop(const struct proto_stop_result *);
static void	 print_exec(const struct proto_exec_result *);
static void	 print_event(const struct proto_event *);

__dead static void
usage(void)
{
	fprintf(stderr,
	    "usage: supctl [-v] [-s socket] command [argument ...]\n"
	    "commands:\n"
	    "\tping\n"
	    "\tstatus [domain]\n"
	    "\tstart domain [-p profile]\n"
	    "\tstop domain [-t ms]\n"
	    "\tfreeze domain\n"
	    "\tthaw domain [-p profile]\n"
	    "\texec [-vw] [-C cwd] [-e key=value] [-n name] domain [--] path "
	    "[arg ...]\n"
	    "\tterminate domain name\n"
	    "\tkill [-t ms] domain name\n"
	    "\tevents [domain]\n");
	exit(1);
}

__dead static void
ctl_fatalx(const char *fmt, ...)
{
	va_list	 ap;

	(void)fflush(stdout);
	fprintf(stderr, "supctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

static struct supd_client *
ctl_connect(const char *sock)
{
	struct supd_client	*c;
	struct proto_error	 err;

	if ((c = supd_client_connect(sock, &err)) == NULL)
		ctl_fatalx("%s", err.message);
	return (c);
}

/*
 * One request and its response.  Returns only on success: a local
 * failure or an error answered by supd ends supctl.
 */
static void
ctl_call(struct supd_client *c, struct proto_request *req, const int *fds,
    size_t nfds, struct proto_response *resp, const char *cmd)
{
	struct proto_error	 err;
	const struct proto_error *re = &resp->error;

	if (supd_client_call(c, req, fds, nfds, resp, &err) == -1)
		ctl_fatalx("%s: %s", cmd, err.message);
	if (re->kind == PROTO_E_NONE)
		return;
	if (re->hook_name[0] != '\0')
		ctl_fatalx("%s: %s: %s (hook %s)", cmd,
		    proto_errkind_name(re->kind), re->message, re->hook_name);
	ctl_fatalx("%s: %s: %s", cmd, proto_errkind_name(re->kind),
	    re->message);
}

/* The requests that name at most a domain: stop, freeze, thaw, ... */
static void
ctl_domreq(struct proto_request *req, enum proto_method m,
    const struct parse_result *res)
{
	memset(req, 0, sizeof(*req));
	req->method = m;
	(void)strlcpy(req->p.dom.domain, res->domain,
	    sizeof(req->p.dom.domain));
	req->p.dom.has_timeout = res->has_timeout;
	req->p.dom.timeout = res->timeout;
	(void)strlcpy(req->p.dom.cgroup_profile, res->profile,
	    sizeof(req->p.dom.cgroup_profile));
}

static int
ctl_ping(struct supd_client *c, struct parse_result *res)
{
	struct proto_request	 req;
	struct proto_response	 resp;
	struct timespec		 t0, t1;
	double			 ms;

	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_PING;
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	ctl_call(c, &req, NULL, 0, &resp, res->cmd);
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	proto_response_free(PROTO_M_PING, &resp);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("pong: %.3f ms\n", ms);
	return (0);
}

static int
ctl_status(struct supd_client *c, struct parse_result *res)
{
	struct proto_request	 req;
	struct proto_response	 resp;

	ctl_domreq(&req, PROTO_M_STATUS, res);
	ctl_call(c, &req, NULL, 0, &resp, res->cmd);
	if (resp.has_result)
		print_status(&resp.r.status);
	proto_response_free(PROTO_M_STATUS, &resp);
	return (0);
}

/* start, stop, freeze, thaw */
static int
ctl_domain(struct supd_client *c, struct parse_result *res)
{
	struct proto_request	 req;
	struct proto_response	 resp;
	enum proto_method	 m;

	switch (res->action) {
	case CTL_START:
		memset(&req, 0, sizeof(req));
		req.method = m = PROTO_M_START;
		(void)strlcpy(req.p.start.domain, res->domain,
		    sizeof(req.p.start.domain));
		(void)strlcpy(req.p.start.cgroup_profile, res->profile,
		    sizeof(req.p.start.cgroup_profile));
		break;
	case CTL_STOP:
		ctl_domreq(&req, m = PROTO_M_STOP, res);
		break;
	case CTL_FREEZE:
		ctl_domreq(&req, m = PROTO_M_FREEZE, res);
		break;
	case CTL_THAW:
		ctl_domreq(&req, m = PROTO_M_THAW, res);
		break;
	default:
		ctl_fatalx("%s: not a domain command", res->cmd);
	}
	ctl_call(c, &req, NULL, 0, &resp, res->cmd);
	if (m == PROTO_M_STOP && resp.has_result)
		print_stop(&resp.r.stop);
	proto_response_free(m, &resp);
	return (0);
}

/* terminate, kill */
static int
ctl_target(struct supd_client *c, struct parse_result *res)
{
	struct proto_request	 req;
	struct proto_response	 resp;

	memset(&req, 0, sizeof(req));
	req.method = res->action == CTL_KILL ? PROTO_M_KILL :
	    PROTO_M_TERMINATE;
	(void)strlcpy(req.p.target.domain, res->domain,
	    sizeof(req.p.target.domain));
	(void)strlcpy(req.p.target.name, res->name,
	    sizeof(req.p.target.name));
	req.p.target.has_timeout = res->has_timeout;
	req.p.target.timeout = res->timeout;
	ctl_call(c, &req, NULL, 0, &resp, res->cmd);
	proto_response_free(req.method, &resp);
	return (0);
}

/* The env map is sent only when -e was given: absent means empty. */
static int
exec_env(struct proto_exec *x, const struct parse_result *res)
{
	const char	*eq;
	size_t		 i;

	if (res->nenv == 0)
		return (0);
	if ((x->env.kv = calloc(res->nenv, sizeof(*x->env.kv))) == NULL)
		return (-1);
	x->has_env = 1;
	for (i = 0; i < res->nenv; i++) {
		eq = strchr(res->env[i], '=');
		if ((x->env.kv[i].key = strndup(res->env[i],
		    (size_t)(eq - res->env[i]))) == NULL)
			return (-1);
		x->env.n = i + 1;
		x->env.kv[i].value = (char *)(eq + 1);
	}
	return (0);
}

static void
exec_env_free(struct proto_exec *x)
{
	size_t	 i;

	for (i = 0; i < x->env.n; i++)
		free(x->env.kv[i].key);
	free(x->env.kv);
	x->env.kv = NULL;
	x->env.n = 0;
}

/*
 * exec passes supctl's own stdin, stdout and stderr (main made sure
 * they are open).  With -w, the events subscription is made first, on
 * its own connection, so that the end of a process that exits at once
 * cannot slip by.
 */
static int
ctl_exec(struct supd_client *c, struct parse_result *res, const char *sock)
{
	struct proto_request	 req;
	struct proto_response	 resp;
	struct proto_exec	*x = &req.p.exec;
	struct supd_client	*evc = NULL;
	static const int	 fds[3] = { STDIN_FILENO, STDOUT_FILENO,
				    STDERR_FILENO };
	int			 status;

	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_EXEC;
	(void)strlcpy(x->domain, res->domain, sizeof(x->domain));
	if (res->name[0] != '\0')
		(void)strlcpy(x->name, res->name, sizeof(x->name));
	else
		(void)snprintf(x->name, sizeof(x->name), "exec-%ld",
		    (long)getpid());
	x->path = (char *)res->path;
	x->args.n = res->nargs;
	x->args.v = res->args;
	x->cwd = (char *)res->cwd;
	if (exec_env(x, res) == -1)
		ctl_fatalx("%s: %s", res->cmd, strerror(errno));
	x->nfds = 3;
	x->stdin_idx = 0;
	x->stdout_idx = 1;
	x->stderr_idx = 2;

	if (res->wait) {
		evc = ctl_connect(sock);
		ctl_subscribe(evc, res->cmd, res->domain);
	}
	ctl_call(c, &req, fds, 3, &resp, res->cmd);
	if (res->verbose && resp.has_result)
		print_exec(&resp.r.exec);
	proto_response_free(PROTO_M_EXEC, &resp);
	if (evc == NULL) {
		exec_env_free(x);
		return (0);
	}
	if (fflush(stdout) == EOF)
		ctl_fatalx("stdout: %s", strerror(errno));
	status = exec_wait(c, evc, x->domain, x->name);
	supd_client_close(evc);
	exec_env_free(x);
	return (status);
}

/*
 * Waits for the process_termination of domain/name and returns the
 * status a shell would give: the exit status, or 128 + the signal.
 */
static int
exec_wait(struct supd_client *c, struct supd_client *evc,
    const char *domain, const char *name)
{
	struct proto_event	 ev;
	struct proto_error	 err;
	int			 polling = 0, r, status;

	for (;;) {
		r = supd_client_event(evc, &ev,
		    polling ? SUPCTL_POLL_MS : -1, &err);
		if (r == -1)
			ctl_fatalx("exec: %s", err.message);
		if (r == 1 && ev.type == PROTO_EV_TERMINATION &&
		    strcmp(ev.domain, domain) == 0 &&
		    strcmp(ev.name, name) == 0)
			return (exit_code(ev.has_exit_status, ev.exit_status,
			    ev.has_signo, ev.signo));
		if (r == 1 && ev.type == PROTO_EV_LOSS)
			polling = 1;
		else if (r == 1)
			continue;	/* another process ended */
		/* A loss, or SUPCTL_POLL_MS without an event since. */
		if (exec_poll(c, domain, name, &status))
			return (status);
	}
}

/* 1 with *status set when domain/name has exited, else 0. */
static int
exec_poll(struct supd_client *c, const char *domain, const char *name,
    int *status)
{
	struct proto_request	 req;
	struct proto_response	 resp;
	struct proto_dom_status	*d;
	struct proto_proc_status *p;
	size_t			 i, j;
	int			 found = 0, done = 0;

	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_STATUS;
	(void)strlcpy(req.p.dom.domain, domain, sizeof(req.p.dom.domain));
	ctl_call(c, &req, NULL, 0, &resp, "exec");
	for (i = 0; resp.has_result && i < resp.r.status.ndomains; i++) {
		d = &resp.r.status.domains[i];
		if (strcmp(d->name, domain) != 0)
			continue;
		for (j = 0; j < d->nprocs; j++) {
			p = &d->procs[j];
			if (strcmp(p->name, name) != 0)
				continue;
			found = 1;
			if (p->state != PROTO_PROC_EXITED)
				break;
			done = 1;
			*status = exit_code(p->has_exit_status,
			    p->exit_status, p->has_signo, p->signo);
			break;
		}
	}
	proto_response_free(PROTO_M_STATUS, &resp);
	if (!found)
		ctl_fatalx("exec: %s: process no longer known to supd", name);
	return (done);
}

static int
exit_code(int has_exit_status, int32_t exit_status, int has_signo,
    int32_t signo)
{
	if (has_signo)
		return (128 + (signo & 0x7f));
	if (has_exit_status)
		return (exit_status & 0xff);
	return (1);
}

static void
ctl_subscribe(struct supd_client *c, const char *cmd, const char *domain)
{
	struct proto_request	 req;
	struct proto_response	 resp;

	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_EVENTS;
	(void)strlcpy(req.p.dom.domain, domain, sizeof(req.p.dom.domain));
	ctl_call(c, &req, NULL, 0, &resp, cmd);
	proto_response_free(PROTO_M_EVENTS, &resp);
}

static int
ctl_events(struct supd_client *c, struct parse_result *res)
{
	struct proto_event	 ev;
	struct proto_error	 err;

	ctl_subscribe(c, res->cmd, res->domain);
	for (;;) {
		if (supd_client_event(c, &ev, -1, &err) == -1)
			ctl_fatalx("%s: %s", res->cmd, err.message);
		print_event(&ev);
	}
}

static void
print_status(const struct proto_status_result *st)
{
	const struct proto_dom_status	*d;
	char				 wpid[32];
	size_t				 i, j;

	for (i = 0; i < st->ndomains; i++) {
		d = &st->domains[i];
		if (d->worker_pid != 0)
			(void)snprintf(wpid, sizeof(wpid), "%" PRId64,
			    d->worker_pid);
		else
			(void)strlcpy(wpid, "-", sizeof(wpid));
		printf("%-16s %-8s %-8s %s\n", d->name,
		    proto_domstate_name(d->state), wpid,
		    d->cgroup_profile[0] != '\0' ? d->cgroup_profile : "-");
		for (j = 0; j < d->nprocs; j++)
			print_proc(&d->procs[j]);
	}
}

/* An exited process shows how it ended instead of its state. */
static void
print_proc(const struct proto_proc_status *p)
{
	printf("    %-16s %-8" PRId64 " %-8" PRId64 " ", p->name, p->pid,
	    p->host_pid);
	if (p->state != PROTO_PROC_EXITED)
		printf("%s\n", proto_procstate_name(p->state));
	else if (p->has_exit_status)
		printf("%s %" PRId32 "\n", proto_cause_name(p->cause),
		    p->exit_status);
	else if (p->has_signo)
		printf("%s %" PRId32 "\n", proto_cause_name(p->cause),
		    p->signo);
	else
		printf("%s\n", proto_cause_name(p->cause));
}

static void
print_stop(const struct proto_stop_result *st)
{
	printf("cpu_ns %" PRIu64 " run_ns %" PRIu64 " max_memory_bytes %"
	    PRIu64 "\n", st->cpu_ns, st->run_ns, st->max_memory_bytes);
}

static void
print_exec(const struct proto_exec_result *ex)
{
	printf("pid %" PRId64 " host_pid %" PRId64 "\n", ex->pid,
	    ex->host_pid);
}

/* One line per event, flushed at once: events is read by scripts. */
static void
print_event(const struct proto_event *ev)
{
	if (ev->type == PROTO_EV_LOSS)
		printf("%" PRIu64 " event_loss %" PRIu64 "\n",
		    ev->timestamp_millis, ev->size);
	else {
		printf("%" PRIu64 " process_termination %s %s %s",
		    ev->timestamp_millis, ev->domain, ev->name,
		    proto_cause_name(ev->cause));
		if (ev->has_exit_status)
			printf(" %" PRId32, ev->exit_status);
		else if (ev->has_signo)
			printf(" %" PRId32, ev->signo);
		printf("\n");
	}
	if (fflush(stdout) == EOF)
		ctl_fatalx("stdout: %s", strerror(errno));
}

/*
 * A closed stdin, stdout or stderr would be reused by the socket, which
 * exec would then hand to the process as that descriptor: put
 * /dev/null there instead.
 */
static void
ctl_stdio(void)
{
	int	 fd;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDWR) != fd)
			exit(1);
	}
}

int
main(int argc, char *argv[])
{
	struct parse_result	 res;
	struct supd_client	*c;
	const char		*sock;
	char			 errbuf[CTL_ERR_MAX];
	int			 ch, verbose = 0, status;

	ctl_stdio();
	if ((sock = getenv("SUPD_SOCKET")) == NULL || *sock == '\0')
		sock = SUPD_SOCKET_DEFAULT;
	/* '+': options end at the command, whose own options follow it. */
	opterr = 0;
	while ((ch = getopt(argc, argv, "+:s:v")) != -1) {
		switch (ch) {
		case 's':
			sock = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case ':':
			fprintf(stderr,
			    "supctl: option -%c needs an argument\n", optopt);
			usage();
		default:
			fprintf(stderr, "supctl: unknown option -%c\n", optopt);
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	if (ctl_parse(argc, argv, &res, errbuf, sizeof(errbuf)) == -1)
		ctl_fatalx("%s", errbuf);
	res.verbose |= verbose;

	c = ctl_connect(sock);
	switch (res.action) {
	case CTL_PING:
		status = ctl_ping(c, &res);
		break;
	case CTL_STATUS:
		status = ctl_status(c, &res);
		break;
	case CTL_START:
	case CTL_STOP:
	case CTL_FREEZE:
	case CTL_THAW:
		status = ctl_domain(c, &res);
		break;
	case CTL_EXEC:
		status = ctl_exec(c, &res, sock);
		break;
	case CTL_TERMINATE:
	case CTL_KILL:
		status = ctl_target(c, &res);
		break;
	case CTL_EVENTS:
		status = ctl_events(c, &res);
		break;
	default:
		usage();
	}
	supd_client_close(c);
	ctl_parse_free(&res);
	if (fflush(stdout) == EOF)
		ctl_fatalx("stdout: %s", strerror(errno));
	return (status);
}

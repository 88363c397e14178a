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

/*
 * bench: supd's figures of DESIGN.md section 5, measured against a supd
 * started here, next to the raw fork+exec+wait floor measured in the
 * same run.  Prints medians and ratios; asserts nothing (the machines are
 * shared and noisy: figures are for people, not for pass/fail).
 *
 *	bench SUPD_BINARY [iterations]
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "proto.h"

#define BENCH_DOMAIN	"bench"

static double	 now_ms(void);
static int	 cmp_double(const void *, const void *);
static double	 median(double *, int);
static void	 report(const char *, double *, int, double);
static double	 bench_floor(int);
static pid_t	 start_supd(const char *, const char *, const char *);
static int	 call(struct supd_client *, struct proto_request *,
		    struct proto_response *);
static int	 wait_end(struct supd_client *, const char *);
static int	 exec_true(struct supd_client *, const char *);

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

static void
report(const char *what, double *v, int n, double target)
{
	double	 m = median(v, n);

	printf("%-44s median %7.3f ms  p90 %7.3f ms", what, m,
	    v[(n * 9) / 10]);
	if (target > 0)
		printf("  target %.2f ms (%s)", target,
		    m <= target ? "met" : "missed");
	printf("\n");
}

/* The floor: fork, exec /bin/true, wait. */
static double
bench_floor(int n)
{
	double	*v, t, m;
	pid_t	 pid;
	int	 i, st;

	if ((v = calloc(n, sizeof(*v))) == NULL)
		exit(1);
	for (i = 0; i < n; i++) {
		t = now_ms();
		if ((pid = fork()) == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, &st, 0);
		v[i] = now_ms() - t;
	}
	report("fork+exec+wait /bin/true (floor)", v, n, 0);
	m = median(v, n);
	free(v);
	return (m);
}

static pid_t
start_supd(const char *supd, const char *dir, const char *sock)
{
	char	 conf[512];
	FILE	*f;
	pid_t	 pid;

	snprintf(conf, sizeof(conf), "%s/supd.conf", dir);
	if ((f = fopen(conf, "w")) == NULL)
		return (-1);
	fprintf(f, "socket \"%s\"\ncgroup root \"supd-bench-%d\"\n"
	    "limit events 65536\n"
	    "domain \"%s\" {\n\troot \"/\"\n\tseccomp { \"default\" }\n}\n",
	    sock, (int)getpid(), BENCH_DOMAIN);
	fclose(f);
	if ((pid = fork()) == 0) {
		freopen("/dev/null", "w", stderr);
		execl(supd, "supd", "-d", "-f", conf, (char *)NULL);
		_exit(127);
	}
	return (pid);
}

static int
call(struct supd_client *c, struct proto_request *req,
    struct proto_response *resp)
{
	struct proto_error	 err;

	memset(resp, 0, sizeof(*resp));
	if (supd_client_call(c, req, NULL, 0, resp, &err) == -1) {
		fprintf(stderr, "bench: %s\n", err.message);
		return (-1);
	}
	if (resp->error.kind != PROTO_E_NONE) {
		fprintf(stderr, "bench: %s: %s\n",
		    proto_method_name(req->method), resp->error.message);
		proto_response_free(req->method, resp);
		return (-1);
	}
	return (0);
}

static int
exec_true(struct supd_client *c, const char *name)
{
	struct proto_request	 req;
	struct proto_response	 resp;

	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_EXEC;
	strlcpy(req.p.exec.domain, BENCH_DOMAIN, sizeof(req.p.exec.domain));
	strlcpy(req.p.exec.name, name, sizeof(req.p.exec.name));
	req.p.exec.path = (char *)"/bin/true";
	req.p.exec.stdin_idx = req.p.exec.stdout_idx =
	    req.p.exec.stderr_idx = PROTO_FD_NONE;
	if (call(c, &req, &resp) == -1)
		return (-1);
	proto_response_free(req.method, &resp);
	return (0);
}

static int
wait_end(struct supd_client *ev, const char *name)
{
	struct proto_event	 e;
	struct proto_error	 err;

	for (;;) {
		if (supd_client_event(ev, &e, 10000, &err) != 1) {
			fprintf(stderr, "bench: no event for %s\n", name);
			return (-1);
		}
		if (e.type == PROTO_EV_TERMINATION &&
		    strcmp(e.name, name) == 0)
			return (0);
	}
}

static int
domreq(struct supd_client *c, enum proto_method m)
{
	struct proto_request	 req;
	struct proto_response	 resp;

	memset(&req, 0, sizeof(req));
	req.method = m;
	if (m == PROTO_M_START)
		strlcpy(req.p.start.domain, BENCH_DOMAIN,
		    sizeof(req.p.start.domain));
	else {
		strlcpy(req.p.dom.domain, BENCH_DOMAIN,
		    sizeof(req.p.dom.domain));
		req.p.dom.has_timeout = 1;
		req.p.dom.timeout = 1000;
	}
	if (call(c, &req, &resp) == -1)
		return (-1);
	proto_response_free(m, &resp);
	return (0);
}

int
main(int argc, char *argv[])
{
	struct proto_request	 req;
	struct proto_response	 resp;
	struct proto_error	 err;
	struct supd_client	*c = NULL, *ev = NULL;
	char			 dir[] = "/tmp/supd-bench.XXXXXX", sock[256];
	char			 name[32];
	double			*v, t, floor_ms, m;
	pid_t			 pid;
	int			 i, n = 300, st;

	if (argc < 2) {
		fprintf(stderr, "usage: bench supd [iterations]\n");
		return (1);
	}
	if (argc > 2)
		n = atoi(argv[2]);
	if (n < 10)
		n = 10;
	if ((v = calloc(n, sizeof(*v))) == NULL || mkdtemp(dir) == NULL)
		return (1);
	snprintf(sock, sizeof(sock), "%s/supd.sock", dir);
	printf("# supd bench, %d iterations per figure\n", n);
	floor_ms = bench_floor(n);

	if ((pid = start_supd(argv[1], dir, sock)) == -1)
		return (1);
	for (i = 0; i < 100 && c == NULL; i++) {
		usleep(50000);
		c = supd_client_connect(sock, &err);
	}
	if (c == NULL || (ev = supd_client_connect(sock, &err)) == NULL) {
		fprintf(stderr, "bench: %s\n", err.message);
		goto done;
	}
	memset(&req, 0, sizeof(req));
	req.method = PROTO_M_EVENTS;
	strlcpy(req.p.dom.domain, BENCH_DOMAIN, sizeof(req.p.dom.domain));
	if (call(ev, &req, &resp) == -1)
		goto done;

	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		req.method = PROTO_M_PING;
		t = now_ms();
		if (call(c, &req, &resp) == -1)
			goto done;
		v[i] = now_ms() - t;
	}
	report("ping round trip", v, n, 0);

	if (domreq(c, PROTO_M_START) == -1)
		goto done;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		t = now_ms();
		if (exec_true(c, name) == -1)
			goto done;
		v[i] = now_ms() - t;
		if (wait_end(ev, name) == -1)
			goto done;
	}
	report("exec response (execve done)", v, n, 0.6);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		t = now_ms();
		if (exec_true(c, name) == -1 || wait_end(ev, name) == -1)
			goto done;
		v[i] = now_ms() - t;
	}
	m = median(v, n);
	report("exec + exit cycle (until its event)", v, n, 0.9);
	printf("%-44s %.2fx the floor (target <= 1.5x)\n", "", m / floor_ms);
	if (domreq(c, PROTO_M_STOP) == -1)
		goto done;

	for (i = 0; i < n / 3; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		t = now_ms();
		if (domreq(c, PROTO_M_START) == -1 ||
		    exec_true(c, name) == -1 || wait_end(ev, name) == -1 ||
		    domreq(c, PROTO_M_STOP) == -1)
			goto done;
		v[i] = now_ms() - t;
	}
	report("domain cycle (start, exec, event, stop)", v, n / 3, 3.5);
 done:
	if (c != NULL)
		supd_client_close(c);
	if (ev != NULL)
		supd_client_close(ev);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	unlink(sock);
	snprintf(sock, sizeof(sock), "%s/supd.conf", dir);
	unlink(sock);
	rmdir(dir);
	free(v);
	return (0);
}

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
 * libFuzzer target for proto/: the framer (whole, byte by byte, and
 * under two caps, which must agree), every decoder, and for whatever
 * decodes, encode -> decode -> compare (abort on any mismatch).
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined ... fuzz_proto.c
 *	./fuzz_proto -max_total_time=60 regress/fuzz/corpus
 *
 * With -DFUZZ_STANDALONE (any compiler, no libFuzzer) main() runs each
 * file named on the command line; with none, it runs the seeds (built
 * in, plus $FUZZ_CORPUS or regress/fuzz/corpus) and then $FUZZ_ITERS
 * (default 20000) deterministic random mutations of them.  "-w dir"
 * writes the built-in seeds to dir (that is how corpus/ was made).
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "proto_int.h"

#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "fuzz_proto: %s:%d: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	 check_err(const struct proto_error *);
static void	 fuzz_scan(const uint8_t *, size_t);
static void	 fuzz_request(const uint8_t *, size_t);
static void	 fuzz_params(const uint8_t *, size_t);
static void	 fuzz_response(const uint8_t *, size_t);
static void	 fuzz_event(const uint8_t *, size_t);

/* A refusal is a serde error with a terminated, non-empty message. */
static void
check_err(const struct proto_error *err)
{
	FUZZ_CHECK(err->kind == PROTO_E_SERDE);
	FUZZ_CHECK(memchr(err->message, '\0', sizeof(err->message)) != NULL);
	FUZZ_CHECK(err->message[0] != '\0');
}

/*
 * The same bytes framed at once, one byte at a time, and under a larger
 * cap: the answers must agree.
 */
static void
fuzz_scan(const uint8_t *data, size_t size)
{
	struct proto_scan	 whole, drip, big;
	struct proto_error	 err;
	size_t			 k;
	int			 rw, rd = 0, rb;

	proto_scan_init(&whole);
	rw = proto_scan(&whole, data, size, size, &err);
	FUZZ_CHECK(rw >= -1 && rw <= 1);
	if (rw == 1)
		FUZZ_CHECK(whole.len > 0 && whole.len <= size &&
		    whole.depth == 0);
	if (rw == -1)
		check_err(&err);

	proto_scan_init(&drip);
	for (k = 0; k <= size && rd == 0; k++) {
		rd = proto_scan(&drip, data, k, size, &err);
		FUZZ_CHECK(drip.off <= k);
	}
	FUZZ_CHECK(rd == rw);
	FUZZ_CHECK(rw != 1 || drip.len == whole.len);
	FUZZ_CHECK(drip.have_msgid == whole.have_msgid &&
	    drip.msgid == whole.msgid && drip.type == whole.type);

	if (size > PROTO_MSG_DEFAULT)
		return;
	proto_scan_init(&big);
	rb = proto_scan(&big, data, size, PROTO_MSG_DEFAULT, &err);
	if (rw == 1)
		FUZZ_CHECK(rb == 1 && big.len == whole.len);
	else
		FUZZ_CHECK(rb != 1);
	(void)proto_message_type(data, size);
}

static void
fuzz_request(const uint8_t *data, size_t size)
{
	struct proto_request	 req, req2;
	struct proto_error	 err;
	msgpack_sbuffer		 sb, sb2;

	memset(&err, 0, sizeof(err));
	if (proto_decode_request(data, size, &req, &err) == -1) {
		check_err(&err);
		FUZZ_CHECK(req.method == 0);
		return;
	}
	FUZZ_CHECK(proto_message_type(data, size) == PROTO_T_REQUEST);
	msgpack_sbuffer_init(&sb);
	msgpack_sbuffer_init(&sb2);
	FUZZ_CHECK(proto_encode_request(&sb, &req) == 0);
	FUZZ_CHECK(proto_decode_request(sb.data, sb.size, &req2, &err) == 0);
	FUZZ_CHECK(proto_request_equal(&req, &req2));
	/* Encoding is a function of the struct alone. */
	FUZZ_CHECK(proto_encode_request(&sb2, &req2) == 0);
	FUZZ_CHECK(sb.size == sb2.size &&
	    memcmp(sb.data, sb2.data, sb.size) == 0);
	proto_request_free(&req2);
	proto_request_free(&req);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_destroy(&sb2);
}

static void
fuzz_params(const uint8_t *data, size_t size)
{
	union proto_params	 p, q;
	struct proto_error	 err;
	msgpack_sbuffer		 sb;
	int			 m;

	msgpack_sbuffer_init(&sb);
	for (m = 0; m < PROTO_M_MAX; m++) {
		if (proto_decode_params(m, data, size, &p, &err) == -1) {
			check_err(&err);
			continue;
		}
		sb.size = 0;
		FUZZ_CHECK(proto_encode_params(&sb, m, &p) == 0);
		FUZZ_CHECK(proto_decode_params(m, sb.data, sb.size, &q,
		    &err) == 0);
		FUZZ_CHECK(proto_params_equal(m, &p, &q));
		proto_params_free(m, &q);
		proto_params_free(m, &p);
	}
	msgpack_sbuffer_destroy(&sb);
}

static void
fuzz_response(const uint8_t *data, size_t size)
{
	struct proto_response	 r, r2;
	struct proto_error	 err;
	msgpack_sbuffer		 sb;
	int			 m;

	msgpack_sbuffer_init(&sb);
	for (m = 0; m < PROTO_M_MAX; m++) {
		if (proto_decode_response(m, data, size, &r, &err) == -1) {
			check_err(&err);
			continue;
		}
		FUZZ_CHECK(r.error.kind == PROTO_E_NONE || !r.has_result);
		sb.size = 0;
		FUZZ_CHECK(proto_encode_response(&sb, r.msgid, m, &r.error,
		    r.has_result ? &r.r : NULL) == 0);
		FUZZ_CHECK(proto_decode_response(m, sb.data, sb.size, &r2,
		    &err) == 0);
		FUZZ_CHECK(proto_response_equal(m, &r, &r2));
		proto_response_free(m, &r2);
		proto_response_free(m, &r);
	}
	msgpack_sbuffer_destroy(&sb);
}

static void
fuzz_event(const uint8_t *data, size_t size)
{
	struct proto_event	 ev, ev2;
	struct proto_error	 err;
	msgpack_sbuffer		 sb;

	if (proto_decode_event(data, size, &ev, &err) == -1) {
		check_err(&err);
		return;
	}
	FUZZ_CHECK(ev.domain[PROTO_NAME_MAX] == '\0' &&
	    ev.name[PROTO_NAME_MAX] == '\0');
	msgpack_sbuffer_init(&sb);
	FUZZ_CHECK(proto_encode_event(&sb, &ev) == 0);
	FUZZ_CHECK(proto_decode_event(sb.data, sb.size, &ev2, &err) == 0);
	FUZZ_CHECK(proto_event_equal(&ev, &ev2));
	msgpack_sbuffer_destroy(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_scan(data, size);
	fuzz_request(data, size);
	fuzz_params(data, size);
	fuzz_response(data, size);
	fuzz_event(data, size);
	return (0);
}

#ifdef FUZZ_STANDALONE

#define SEEDS_MAX	256
#define SEED_SIZE_MAX	(64 * 1024)	/* larger files are skipped */
#define MUTANT_MAX	(2 * SEED_SIZE_MAX)
#define ITERS_DEF	20000

struct seed {
	char		*name;
	uint8_t		*data;
	size_t		 size;
};

static struct seed	 seeds[SEEDS_MAX];
static size_t		 nseeds;
static uint64_t		 rng = 0x5eed5eed5eedULL; /* deterministic */
/* The input being run, saved by on_abort() to reproduce a finding. */
static const uint8_t	*cur;
static size_t		 cursz;

static void	 add_seed(const char *, const void *, size_t);
static void	 add_encoded(const char *, msgpack_sbuffer *);
static void	 builtin_requests(void);
static void	 builtin_replies(void);
static void	 builtin_hostile(void);
static int	 read_file(const char *, uint8_t **, size_t *);
static void	 load_dir(const char *);
static int	 write_seeds(const char *);
static uint64_t	 rnd(void);
static size_t	 mutate(uint8_t *, size_t);
static void	 run(const uint8_t *, size_t);
static void	 on_abort(int);
static void	 usage(void);

static void
add_seed(const char *name, const void *data, size_t size)
{
	struct seed	*s;

	if (nseeds == SEEDS_MAX || size > SEED_SIZE_MAX)
		return;
	s = &seeds[nseeds];
	if ((s->name = strdup(name)) == NULL ||
	    (s->data = malloc(size + 1)) == NULL) {
		perror("fuzz_proto");
		exit(1);
	}
	memcpy(s->data, data, size);
	s->size = size;
	nseeds++;
}

/* Takes the buffer's bytes and empties it for the next seed. */
static void
add_encoded(const char *name, msgpack_sbuffer *sb)
{
	FUZZ_CHECK(sb->size > 0);
	add_seed(name, sb->data, sb->size);
	sb->size = 0;
}

static void
builtin_requests(void)
{
	struct proto_request	 req;
	struct proto_mount	 mnt[2];
	struct proto_cgprofile	 cgp;
	struct proto_hook	 hook;
	struct proto_kv		 kv[2] = {
		{ "PATH", "/bin" }, { "X", "" },
	};
	char			*args[] = { "-c", "exit 3", "" };
	char			*opts[] = { "size=1m", "mode=1777" };
	char			*seccomp[] = { "default", "strict" };
	int32_t			 extra[] = { 3, 0 };
	msgpack_sbuffer		 sb;
	int			 m;

	msgpack_sbuffer_init(&sb);
	memset(&req, 0, sizeof(req));
	req.msgid = 1;
	for (m = 0; m < PROTO_M_MAX; m++) {
		if (m == PROTO_M_CONFIGURE || m == PROTO_M_EXEC)
			continue;
		memset(&req.p, 0, sizeof(req.p));
		req.method = m;
		strlcpy(req.p.target.domain, "runtime",
		    sizeof(req.p.target.domain));
		if (m == PROTO_M_TERMINATE || m == PROTO_M_KILL)
			strlcpy(req.p.target.name, "fn",
			    sizeof(req.p.target.name));
		if (m == PROTO_M_KILL) {
			req.p.target.has_timeout = 1;
			req.p.target.timeout = 500;
		}
		if (m == PROTO_M_STOP) {
			req.p.dom.has_timeout = 1;
			req.p.dom.timeout = 1000;
		}
		if (m == PROTO_M_THAW || m == PROTO_M_START)
			strlcpy(req.p.dom.cgroup_profile, "small",
			    sizeof(req.p.dom.cgroup_profile));
		FUZZ_CHECK(proto_encode_request(&sb, &req) == 0);
		add_encoded(proto_method_name(m), &sb);
	}

	memset(&req.p, 0, sizeof(req.p));
	req.method = PROTO_M_EXEC;
	strlcpy(req.p.exec.domain, "runtime", sizeof(req.p.exec.domain));
	strlcpy(req.p.exec.name, "fn-1", sizeof(req.p.exec.name));
	req.p.exec.path = "/bin/sh";
	req.p.exec.args.n = 3;
	req.p.exec.args.v = args;
	req.p.exec.cwd = "/tmp";
	req.p.exec.has_env = 1;
	req.p.exec.env.n = 2;
	req.p.exec.env.kv = kv;
	req.p.exec.logs_sock = "/run/logs.sock";
	req.p.exec.nfds = 4;
	req.p.exec.stdin_idx = 0;
	req.p.exec.stdout_idx = 1;
	req.p.exec.stderr_idx = 2;
	req.p.exec.nextra = 2;
	req.p.exec.extra = extra;
	FUZZ_CHECK(proto_encode_request(&sb, &req) == 0);
	add_encoded("exec", &sb);

	memset(&req.p, 0, sizeof(req.p));
	memset(mnt, 0, sizeof(mnt));
	memset(&cgp, 0, sizeof(cgp));
	memset(&hook, 0, sizeof(hook));
	req.method = PROTO_M_CONFIGURE;
	strlcpy(req.p.configure.domain, "operator",
	    sizeof(req.p.configure.domain));
	mnt[0].type = PROTO_MOUNT_DRIVE;
	mnt[0].source = "tmpfs";
	mnt[0].destination = "/tmp";
	mnt[0].fs_type = "tmpfs";
	mnt[0].options.n = 2;
	mnt[0].options.v = opts;
	mnt[0].has_chowner = 1;
	mnt[0].chown_uid = 65534;
	mnt[0].chown_gid = 65534;
	mnt[0].has_chmode = 1;
	mnt[0].chmode = 01777;
	mnt[1].type = PROTO_MOUNT_BIND;
	mnt[1].source = "/srv/data";
	mnt[1].destination = "/data";
	req.p.configure.has_mounts = 1;
	req.p.configure.nmounts = 2;
	req.p.configure.mounts = mnt;
	req.p.configure.has_caps = 1;
	req.p.configure.caps.present = 0x1f;
	req.p.configure.caps.set[PROTO_CAPS_BOUNDING] = 0x3ff;
	req.p.configure.caps.set[PROTO_CAPS_AMBIENT] = 1ULL << 10;
	req.p.configure.has_seccomp = 1;
	req.p.configure.seccomp.n = 2;
	req.p.configure.seccomp.v = seccomp;
	strlcpy(cgp.name, "small", sizeof(cgp.name));
	cgp.has_cpu_pct = 1;
	cgp.cpu_pct = 50.5;
	cgp.has_mem_max = 1;
	cgp.mem_max = 64 << 20;
	req.p.configure.has_cgprofiles = 1;
	req.p.configure.ncgprofiles = 1;
	req.p.configure.cgprofiles = &cgp;
	req.p.configure.has_exec_user = 1;
	req.p.configure.has_uid = 1;
	req.p.configure.uid = 1000;
	strlcpy(hook.name, "net", sizeof(hook.name));
	hook.path = "/etc/supd/hooks/net";
	hook.args.n = 1;
	hook.args.v = args;
	hook.envs.n = 1;
	hook.envs.kv = kv;
	hook.timeout_millis = PROTO_HOOK_TIMEOUT_DEF;
	req.p.configure.has_hooks = 1;
	req.p.configure.nhooks = 1;
	req.p.configure.hooks = &hook;
	FUZZ_CHECK(proto_encode_request(&sb, &req) == 0);
	add_encoded("configure", &sb);
	msgpack_sbuffer_destroy(&sb);
}

static void
builtin_replies(void)
{
	struct proto_error		 err;
	struct proto_event		 ev;
	struct proto_proc_status	 procs[2];
	struct proto_dom_status		 dom;
	union proto_result		 res;
	msgpack_sbuffer			 sb;

	msgpack_sbuffer_init(&sb);
	FUZZ_CHECK(proto_encode_response(&sb, 1, PROTO_M_PING, NULL,
	    NULL) == 0);
	add_encoded("resp-nil", &sb);
	proto_seterr(&err, PROTO_E_FAILURE, "hook net timed out");
	strlcpy(err.hook_name, "net", sizeof(err.hook_name));
	FUZZ_CHECK(proto_encode_response(&sb, 2, PROTO_M_START, &err,
	    NULL) == 0);
	add_encoded("resp-error", &sb);
	memset(&res, 0, sizeof(res));
	res.exec.pid = 2;
	res.exec.host_pid = 4242;
	FUZZ_CHECK(proto_encode_response(&sb, 3, PROTO_M_EXEC, NULL,
	    &res) == 0);
	add_encoded("resp-exec", &sb);
	res.stop.cpu_ns = 1234567;
	res.stop.run_ns = 7654321;
	res.stop.max_memory_bytes = 1 << 20;
	FUZZ_CHECK(proto_encode_response(&sb, 4, PROTO_M_STOP, NULL,
	    &res) == 0);
	add_encoded("resp-stop", &sb);

	memset(procs, 0, sizeof(procs));
	memset(&dom, 0, sizeof(dom));
	strlcpy(procs[0].name, "web", sizeof(procs[0].name));
	procs[0].pid = 2;
	procs[0].host_pid = 4000;
	strlcpy(procs[1].name, "job", sizeof(procs[1].name));
	procs[1].state = PROTO_PROC_EXITED;
	procs[1].cause = PROTO_CAUSE_SIGNALED;
	procs[1].has_signo = 1;
	procs[1].signo = 15;
	strlcpy(dom.name, "runtime", sizeof(dom.name));
	dom.state = PROTO_DOM_RUNNING;
	dom.worker_pid = 3999;
	dom.nprocs = 2;
	dom.procs = procs;
	res.status.ndomains = 1;
	res.status.domains = &dom;
	FUZZ_CHECK(proto_encode_response(&sb, 5, PROTO_M_STATUS, NULL,
	    &res) == 0);
	add_encoded("resp-status", &sb);

	memset(&ev, 0, sizeof(ev));
	ev.timestamp_millis = 1700000000000ULL;
	ev.type = PROTO_EV_TERMINATION;
	ev.cause = PROTO_CAUSE_EXITED;
	strlcpy(ev.domain, "runtime", sizeof(ev.domain));
	strlcpy(ev.name, "fn", sizeof(ev.name));
	ev.has_exit_status = 1;
	FUZZ_CHECK(proto_encode_event(&sb, &ev) == 0);
	add_encoded("event-exit", &sb);
	memset(&ev, 0, sizeof(ev));
	ev.type = PROTO_EV_LOSS;
	ev.size = 17;
	FUZZ_CHECK(proto_encode_event(&sb, &ev) == 0);
	add_encoded("event-loss", &sb);
	msgpack_sbuffer_destroy(&sb);
}

/* SECURITY-NOTES (c) 2-6, 11, 12. */
static void
builtin_hostile(void)
{
	static const uint8_t	 head[] = {
		0x94, 0x00, 0x07, 0xa4, 'p', 'i', 'n', 'g',
	};
	static const uint8_t	 kill_upper[] = {
		0x94, 0x00, 0x08, 0xa4, 'k', 'i', 'l', 'l', 0x91, 0x83,
		0xa6, 'd', 'o', 'm', 'a', 'i', 'n', 0xa1, 'd',
		0xa4, 'n', 'a', 'm', 'e', 0xa1, 'n',
		0xa7, 'T', 'i', 'm', 'e', 'o', 'u', 't', 0xcd, 0x03, 0xe8,
	};
	uint8_t			 buf[sizeof(head) + 64];

	add_seed("kill-Timeout", kill_upper, sizeof(kill_upper));
	add_seed("c1", "\xc1", 1);
	add_seed("array32-huge", "\xdd\xff\xff\xff\xff", 5);
	add_seed("map32-huge", "\xdf\xff\xff\xff\xff", 5);
	memcpy(buf, head, sizeof(head));
	memcpy(buf + sizeof(head), "\xdb\xff\xff\xff\xff", 5);
	add_seed("str32-huge", buf, sizeof(head) + 5);
	memset(buf + sizeof(head), 0x91, 40);
	buf[sizeof(head) + 40] = 0xc0;
	add_seed("deep", buf, sizeof(head) + 41);
	memcpy(buf + sizeof(head), "\x91\xd6\xff\x00\x00\x00\x01", 7);
	add_seed("timestamp", buf, sizeof(head) + 7);
	memcpy(buf + sizeof(head), "\x91\xc7\x00\x05", 4);
	add_seed("ext8-empty", buf, sizeof(head) + 4);
	memcpy(buf + sizeof(head), "\x90\x94\x00\x08\xa4ping\x90", 10);
	add_seed("pipelined", buf, sizeof(head) + 10);
	add_seed("params-empty", "\x90", 1);
	add_seed("params-map", "\x91\x81\xa6" "domain\xa1" "d", 11);
}

static int
read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE	*f;
	uint8_t	*b;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return (-1);
	if ((b = malloc(PROTO_MSG_MAX + 1)) == NULL) {
		fclose(f);
		return (-1);
	}
	n = fread(b, 1, PROTO_MSG_MAX + 1, f);
	fclose(f);
	*data = b;
	*size = n;
	return (0);
}

static void
load_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];
	uint8_t		*data;
	size_t		 size;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (read_file(path, &data, &size) == -1)
			continue;
		add_seed(de->d_name, data, size);
		free(data);
	}
	closedir(d);
}

static int
write_seeds(const char *dir)
{
	char	 path[PATH_MAX];
	FILE	*f;
	size_t	 i;

	for (i = 0; i < nseeds; i++) {
		snprintf(path, sizeof(path), "%s/%s.bin", dir, seeds[i].name);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(seeds[i].data, 1, seeds[i].size, f) !=
		    seeds[i].size || fclose(f) == EOF) {
			perror(path);
			return (1);
		}
	}
	printf("fuzz_proto: wrote %zu seeds to %s\n", nseeds, dir);
	return (0);
}

/* xorshift64: the same run on every machine. */
static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (rng);
}

static size_t
mutate(uint8_t *b, size_t n)
{
	static const uint8_t	 magic[] = {
		0x00, 0x01, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xc1, 0xc2, 0xc4, 0xc7, 0xca, 0xcb, 0xcc, 0xcf, 0xd0, 0xd3,
		0xd4, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
	};
	const struct seed	*s;
	size_t			 pos, len, rounds, i;

	rounds = 1 + rnd() % 4;
	for (i = 0; i < rounds; i++) {
		pos = n ? rnd() % n : 0;
		switch (rnd() % 8) {
		case 0:
			if (n)
				b[pos] ^= 1 << (rnd() % 8);
			break;
		case 1:
			if (n)
				b[pos] = magic[rnd() % sizeof(magic)];
			break;
		case 2:
			if (n < MUTANT_MAX) {
				memmove(b + pos + 1, b + pos, n - pos);
				b[pos] = (uint8_t)rnd();
				n++;
			}
			break;
		case 3:
			len = n - pos ? 1 + rnd() % (n - pos) : 0;
			memmove(b + pos, b + pos + len, n - pos - len);
			n -= len;
			break;
		case 4:
			n = pos;
			break;
		case 5:
			len = n - pos ? 1 + rnd() % (n - pos) : 0;
			if (n + len <= MUTANT_MAX) {
				memmove(b + n, b + pos, len);
				n += len;
			}
			break;
		case 6:
			s = &seeds[rnd() % nseeds];
			len = s->size ? rnd() % s->size : 0;
			if (pos + s->size - len <= MUTANT_MAX) {
				memcpy(b + pos, s->data + len, s->size - len);
				n = pos + s->size - len;
			}
			break;
		default:
			for (len = 0; len < 4 && pos + len < n; len++)
				b[pos + len] = 0xff;
			break;
		}
	}
	return (n);
}

static void
run(const uint8_t *data, size_t size)
{
	cur = data;
	cursz = size;
	LLVMFuzzerTestOneInput(data, size);
	cur = NULL;
}

/* Only async-signal-safe calls: open, write, close. */
static void
on_abort(int sig)
{
	int	 fd;

	if (cur != NULL && (fd = open("crash-fuzz_proto.bin",
	    O_WRONLY | O_CREAT | O_TRUNC, 0644)) != -1) {
		(void)write(fd, cur, cursz);
		(void)close(fd);
		(void)write(STDERR_FILENO, "fuzz_proto: input saved in "
		    "crash-fuzz_proto.bin\n", 49);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
usage(void)
{
	fprintf(stderr, "usage: fuzz_proto [-w dir | file ...]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	const char	*dir, *s;
	uint8_t		*data, *b;
	size_t		 size, n, i;
	long		 iters = ITERS_DEF, it;
	int		 j;

	signal(SIGABRT, on_abort);
	builtin_requests();
	builtin_replies();
	builtin_hostile();
	if (argc == 3 && strcmp(argv[1], "-w") == 0)
		return (write_seeds(argv[2]));
	if (argc > 1 && argv[1][0] == '-')
		usage();
	for (j = 1; j < argc; j++) {
		if (read_file(argv[j], &data, &size) == -1) {
			perror(argv[j]);
			return (1);
		}
		run(data, size);
		free(data);
	}
	if (argc > 1) {
		printf("fuzz_proto: %d files ok\n", argc - 1);
		return (0);
	}

	if ((dir = getenv("FUZZ_CORPUS")) == NULL)
		dir = "regress/fuzz/corpus";
	load_dir(dir);
	if ((s = getenv("FUZZ_ITERS")) != NULL)
		iters = strtol(s, NULL, 10);
	for (i = 0; i < nseeds; i++)
		run(seeds[i].data, seeds[i].size);
	if ((b = malloc(MUTANT_MAX)) == NULL) {
		perror("fuzz_proto");
		return (1);
	}
	for (it = 0; it < iters; it++) {
		i = rnd() % nseeds;
		memcpy(b, seeds[i].data, seeds[i].size);
		n = mutate(b, seeds[i].size);
		run(b, n);
	}
	printf("fuzz_proto: %zu seeds, %ld mutations ok\n", nseeds, iters);
	free(b);
	for (i = 0; i < nseeds; i++) {
		free(seeds[i].name);
		free(seeds[i].data);
	}
	return (0);
}

#endif /* FUZZ_STANDALONE */

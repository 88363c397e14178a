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
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"
#include "test.h"

/* The wire format documented at the top of common/imsg.c. */
#define WIRE_TYPE_FD	0x80000000U

#define MAXPAYLOAD	(IMSG_MAXSIZE - IMSG_HEADER_SIZE)
#define NB_MSGS		64
#define NB_SIZE		65536
#define NB_FDMSG	10
#define LS_MSGS		6000
#define LS_SIZE		1000
#define LS_WRITE	4093

struct payload {
	uint32_t	 p_index;
	uint64_t	 p_cookie;
	char		 p_name[13];
};

static volatile sig_atomic_t sigpipes;

static int	count_fds(void);
static int	fd_is_open(int);
static void	mkpair(int [2]);
static void	mkpipe(int [2]);
static int	pipe_eof(int);
static int	pipe_has(int, const char *);
static void	put_hdr(unsigned char *, uint32_t, uint32_t, uint32_t,
		    uint32_t);
static void	raw_send(int, const void *, size_t, const int *, int);
static int	get_one(struct imsgbuf *, struct imsg *);
static void	on_sigpipe(int);
static int	nb_reader(int);

static void	test_roundtrip(void);
static void	test_zero_len(void);
static void	test_maxsize(void);
static void	test_fdpass(void);
static void	test_fd_burst(void);
static void	test_fd_one_read(void);
static void	test_partial(void);
static void	test_partial_fd(void);
static void	test_bad_header(void);
static void	test_fd_mismatch(void);
static void	test_no_fdpass(void);
static void	test_ctrunc(void);
static void	test_compose_oversize(void);
static void	test_eof(void);
static void	test_epipe(void);
static void	test_nonblock(void);
static void	test_clear(void);
static void	test_long_stream(void);

/* Open descriptors, not counting the one that lists them. */
static int
count_fds(void)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return (n - 1);
}

static int
fd_is_open(int fd)
{
	return (fcntl(fd, F_GETFD) != -1 || errno != EBADF);
}

static void
mkpair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		perror("socketpair");
		exit(2);
	}
}

/*
 * No O_CLOEXEC on purpose: FD_CLOEXEC on a received descriptor must be
 * the receiver's doing.  The read end is non-blocking so that an open
 * write end shows as EAGAIN instead of hanging the test.
 */
static void
mkpipe(int p[2])
{
	if (pipe(p) == -1 ||
	    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK) == -1) {
		perror("pipe");
		exit(2);
	}
}

/* 1 when every write end of the pipe is closed and it is empty. */
static int
pipe_eof(int rfd)
{
	char	 c;

	return (read(rfd, &c, 1) == 0);
}

static int
pipe_has(int rfd, const char *s)
{
	char	 buf[64];
	ssize_t	 n;

	n = read(rfd, buf, sizeof(buf));
	return (n == (ssize_t)strlen(s) && memcmp(buf, s, n) == 0);
}

static void
put_hdr(unsigned char *p, uint32_t type, uint32_t len, uint32_t peerid,
    uint32_t pid)
{
	struct imsg_hdr	 hdr;

	hdr.type = type;
	hdr.len = len;
	hdr.peerid = peerid;
	hdr.pid = pid;
	memcpy(p, &hdr, sizeof(hdr));
}

/* One hand-made sendmsg(2) carrying nfds descriptors. */
static void
raw_send(int s, const void *buf, size_t len, const int *fds, int nfds)
{
	struct msghdr	 msg;
	struct iovec	 iov;
	struct cmsghdr	*cm;
	char		*cbuf = NULL;
	size_t		 clen;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = (void *)buf;
	iov.iov_len = len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		clen = CMSG_SPACE(sizeof(int) * nfds);
		if ((cbuf = calloc(1, clen)) == NULL)
			exit(2);
		msg.msg_control = cbuf;
		msg.msg_controllen = clen;
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	if (sendmsg(s, &msg, 0) != (ssize_t)len) {
		perror("sendmsg");
		exit(2);
	}
	free(cbuf);
}

/* Reads until a message is complete: 1, 0 on EOF, -1 on error. */
static int
get_one(struct imsgbuf *ibuf, struct imsg *imsg)
{
	ssize_t	 n;
	int	 r;

	for (;;) {
		if ((r = imsg_get(ibuf, imsg)) != 0)
			return (r);
		if ((n = imsgbuf_read(ibuf)) <= 0)
			return ((int)n);
	}
}

static void
on_sigpipe(int sig)
{
	sigpipes++;
}

/*
 * test.h evaluates a CHECK condition twice, so every call with a side
 * effect (errno included) runs first and CHECK only looks at variables.
 */

static void
test_roundtrip(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	struct payload	 p, q;
	struct iovec	 iov[3];
	char		 big[100];
	size_t		 qlen;
	int		 sv[2], i, r, e, ok, bad = 0;

	mkpair(sv);
	r = imsgbuf_init(&a, sv[0]);
	CHECK(r == 0, "init sender");
	r = imsgbuf_init(&b, sv[1]);
	CHECK(r == 0, "init receiver");

	for (i = 0; i < 50; i++) {
		memset(&p, 0, sizeof(p));
		p.p_index = i;
		p.p_cookie = 0x1122334455667700ULL + i;
		snprintf(p.p_name, sizeof(p.p_name), "msg-%d", i);
		if (imsg_compose(&a, 100 + i, 1000 + i, i == 0 ? 0 : 4000 + i,
		    -1, &p, sizeof(p)) != 0)
			bad++;
	}
	CHECK(bad == 0, "compose 50 messages");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen == 50 * (IMSG_HEADER_SIZE + sizeof(p)),
	    "queuelen counts queued bytes");
	r = imsgbuf_write(&a);
	CHECK(r == 0, "one write empties the queue");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen == 0, "queue empty after write");

	for (i = 0; i < 50; i++) {
		if (get_one(&b, &imsg) != 1) {
			bad++;
			break;
		}
		memset(&q, 0, sizeof(q));
		if (imsg.hdr.type != (uint32_t)(100 + i) ||
		    imsg.hdr.peerid != (uint32_t)(1000 + i) ||
		    imsg.hdr.pid != (uint32_t)(i == 0 ? getpid() : 4000 + i) ||
		    imsg.hdr.len != IMSG_HEADER_SIZE + sizeof(p) ||
		    imsg.fd != -1 || imsg_len(&imsg) != sizeof(p) ||
		    imsg_get_data(&imsg, &q, sizeof(q)) != 0 ||
		    q.p_index != (uint32_t)i ||
		    q.p_cookie != 0x1122334455667700ULL + i)
			bad++;
		snprintf(p.p_name, sizeof(p.p_name), "msg-%d", i);
		if (strcmp(q.p_name, p.p_name) != 0)
			bad++;
		imsg_free(&imsg);
		if (imsg.data != NULL)
			bad++;
	}
	CHECK(bad == 0, "50 messages arrive in order with type, peerid, "
	    "pid (0 stamps getpid), payload");
	r = imsg_get(&b, &imsg);
	CHECK(r == 0, "nothing more buffered");

	memset(big, 'z', sizeof(big));
	iov[0].iov_base = "abc";
	iov[0].iov_len = 3;
	iov[1].iov_base = NULL;
	iov[1].iov_len = 0;
	iov[2].iov_base = big;
	iov[2].iov_len = sizeof(big);
	r = imsg_composev(&a, 7, 8, 9, -1, iov, 3);
	CHECK(r == 0, "composev");
	r = imsgbuf_flush(&a);
	CHECK(r == 0, "flush");
	r = get_one(&b, &imsg);
	ok = r == 1 && imsg_len(&imsg) == 103 &&
	    memcmp(imsg.data, "abc", 3) == 0 &&
	    memcmp((char *)imsg.data + 3, big, sizeof(big)) == 0 &&
	    imsg.hdr.type == 7 && imsg.hdr.peerid == 8 && imsg.hdr.pid == 9;
	CHECK(ok, "composev payload is the iovecs concatenated");
	if (r == 1) {
		errno = 0;
		r = imsg_get_data(&imsg, big, 102);
		e = errno;
		CHECK(r == -1 && e == EBADMSG,
		    "imsg_get_data short length: EBADMSG");
		errno = 0;
		r = imsg_get_data(&imsg, big, 104);
		e = errno;
		CHECK(r == -1 && e == EBADMSG,
		    "imsg_get_data long length: EBADMSG");
		imsg_free(&imsg);
	}

	errno = 0;
	r = imsg_compose(&a, WIRE_TYPE_FD | 1, 0, 0, -1, NULL, 0);
	e = errno;
	CHECK(r == -1 && e == EINVAL, "type using the fd flag bit is refused");

	imsgbuf_clear(&a);
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);
}

static void
test_zero_len(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	char		 c;
	int		 sv[2], r, e;

	mkpair(sv);
	imsgbuf_init(&a, sv[0]);
	imsgbuf_init(&b, sv[1]);
	r = imsg_compose(&a, 42, 1, 2, -1, NULL, 0);
	CHECK(r == 0, "compose empty payload");
	r = imsgbuf_flush(&a);
	CHECK(r == 0, "flush empty payload");
	r = get_one(&b, &imsg);
	CHECK(r == 1, "empty payload received");
	if (r == 1) {
		CHECK(imsg.hdr.type == 42 && imsg.hdr.len == IMSG_HEADER_SIZE &&
		    imsg_len(&imsg) == 0 && imsg.fd == -1 && imsg.data == NULL,
		    "empty payload: header only, no data, no fd");
		r = imsg_get_data(&imsg, NULL, 0);
		CHECK(r == 0, "get_data of 0 bytes");
		errno = 0;
		r = imsg_get_data(&imsg, &c, 1);
		e = errno;
		CHECK(r == -1 && e == EBADMSG,
		    "get_data of 1 byte from empty payload: EBADMSG");
		imsg_free(&imsg);
	}
	imsgbuf_clear(&a);
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);
}

static void
test_maxsize(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	unsigned char	*buf;
	size_t		 i, qlen;
	ssize_t		 n;
	pid_t		 pid, w;
	int		 sv[2], status, r, e, ok;

	if ((buf = malloc(MAXPAYLOAD + 1)) == NULL)
		exit(2);
	for (i = 0; i < MAXPAYLOAD + 1; i++)
		buf[i] = (unsigned char)(i * 7 + 3);

	mkpair(sv);
	/* The socket holds far less than 4 MiB: write from a child. */
	if ((pid = fork()) == -1)
		exit(2);
	if (pid == 0) {
		close(sv[1]);
		if (imsgbuf_init(&a, sv[0]) == -1)
			_exit(1);
		r = imsg_compose(&a, 3, 4, 5, -1, buf, MAXPAYLOAD);
		r = r == 0 ? imsgbuf_flush(&a) : -1;
		_exit(r == 0 ? 0 : 1);
	}
	close(sv[0]);
	imsgbuf_init(&b, sv[1]);
	r = get_one(&b, &imsg);
	ok = r == 1 && imsg.hdr.len == IMSG_MAXSIZE &&
	    imsg_len(&imsg) == MAXPAYLOAD &&
	    memcmp(imsg.data, buf, MAXPAYLOAD) == 0;
	CHECK(ok, "maximum-size payload arrives intact");
	CHECK(b.r_cap <= IMSG_MAXSIZE + IMSG_READ_CHUNK,
	    "read buffer never exceeds IMSG_MAXSIZE + one chunk");
	if (r == 1)
		imsg_free(&imsg);
	CHECK(r == 1 && b.r_cap <= 4 * IMSG_READ_CHUNK,
	    "large read buffer given back once drained (%zu)", b.r_cap);
	n = imsgbuf_read(&b);
	CHECK(n == 0, "EOF after writer exits");
	imsgbuf_clear(&b);
	close(sv[1]);
	w = waitpid(pid, &status, 0);
	CHECK(w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "writer child flushed");

	mkpair(sv);
	imsgbuf_init(&a, sv[0]);
	errno = 0;
	r = imsg_compose(&a, 3, 4, 5, -1, buf, MAXPAYLOAD + 1);
	e = errno;
	CHECK(r == -1 && e == EMSGSIZE, "one byte over the maximum: EMSGSIZE");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen == 0, "nothing queued");
	imsgbuf_clear(&a);
	close(sv[0]);
	close(sv[1]);
	free(buf);
}

static void
test_fdpass(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	int		 sv[2], p[2], flags, r, ok;

	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&a, sv[0]);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);

	r = imsg_compose(&a, 9, 0, 0, p[1], "x", 1);
	CHECK(r == 0, "compose with fd");
	r = imsgbuf_write(&a);
	CHECK(r == 0, "write with fd");
	ok = !fd_is_open(p[1]);
	CHECK(ok, "sender closed its fd once sent");
	r = get_one(&b, &imsg);
	CHECK(r == 1 && imsg.hdr.type == 9 && imsg_len(&imsg) == 1 &&
	    imsg.fd >= 0, "fd message received with an fd");
	if (r != 1 || imsg.fd < 0)
		goto done;
	flags = fcntl(imsg.fd, F_GETFD);
	CHECK(flags != -1 && (flags & FD_CLOEXEC), "received fd is CLOEXEC");
	ok = write(imsg.fd, "hello", 5) == 5;
	CHECK(ok, "write through received fd");
	ok = pipe_has(p[0], "hello");
	CHECK(ok, "original read end sees the bytes");
	close(imsg.fd);
	ok = pipe_eof(p[0]);
	CHECK(ok, "no other copy of the write end is left");
	imsg_free(&imsg);
 done:
	imsgbuf_clear(&a);
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

/*
 * Plain and fd-carrying messages queued back to back and written by one
 * imsgbuf_write: each descriptor must land on its own message however
 * the kernel splits the stream.
 */
static void
test_fd_burst(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	const int	 hasfd[6] = { 0, 1, 1, 0, 1, 1 };
	int		 pipes[6][2], sv[2], i, k, r, reads = 0, bad = 0;
	char		 tag[8];

	mkpair(sv);
	imsgbuf_init(&a, sv[0]);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	for (i = 0; i < 6; i++) {
		if (hasfd[i])
			mkpipe(pipes[i]);
		if (imsg_compose(&a, 20 + i, i, 0, hasfd[i] ? pipes[i][1] : -1,
		    &i, sizeof(i)) != 0)
			bad++;
	}
	CHECK(bad == 0, "compose 6 messages, 4 with fds");
	r = imsgbuf_write(&a);
	CHECK(r == 0, "one imsgbuf_write sends them all");

	for (i = 0; i < 6; ) {
		while ((r = imsg_get(&b, &imsg)) == 1) {
			if (imsg.hdr.type != (uint32_t)(20 + i) ||
			    imsg_get_data(&imsg, &k, sizeof(k)) != 0 || k != i)
				bad++;
			if (hasfd[i] != (imsg.fd != -1))
				bad++;
			if (imsg.fd != -1 && hasfd[i]) {
				snprintf(tag, sizeof(tag), "fd%d", i);
				if (write(imsg.fd, tag, strlen(tag)) < 0 ||
				    !pipe_has(pipes[i][0], tag))
					bad++;
				close(imsg.fd);
				if (!pipe_eof(pipes[i][0]))
					bad++;
			}
			imsg_free(&imsg);
			i++;
		}
		if (r == -1 || i == 6)
			break;
		if (imsgbuf_read(&b) <= 0)
			break;
		reads++;
	}
	CHECK(i == 6 && bad == 0,
	    "each fd on the right message (%d messages, %d reads)", i, reads);
	r = imsg_get(&b, &imsg);
	CHECK(r == 0, "nothing left, no stray fd");
	for (i = 0; i < 6; i++)
		if (hasfd[i])
			close(pipes[i][0]);
	imsgbuf_clear(&a);
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);
}

/*
 * Linux hands out one sender's SCM_RIGHTS per recvmsg(2), so the burst
 * above takes several reads; a single hand-made sendmsg(2) with two
 * headers and two descriptors forces both into one read.
 */
static void
test_fd_one_read(void)
{
	struct imsgbuf	 b;
	struct imsg	 m1, m2, m3;
	unsigned char	 wire[2 * (IMSG_HEADER_SIZE + 4)];
	uint32_t	 idx;
	ssize_t		 n;
	int		 sv[2], pa[2], pb[2], fds[2], base, r1, r2, r3, ok;

	base = count_fds();
	mkpair(sv);
	mkpipe(pa);
	mkpipe(pb);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);

	put_hdr(wire, 30 | WIRE_TYPE_FD, IMSG_HEADER_SIZE + 4, 0, 0);
	idx = 0;
	memcpy(wire + IMSG_HEADER_SIZE, &idx, 4);
	put_hdr(wire + IMSG_HEADER_SIZE + 4, 31 | WIRE_TYPE_FD,
	    IMSG_HEADER_SIZE + 4, 0, 0);
	idx = 1;
	memcpy(wire + 2 * IMSG_HEADER_SIZE + 4, &idx, 4);
	fds[0] = pa[1];
	fds[1] = pb[1];
	raw_send(sv[0], wire, sizeof(wire), fds, 2);
	close(pa[1]);
	close(pb[1]);

	n = imsgbuf_read(&b);
	CHECK(n == (ssize_t)sizeof(wire), "two fd messages in one read");
	r1 = imsg_get(&b, &m1);
	CHECK(r1 == 1 && m1.hdr.type == 30 && m1.fd >= 0,
	    "first message has an fd");
	r2 = imsg_get(&b, &m2);
	CHECK(r2 == 1 && m2.hdr.type == 31 && m2.fd >= 0,
	    "second message has an fd");
	r3 = imsg_get(&b, &m3);
	CHECK(r3 == 0, "nothing left");
	if (r1 == 1 && r2 == 1 && m1.fd >= 0 && m2.fd >= 0) {
		ok = write(m1.fd, "A", 1) == 1 && pipe_has(pa[0], "A") &&
		    write(m2.fd, "B", 1) == 1 && pipe_has(pb[0], "B");
		CHECK(ok, "fds attached in arrival order");
		close(m1.fd);
		close(m2.fd);
	}
	if (r1 == 1)
		imsg_free(&m1);
	if (r2 == 1)
		imsg_free(&m2);
	imsgbuf_clear(&b);
	close(pa[0]);
	close(pb[0]);
	close(sv[0]);
	close(sv[1]);
	ok = count_fds() == base;
	CHECK(ok, "no fd leaked");
}

static void
test_partial(void)
{
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	 wire[2 * IMSG_HEADER_SIZE + 100];
	size_t		 i, len1 = IMSG_HEADER_SIZE + 100;
	ssize_t		 n;
	int		 sv[2], r = 0, e, early = 0, late = 0, readbad = 0;

	mkpair(sv);
	fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	imsgbuf_init(&b, sv[1]);
	errno = 0;
	n = imsgbuf_read(&b);
	e = errno;
	CHECK(n == -1 && e == EAGAIN,
	    "non-blocking read with nothing ready: EAGAIN");

	put_hdr(wire, 5, len1, 77, 88);
	for (i = 0; i < 100; i++)
		wire[IMSG_HEADER_SIZE + i] = (unsigned char)i;
	put_hdr(wire + len1, 6, IMSG_HEADER_SIZE, 0, 0);

	for (i = 0; i < len1; i++) {
		if (write(sv[0], wire + i, 1) != 1)
			exit(2);
		if (imsgbuf_read(&b) != 1)
			readbad++;
		r = imsg_get(&b, &imsg);
		if (i + 1 < len1 && r != 0)
			early++;
		if (i + 1 == len1 && r != 1)
			late++;
	}
	CHECK(readbad == 0, "each read returns the one byte written");
	CHECK(early == 0, "imsg_get returns 0 until the message is complete");
	CHECK(late == 0, "imsg_get returns 1 on the last byte");
	if (r == 1) {
		CHECK(imsg.hdr.type == 5 && imsg.hdr.peerid == 77 &&
		    imsg.hdr.pid == 88 && imsg_len(&imsg) == 100 &&
		    memcmp(imsg.data, wire + IMSG_HEADER_SIZE, 100) == 0,
		    "byte-by-byte message intact");
		imsg_free(&imsg);
	}

	early = late = 0;
	for (i = len1; i < sizeof(wire); i++) {
		if (write(sv[0], wire + i, 1) != 1 || imsgbuf_read(&b) != 1)
			exit(2);
		r = imsg_get(&b, &imsg);
		if (i + 1 < sizeof(wire) && r != 0)
			early++;
		if (i + 1 == sizeof(wire) && r != 1)
			late++;
	}
	CHECK(early == 0 && late == 0 && r == 1 && imsg.hdr.type == 6 &&
	    imsg_len(&imsg) == 0, "header-only message byte by byte");
	if (r == 1)
		imsg_free(&imsg);
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);
}

/* The fd rides on the first byte; the rest trickles in. */
static void
test_partial_fd(void)
{
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	 wire[IMSG_HEADER_SIZE + 8];
	size_t		 i;
	int		 sv[2], p[2], r = 0, early = 0, ok;

	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	put_hdr(wire, 12 | WIRE_TYPE_FD, sizeof(wire), 0, 0);
	memcpy(wire + IMSG_HEADER_SIZE, "payload!", 8);

	raw_send(sv[0], wire, 1, &p[1], 1);
	close(p[1]);
	for (i = 1; i <= sizeof(wire); i++) {
		if (imsgbuf_read(&b) != 1)
			exit(2);
		r = imsg_get(&b, &imsg);
		if (i < sizeof(wire)) {
			if (r != 0)
				early++;
			if (write(sv[0], wire + i, 1) != 1)
				exit(2);
		}
	}
	CHECK(early == 0 && r == 1 && imsg.hdr.type == 12 && imsg.fd >= 0 &&
	    memcmp(imsg.data, "payload!", 8) == 0,
	    "fd message assembled byte by byte keeps its fd");
	if (r == 1 && imsg.fd >= 0) {
		ok = write(imsg.fd, "p", 1) == 1 && pipe_has(p[0], "p");
		CHECK(ok, "and the fd is the right one");
		close(imsg.fd);
	}
	if (r == 1)
		imsg_free(&imsg);
	imsgbuf_clear(&b);
	ok = pipe_eof(p[0]);
	CHECK(ok, "no copy left");
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

static void
test_bad_header(void)
{
	const uint32_t	 lens[] = { IMSG_MAXSIZE + 1, 0, 15, 0xffffffffU };
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	 hdr[IMSG_HEADER_SIZE];
	size_t		 i;
	ssize_t		 n;
	int		 sv[2], r, e;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		mkpair(sv);
		/* Should a bad length be taken, fail now rather than hang. */
		fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
		imsgbuf_init(&b, sv[1]);
		put_hdr(hdr, 1, lens[i], 0, 0);
		raw_send(sv[0], hdr, sizeof(hdr), NULL, 0);
		n = imsgbuf_read(&b);
		CHECK(n == (ssize_t)sizeof(hdr), "header with len %u read",
		    lens[i]);
		errno = 0;
		r = imsg_get(&b, &imsg);
		e = errno;
		CHECK(r == -1 && e == EBADMSG,
		    "len %u rejected with EBADMSG", lens[i]);
		errno = 0;
		r = imsg_get(&b, &imsg);
		e = errno;
		CHECK(r == -1 && e == EBADMSG,
		    "len %u: buffer stays in error", lens[i]);
		errno = 0;
		n = imsgbuf_read(&b);
		e = errno;
		CHECK(n == -1 && e == EBADMSG,
		    "len %u: later reads fail too", lens[i]);
		imsgbuf_clear(&b);
		close(sv[0]);
		close(sv[1]);
	}

	/* The limits themselves are valid. */
	mkpair(sv);
	imsgbuf_init(&b, sv[1]);
	put_hdr(hdr, 1, IMSG_MAXSIZE, 0, 0);
	raw_send(sv[0], hdr, sizeof(hdr), NULL, 0);
	n = imsgbuf_read(&b);
	r = imsg_get(&b, &imsg);
	CHECK(n > 0 && r == 0,
	    "len IMSG_MAXSIZE accepted, waits for the payload");
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);

	mkpair(sv);
	imsgbuf_init(&b, sv[1]);
	put_hdr(hdr, 1, IMSG_HEADER_SIZE, 0, 0);
	raw_send(sv[0], hdr, sizeof(hdr), NULL, 0);
	n = imsgbuf_read(&b);
	r = imsg_get(&b, &imsg);
	CHECK(n > 0 && r == 1 && imsg_len(&imsg) == 0,
	    "len IMSG_HEADER_SIZE accepted");
	if (r == 1)
		imsg_free(&imsg);
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);
}

/* A header claiming an fd that never came, and an fd nobody claims. */
static void
test_fd_mismatch(void)
{
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	 wire[IMSG_HEADER_SIZE];
	unsigned char	 late[IMSG_HEADER_SIZE + 8];
	ssize_t		 n, n2;
	int		 sv[2], p[2], base, r, e, ok;

	base = count_fds();
	mkpair(sv);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	put_hdr(wire, 1 | WIRE_TYPE_FD, IMSG_HEADER_SIZE, 0, 0);
	raw_send(sv[0], wire, sizeof(wire), NULL, 0);
	n = imsgbuf_read(&b);
	errno = 0;
	r = imsg_get(&b, &imsg);
	e = errno;
	CHECK(n > 0 && r == -1 && e == EBADMSG,
	    "flagged header without fd: EBADMSG");
	imsgbuf_clear(&b);
	close(sv[0]);
	close(sv[1]);

	/*
	 * The fd rides on a later read than the header's first byte: it
	 * belongs to some later message, not to this one.
	 */
	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	put_hdr(late, 3 | WIRE_TYPE_FD, sizeof(late), 0, 0);
	memset(late + IMSG_HEADER_SIZE, 'L', sizeof(late) - IMSG_HEADER_SIZE);
	raw_send(sv[0], late, IMSG_HEADER_SIZE, NULL, 0);
	n = imsgbuf_read(&b);
	raw_send(sv[0], late + IMSG_HEADER_SIZE,
	    sizeof(late) - IMSG_HEADER_SIZE, &p[1], 1);
	close(p[1]);
	n2 = imsgbuf_read(&b);
	errno = 0;
	r = imsg_get(&b, &imsg);
	e = errno;
	CHECK(n == IMSG_HEADER_SIZE && n2 > 0 && r == -1 && e == EBADMSG,
	    "fd arriving after its header: EBADMSG");
	ok = pipe_eof(p[0]);
	CHECK(ok, "that fd closed at once");
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);

	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	put_hdr(wire, 2, IMSG_HEADER_SIZE, 0, 0);
	raw_send(sv[0], wire, sizeof(wire), &p[1], 1);
	close(p[1]);
	n = imsgbuf_read(&b);
	CHECK(n > 0, "plain header sent with an fd");
	r = imsg_get(&b, &imsg);
	CHECK(r == 1 && imsg.fd == -1, "plain message does not take it");
	if (r == 1)
		imsg_free(&imsg);
	errno = 0;
	r = imsg_get(&b, &imsg);
	e = errno;
	CHECK(r == -1 && e == EBADMSG, "unclaimed fd: EBADMSG");
	ok = pipe_eof(p[0]);
	CHECK(ok, "unclaimed fd closed at once");
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
	ok = count_fds() == base;
	CHECK(ok, "no fd leaked");
}

static void
test_no_fdpass(void)
{
	struct imsgbuf	 a, b;
	struct imsg	 imsg;
	unsigned char	 wire[IMSG_HEADER_SIZE];
	ssize_t		 n;
	int		 sv[2], p[2], base, after, r, e, ok;

	base = count_fds();
	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&a, sv[0]);
	imsgbuf_init(&b, sv[1]);
	r = imsg_compose(&a, 1, 0, 0, p[1], NULL, 0);
	ok = r == 0 && imsgbuf_flush(&a) == 0;
	CHECK(ok, "fd sent to a buffer without fdpass");
	errno = 0;
	n = imsgbuf_read(&b);
	e = errno;
	CHECK(n == -1 && e == EBADMSG, "read fails with EBADMSG");
	ok = pipe_eof(p[0]);
	CHECK(ok, "received fd closed at once");
	errno = 0;
	r = imsg_get(&b, &imsg);
	e = errno;
	CHECK(r == -1 && e == EBADMSG, "buffer stays in error");
	imsgbuf_clear(&a);
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);

	/* A well-formed plain message, but an fd came with it. */
	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&b, sv[1]);
	put_hdr(wire, 2, IMSG_HEADER_SIZE, 0, 0);
	raw_send(sv[0], wire, sizeof(wire), &p[1], 1);
	close(p[1]);
	errno = 0;
	n = imsgbuf_read(&b);
	e = errno;
	CHECK(n == -1 && e == EBADMSG, "plain message with an fd: EBADMSG");
	errno = 0;
	r = imsg_get(&b, &imsg);
	e = errno;
	CHECK(r == -1 && e == EBADMSG,
	    "its bytes are never delivered: buffer stays in error");
	ok = pipe_eof(p[0]);
	CHECK(ok, "fd closed at once");
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
	after = count_fds();
	CHECK(after == base, "no fd leaked (%d before, %d after)", base,
	    after);
}

static void
test_ctrunc(void)
{
	struct imsgbuf	 b;
	unsigned char	 wire[IMSG_HEADER_SIZE];
	ssize_t		 n;
	int		 sv[2], p[2], fds[40], i, base, e, ok;

	base = count_fds();
	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&b, sv[1]);
	imsgbuf_allow_fdpass(&b);
	for (i = 0; i < 40; i++)
		fds[i] = p[1];
	put_hdr(wire, 1 | WIRE_TYPE_FD, IMSG_HEADER_SIZE, 0, 0);
	raw_send(sv[0], wire, sizeof(wire), fds, 40);
	close(p[1]);
	errno = 0;
	n = imsgbuf_read(&b);
	e = errno;
	CHECK(n == -1 && e == EBADMSG,
	    "40 fds in one read: MSG_CTRUNC, EBADMSG");
	ok = pipe_eof(p[0]);
	CHECK(ok, "every fd that arrived was closed");
	imsgbuf_clear(&b);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
	ok = count_fds() == base;
	CHECK(ok, "no fd leaked");
}

static void
test_compose_oversize(void)
{
	struct imsgbuf	 a;
	struct iovec	 iov[2];
	char		*buf;
	size_t		 qlen;
	int		 sv[2], p[2], r, e, ok;

	if ((buf = calloc(1, MAXPAYLOAD)) == NULL)
		exit(2);
	mkpair(sv);
	mkpipe(p);
	imsgbuf_init(&a, sv[0]);
	errno = 0;
	r = imsg_compose(&a, 1, 0, 0, p[1], buf, MAXPAYLOAD + 1);
	e = errno;
	CHECK(r == -1 && e == EMSGSIZE, "oversize compose: EMSGSIZE");
	ok = !fd_is_open(p[1]) && pipe_eof(p[0]);
	CHECK(ok, "its fd was closed");
	close(p[0]);

	mkpipe(p);
	iov[0].iov_base = buf;
	iov[0].iov_len = MAXPAYLOAD;
	iov[1].iov_base = buf;
	iov[1].iov_len = 1;
	errno = 0;
	r = imsg_composev(&a, 1, 0, 0, p[1], iov, 2);
	e = errno;
	CHECK(r == -1 && e == EMSGSIZE, "oversize composev: EMSGSIZE");
	ok = !fd_is_open(p[1]) && pipe_eof(p[0]);
	CHECK(ok, "its fd was closed");
	close(p[0]);

	iov[1].iov_base = buf;
	iov[1].iov_len = SIZE_MAX;	/* rejected before any copy */
	errno = 0;
	r = imsg_composev(&a, 1, 0, 0, -1, iov, 2);
	e = errno;
	CHECK(r == -1 && e == EMSGSIZE,
	    "composev length that would wrap: EMSGSIZE");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen == 0 && a.w_head == NULL, "nothing queued");
	imsgbuf_clear(&a);
	close(sv[0]);
	close(sv[1]);
	free(buf);
}

static void
test_eof(void)
{
	struct imsgbuf	 b;
	ssize_t		 n;
	int		 sv[2];

	mkpair(sv);
	imsgbuf_init(&b, sv[1]);
	close(sv[0]);
	n = imsgbuf_read(&b);
	CHECK(n == 0, "read on a closed peer returns 0");
	imsgbuf_clear(&b);
	close(sv[1]);
}

static void
test_epipe(void)
{
	struct imsgbuf	 a;
	int		 sv[2], r, e;

	signal(SIGPIPE, on_sigpipe);
	mkpair(sv);
	imsgbuf_init(&a, sv[0]);
	close(sv[1]);
	imsg_compose(&a, 1, 0, 0, -1, "x", 1);
	errno = 0;
	r = imsgbuf_write(&a);
	e = errno;
	CHECK(r == -1 && e == EPIPE, "write to a closed peer: EPIPE");
	errno = 0;
	r = imsgbuf_flush(&a);
	e = errno;
	CHECK(r == -1 && e == EPIPE, "flush to a closed peer: EPIPE");
	CHECK(sigpipes == 0, "no SIGPIPE raised");
	imsgbuf_clear(&a);
	close(sv[0]);
	signal(SIGPIPE, SIG_DFL);
}

/* Child side of test_nonblock: 0 when every message checks out. */
static int
nb_reader(int s)
{
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	*data;
	int		 i, j, bad = 0;

	if (imsgbuf_init(&b, s) == -1)
		return (1);
	imsgbuf_allow_fdpass(&b);
	for (i = 0; i < NB_MSGS; i++) {
		if (get_one(&b, &imsg) != 1)
			return (2);
		data = imsg.data;
		if (imsg.hdr.type != (uint32_t)i || imsg_len(&imsg) != NB_SIZE)
			bad++;
		for (j = 0; j < NB_SIZE && !bad; j++)
			if (data[j] != (unsigned char)(i + j))
				bad++;
		if ((i == NB_FDMSG) != (imsg.fd != -1))
			bad++;
		if (imsg.fd != -1) {
			if (write(imsg.fd, "ok", 2) != 2)
				bad++;
			close(imsg.fd);
		}
		imsg_free(&imsg);
	}
	if (imsgbuf_read(&b) != 0)
		bad++;
	imsgbuf_clear(&b);
	return (bad ? 3 : 0);
}

static void
test_nonblock(void)
{
	struct imsgbuf	 a;
	unsigned char	*buf;
	size_t		 qlen, total = NB_MSGS * (IMSG_HEADER_SIZE + NB_SIZE);
	pid_t		 pid, w;
	int		 sv[2], p[2], i, j, bad = 0, r, status, ok;

	if ((buf = malloc(NB_SIZE)) == NULL)
		exit(2);
	mkpair(sv);
	mkpipe(p);
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	imsgbuf_init(&a, sv[0]);
	for (i = 0; i < NB_MSGS; i++) {
		for (j = 0; j < NB_SIZE; j++)
			buf[j] = (unsigned char)(i + j);
		if (imsg_compose(&a, i, 0, 0, i == NB_FDMSG ? p[1] : -1,
		    buf, NB_SIZE) != 0)
			bad++;
	}
	CHECK(bad == 0, "compose %d x %d bytes", NB_MSGS, NB_SIZE);
	r = imsgbuf_write(&a);
	CHECK(r == 1, "non-blocking write fills the socket, returns 1");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen > 0 && qlen < total,
	    "part written, part queued (%zu of %zu left)", qlen, total);
	r = imsgbuf_write(&a);
	CHECK(r == 1, "still full: 1 again");

	if ((pid = fork()) == -1)
		exit(2);
	if (pid == 0) {
		/* Drop the parent's copies, the queued fd among them. */
		imsgbuf_clear(&a);
		close(sv[0]);
		close(p[0]);
		free(buf);
		_exit(nb_reader(sv[1]));
	}
	close(sv[1]);
	r = imsgbuf_flush(&a);
	CHECK(r == 0, "flush completes against a reader");
	qlen = imsgbuf_queuelen(&a);
	CHECK(qlen == 0, "queue empty");
	imsgbuf_clear(&a);
	close(sv[0]);
	w = waitpid(pid, &status, 0);
	CHECK(w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "reader got every message intact, fd on message %d (status %d)",
	    NB_FDMSG, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	ok = pipe_has(p[0], "ok");
	CHECK(ok, "reader wrote through the passed fd");
	ok = pipe_eof(p[0]);
	CHECK(ok, "no copy of the write end left");
	close(p[0]);
	free(buf);
}

static void
test_clear(void)
{
	struct imsgbuf	 a;
	int		 sv[2], p[3][2], i, base, n, ok = 1;

	base = count_fds();
	mkpair(sv);
	imsgbuf_init(&a, sv[0]);
	for (i = 0; i < 3; i++) {
		mkpipe(p[i]);
		if (imsg_compose(&a, i, 0, 0, p[i][1], NULL, 0) != 0)
			ok = 0;
	}
	n = count_fds();
	CHECK(ok && n == base + 8, "3 fds queued");
	imsgbuf_clear(&a);
	for (i = 0; i < 3; i++) {
		if (!pipe_eof(p[i][0]))
			ok = 0;
		close(p[i][0]);
	}
	CHECK(ok, "imsgbuf_clear closed every queued fd");
	close(sv[0]);
	close(sv[1]);
	n = count_fds();
	CHECK(n == base, "no fd leaked");
}

/*
 * A long stream of small messages whose reads end mid-message: the read
 * buffer must recycle consumed space instead of growing to its cap and
 * running out.
 */
static void
test_long_stream(void)
{
	struct imsgbuf	 b;
	struct imsg	 imsg;
	unsigned char	*wire;
	size_t		 off, len, maxcap = 0, total = LS_MSGS * LS_SIZE;
	ssize_t		 n = -1;
	uint32_t	 seq, got = 0;
	pid_t		 pid, w;
	int		 sv[2], r = 0, bad = 0, status;

	if ((wire = malloc(total)) == NULL)
		exit(2);
	for (seq = 0; seq < LS_MSGS; seq++) {
		put_hdr(wire + seq * LS_SIZE, 1, LS_SIZE, seq, 0);
		memset(wire + seq * LS_SIZE + IMSG_HEADER_SIZE, (int)seq,
		    LS_SIZE - IMSG_HEADER_SIZE);
	}
	mkpair(sv);
	if ((pid = fork()) == -1)
		exit(2);
	if (pid == 0) {
		close(sv[1]);
		for (off = 0; off < total; off += len) {
			len = total - off < LS_WRITE ? total - off : LS_WRITE;
			if (write(sv[0], wire + off, len) != (ssize_t)len)
				_exit(1);
		}
		_exit(0);
	}
	close(sv[0]);
	imsgbuf_init(&b, sv[1]);
	for (;;) {
		while ((r = imsg_get(&b, &imsg)) == 1) {
			if (imsg.hdr.peerid != got ||
			    imsg_len(&imsg) != LS_SIZE - IMSG_HEADER_SIZE ||
			    ((unsigned char *)imsg.data)[0] !=
			    (unsigned char)got)
				bad++;
			got++;
			imsg_free(&imsg);
		}
		if (b.r_cap > maxcap)
			maxcap = b.r_cap;
		if (r == -1 || (n = imsgbuf_read(&b)) <= 0)
			break;
	}
	CHECK(r == 0 && n == 0, "stream read to EOF without error");
	CHECK(got == LS_MSGS && bad == 0, "%u of %d messages, in order",
	    got, LS_MSGS);
	CHECK(maxcap <= 2 * IMSG_READ_CHUNK,
	    "read buffer recycled, not grown (largest %zu)", maxcap);
	/* Close first: a failed reader must not leave the writer blocked. */
	imsgbuf_clear(&b);
	close(sv[1]);
	w = waitpid(pid, &status, 0);
	CHECK(w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "writer child done");
	free(wire);
}

int
main(void)
{
	int	 base, after;

	/* A hang is a failure, not a stuck test run. */
	alarm(30);
	base = count_fds();
	test_roundtrip();
	test_zero_len();
	test_maxsize();
	test_fdpass();
	test_fd_burst();
	test_fd_one_read();
	test_partial();
	test_partial_fd();
	test_bad_header();
	test_fd_mismatch();
	test_no_fdpass();
	test_ctrunc();
	test_compose_oversize();
	test_eof();
	test_epipe();
	test_nonblock();
	test_clear();
	test_long_stream();
	after = count_fds();
	CHECK(after == base, "no fd leaked overall (%d before, %d after)",
	    base, after);
	TEST_DONE();
}

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

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"

/*
 * Wire format.  Both ends live on one host, so struct imsg_hdr goes out
 * in host byte order, followed by hdr.len - IMSG_HEADER_SIZE payload
 * bytes.  The high bit of hdr.type (IMSG_TYPE_FD) says that the message
 * carries a descriptor; callers never see it (imsg_get clears it, compose
 * refuses types that use it).  That descriptor travels as SCM_RIGHTS on
 * the sendmsg(2) whose first byte is the first byte of the header, and
 * no sendmsg(2) carries more than one descriptor.
 *
 * The receiver cannot rely on one recvmsg(2) per message: a stream read
 * may return parts of several messages and the descriptors of more than
 * one of them.  Received descriptors are therefore queued in arrival
 * order together with the stream window [start, end) of the read that
 * brought them, and a flagged header at stream offset S takes the head
 * of the queue only if S lies in that window.  A descriptor whose window
 * ends at or before the next header was claimed by nobody: the peer is
 * broken or hostile, and so is the stream.
 */
#define IMSG_TYPE_FD		0x80000000U

/* Descriptors accepted per recvmsg(2); more sets MSG_CTRUNC. */
#define IMSG_RECV_FDS		16
/* Unclaimed descriptors beyond this mean a peer flooding us. */
#define IMSG_FDQ_MAX		1024
/* Plain messages coalesced into one sendmsg(2). */
#define IMSG_IOV_MAX		64
/* Largest read buffer: one full message plus a read's worth. */
#define IMSG_RBUF_MAX		(IMSG_MAXSIZE + IMSG_READ_CHUNK)
/* A drained read buffer larger than this is given back. */
#define IMSG_RBUF_KEEP		(4 * IMSG_READ_CHUNK)

struct imsg_fdent {
	int		 fe_fd;
	uint64_t	 fe_start;	/* stream offset where its read began */
	uint64_t	 fe_end;	/* and the offset just past that read */
};

/*
 * Receive state.  struct imsgbuf shows only r_buf, r_len and r_cap, so
 * the bookkeeping callers must not touch lives here: the descriptor
 * FIFO, where the unconsumed bytes begin inside r_buf (consuming a
 * message moves an offset instead of the bytes), the stream offset of
 * that first unconsumed byte, and whether the stream is beyond repair.
 */
struct imsg_fdq {
	struct imsg_fdent	*q_ent;
	size_t			 q_head;
	size_t			 q_count;
	size_t			 q_cap;
	size_t			 q_roff;	/* r_buf + q_roff: unconsumed */
	uint64_t		 q_pos;		/* stream offset of that byte */
	int			 q_broken;
};

/* One outgoing message, header and payload in one allocation. */
struct imsg_wq {
	struct imsg_wq	*wq_next;
	int		 wq_fd;		/* -1 when none or once sent */
	size_t		 wq_len;
	size_t		 wq_off;	/* bytes already written */
	unsigned char	 wq_buf[];
};

static int	imsg_break(struct imsgbuf *);
static int	imsg_fdq_push(struct imsg_fdq *, int, uint64_t, uint64_t);
static int	imsg_fdq_pop(struct imsg_fdq *);
static void	imsg_fdq_closeall(struct imsg_fdq *);
static int	imsg_rbuf_reserve(struct imsgbuf *, size_t *);
static int	imsg_recv_fds(struct imsgbuf *, struct msghdr *, uint64_t,
		    uint64_t);
static int	imsg_send_some(struct imsgbuf *);
static void	imsg_wq_advance(struct imsgbuf *, size_t);

int
imsgbuf_init(struct imsgbuf *ibuf, int fd)
{
	memset(ibuf, 0, sizeof(*ibuf));
	ibuf->fd = fd;
	if ((ibuf->r_fds = calloc(1, sizeof(*ibuf->r_fds))) == NULL)
		return (-1);
	/* Stamped into headers composed with pid 0; re-init after fork. */
	ibuf->pid = getpid();
	return (0);
}

void
imsgbuf_allow_fdpass(struct imsgbuf *ibuf)
{
	ibuf->allow_fdpass = 1;
}

void
imsgbuf_clear(struct imsgbuf *ibuf)
{
	struct imsg_wq	*wq;

	while ((wq = ibuf->w_head) != NULL) {
		ibuf->w_head = wq->wq_next;
		if (wq->wq_fd != -1)
			close(wq->wq_fd);
		free(wq);
	}
	ibuf->w_tail = NULL;
	ibuf->w_queued = 0;

	if (ibuf->r_fds != NULL) {
		imsg_fdq_closeall(ibuf->r_fds);
		free(ibuf->r_fds->q_ent);
		free(ibuf->r_fds);
		ibuf->r_fds = NULL;
	}
	free(ibuf->r_buf);
	ibuf->r_buf = NULL;
	ibuf->r_len = 0;
	ibuf->r_cap = 0;
}

ssize_t
imsgbuf_read(struct imsgbuf *ibuf)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * IMSG_RECV_FDS)];
	} cmsgbuf;
	struct imsg_fdq	*rq = ibuf->r_fds;
	struct msghdr	 msg;
	struct iovec	 iov;
	uint64_t	 start;
	size_t		 avail;
	ssize_t		 n;

	if (rq == NULL) {
		errno = EINVAL;
		return (-1);
	}
	if (rq->q_broken) {
		errno = EBADMSG;
		return (-1);
	}
	/*
	 * There is no cheap way on Linux to count open descriptors (no
	 * getdtablecount), so unlike OpenBSD this does not refuse to read
	 * near RLIMIT_NOFILE: a descriptor the kernel cannot install sets
	 * MSG_CTRUNC, and that fails the read below.
	 */
	if (imsg_rbuf_reserve(ibuf, &avail) == -1)
		return (-1);

	memset(&msg, 0, sizeof(msg));
	memset(&cmsgbuf, 0, sizeof(cmsgbuf));
	iov.iov_base = ibuf->r_buf + rq->q_roff + ibuf->r_len;
	iov.iov_len = avail;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsgbuf.buf;
	msg.msg_controllen = sizeof(cmsgbuf.buf);

	do {
		n = recvmsg(ibuf->fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return (-1);

	start = rq->q_pos + ibuf->r_len;
	ibuf->r_len += n;
	if (imsg_recv_fds(ibuf, &msg, start, start + n) == -1)
		return (-1);
	return (n);
}

int
imsg_get(struct imsgbuf *ibuf, struct imsg *imsg)
{
	struct imsg_fdq		*rq = ibuf->r_fds;
	struct imsg_fdent	*fe = NULL;
	struct imsg_hdr		 hdr;
	unsigned char		*p;
	void			*data = NULL;
	size_t			 dlen;

	if (rq == NULL) {
		errno = EINVAL;
		return (-1);
	}
	if (rq->q_broken) {
		errno = EBADMSG;
		return (-1);
	}
	if (rq->q_count > 0) {
		fe = &rq->q_ent[rq->q_head];
		/* Its read ended before this message began: unclaimed. */
		if (fe->fe_end <= rq->q_pos)
			return (imsg_break(ibuf));
	}
	if (ibuf->r_len < IMSG_HEADER_SIZE)
		return (0);

	p = ibuf->r_buf + rq->q_roff;
	memcpy(&hdr, p, sizeof(hdr));
	if (hdr.len < IMSG_HEADER_SIZE || hdr.len > IMSG_MAXSIZE)
		return (imsg_break(ibuf));
	/*
	 * The descriptor came with the header's first byte, which is here
	 * already; if it is not at the head of the queue it never will be.
	 */
	if ((hdr.type & IMSG_TYPE_FD) &&
	    (fe == NULL || fe->fe_start > rq->q_pos))
		return (imsg_break(ibuf));
	if (ibuf->r_len < hdr.len)
		return (0);

	dlen = hdr.len - IMSG_HEADER_SIZE;
	if (dlen > 0) {
		if ((data = malloc(dlen)) == NULL)
			return (-1);
		memcpy(data, p + IMSG_HEADER_SIZE, dlen);
	}
	imsg->fd = -1;
	if (hdr.type & IMSG_TYPE_FD) {
		imsg->fd = imsg_fdq_pop(rq);
		hdr.type &= ~IMSG_TYPE_FD;
	}
	imsg->hdr = hdr;
	imsg->data = data;

	rq->q_roff += hdr.len;
	rq->q_pos += hdr.len;
	ibuf->r_len -= hdr.len;
	if (ibuf->r_len == 0) {
		rq->q_roff = 0;
		/* Do not keep megabytes around for one large message. */
		if (ibuf->r_cap > IMSG_RBUF_KEEP) {
			free(ibuf->r_buf);
			ibuf->r_buf = NULL;
			ibuf->r_cap = 0;
		}
	}
	return (1);
}

void
imsg_free(struct imsg *imsg)
{
	free(imsg->data);
	imsg->data = NULL;
}

size_t
imsg_len(const struct imsg *imsg)
{
	if (imsg->hdr.len < IMSG_HEADER_SIZE)
		return (0);
	return (imsg->hdr.len - IMSG_HEADER_SIZE);
}

int
imsg_get_data(const struct imsg *imsg, void *dst, size_t len)
{
	if (len != imsg_len(imsg)) {
		errno = EBADMSG;
		return (-1);
	}
	if (len > 0) {
		if (dst == NULL || imsg->data == NULL) {
			errno = EINVAL;
			return (-1);
		}
		memcpy(dst, imsg->data, len);
	}
	return (0);
}

int
imsg_compose(struct imsgbuf *ibuf, uint32_t type, uint32_t peerid,
    pid_t pid, int fd, const void *data, size_t len)
{
	struct iovec	 iov;

	/* The const goes away only for the iovec; nothing writes to it. */
	iov.iov_base = (void *)data;
	iov.iov_len = len;
	return (imsg_composev(ibuf, type, peerid, pid, fd, &iov,
	    len > 0 ? 1 : 0));
}

int
imsg_composev(struct imsgbuf *ibuf, uint32_t type, uint32_t peerid,
    pid_t pid, int fd, const struct iovec *iov, int iovcnt)
{
	struct imsg_hdr	 hdr;
	struct imsg_wq	*wq;
	size_t		 total = IMSG_HEADER_SIZE, off;
	int		 i, saved_errno;

	if ((type & IMSG_TYPE_FD) || iovcnt < 0 ||
	    (iovcnt > 0 && iov == NULL)) {
		errno = EINVAL;
		goto fail;
	}
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > 0 && iov[i].iov_base == NULL) {
			errno = EINVAL;
			goto fail;
		}
		/* total <= IMSG_MAXSIZE here, so this cannot wrap. */
		if (iov[i].iov_len > IMSG_MAXSIZE - total) {
			errno = EMSGSIZE;
			goto fail;
		}
		total += iov[i].iov_len;
	}
	if ((wq = malloc(sizeof(*wq) + total)) == NULL)
		goto fail;

	memset(&hdr, 0, sizeof(hdr));
	hdr.type = type | (fd >= 0 ? IMSG_TYPE_FD : 0);
	hdr.len = (uint32_t)total;
	hdr.peerid = peerid;
	hdr.pid = (uint32_t)(pid != 0 ? pid : ibuf->pid);
	memcpy(wq->wq_buf, &hdr, sizeof(hdr));
	off = sizeof(hdr);
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		memcpy(wq->wq_buf + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	wq->wq_next = NULL;
	wq->wq_fd = fd >= 0 ? fd : -1;
	wq->wq_len = total;
	wq->wq_off = 0;

	if (ibuf->w_tail != NULL)
		ibuf->w_tail->wq_next = wq;
	else
		ibuf->w_head = wq;
	ibuf->w_tail = wq;
	ibuf->w_queued += total;
	return (0);

 fail:
	saved_errno = errno;
	if (fd >= 0)
		close(fd);
	errno = saved_errno;
	return (-1);
}

int
imsgbuf_write(struct imsgbuf *ibuf)
{
	while (ibuf->w_head != NULL) {
		if (imsg_send_some(ibuf) == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return (1);
			return (-1);
		}
	}
	return (0);
}

int
imsgbuf_flush(struct imsgbuf *ibuf)
{
	struct pollfd	 pfd;
	int		 rv;

	for (;;) {
		if ((rv = imsgbuf_write(ibuf)) != 1)
			return (rv);
		pfd.fd = ibuf->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			return (-1);
		/* POLLHUP and POLLERR are reported by the next write. */
		if (pfd.revents & POLLNVAL) {
			errno = EBADF;
			return (-1);
		}
	}
}

/* Bytes queued and not yet written, headers included. */
size_t
imsgbuf_queuelen(const struct imsgbuf *ibuf)
{
	return (ibuf->w_queued);
}

/*
 * One sendmsg(2) from the head of the write queue.  A descriptor rides
 * only on a sendmsg that starts with its message's header, so the batch
 * stops before the next message that still holds one.
 */
static int
imsg_send_some(struct imsgbuf *ibuf)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct iovec	 iov[IMSG_IOV_MAX];
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	struct imsg_wq	*wq;
	ssize_t		 n;
	int		 i = 0, fd;

	fd = ibuf->w_head->wq_fd;
	for (wq = ibuf->w_head; wq != NULL && i < IMSG_IOV_MAX;
	    wq = wq->wq_next) {
		if (wq != ibuf->w_head && wq->wq_fd != -1)
			break;
		iov[i].iov_base = wq->wq_buf + wq->wq_off;
		iov[i].iov_len = wq->wq_len - wq->wq_off;
		i++;
	}

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = i;
	if (fd != -1) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = sizeof(cmsgbuf.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}

	/* MSG_NOSIGNAL: a vanished peer is EPIPE, never SIGPIPE. */
	do {
		n = sendmsg(ibuf->fd, &msg, MSG_NOSIGNAL);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return (-1);

	/* Any byte written took the descriptor along with it. */
	if (fd != -1) {
		close(fd);
		ibuf->w_head->wq_fd = -1;
	}
	imsg_wq_advance(ibuf, (size_t)n);
	return (0);
}

/* Drops the first n written bytes from the queue. */
static void
imsg_wq_advance(struct imsgbuf *ibuf, size_t n)
{
	struct imsg_wq	*wq;
	size_t		 left;

	ibuf->w_queued -= n;
	while (n > 0 && (wq = ibuf->w_head) != NULL) {
		left = wq->wq_len - wq->wq_off;
		if (n < left) {
			wq->wq_off += n;
			return;
		}
		n -= left;
		ibuf->w_head = wq->wq_next;
		if (ibuf->w_head == NULL)
			ibuf->w_tail = NULL;
		free(wq);
	}
}

/*
 * Makes room for the next read and reports how much.  Consumed bytes
 * are squeezed out only when the tail is short of a chunk, so each byte
 * moves rarely; growth doubles up to IMSG_RBUF_MAX, which holds any
 * partial message plus a chunk as long as callers drain with imsg_get.
 */
static int
imsg_rbuf_reserve(struct imsgbuf *ibuf, size_t *avail)
{
	struct imsg_fdq	*rq = ibuf->r_fds;
	unsigned char	*nbuf;
	size_t		 ncap;

	if (ibuf->r_len == 0)
		rq->q_roff = 0;
	*avail = ibuf->r_cap - rq->q_roff - ibuf->r_len;
	if (*avail >= IMSG_READ_CHUNK)
		return (0);
	if (rq->q_roff > 0) {
		memmove(ibuf->r_buf, ibuf->r_buf + rq->q_roff, ibuf->r_len);
		rq->q_roff = 0;
		*avail = ibuf->r_cap - ibuf->r_len;
		if (*avail >= IMSG_READ_CHUNK)
			return (0);
	}
	if (ibuf->r_cap < IMSG_RBUF_MAX) {
		ncap = ibuf->r_cap * 2;
		if (ncap < ibuf->r_len + IMSG_READ_CHUNK)
			ncap = ibuf->r_len + IMSG_READ_CHUNK;
		if (ncap > IMSG_RBUF_MAX)
			ncap = IMSG_RBUF_MAX;
		if ((nbuf = realloc(ibuf->r_buf, ncap)) == NULL)
			return (-1);
		ibuf->r_buf = nbuf;
		ibuf->r_cap = ncap;
		*avail = ncap - rq->q_roff - ibuf->r_len;
	}
	/* Only a caller that reads without imsg_get can get here. */
	if (*avail == 0) {
		errno = ENOBUFS;
		return (-1);
	}
	return (0);
}

/*
 * Queues the descriptors of one recvmsg(2), read over the stream window
 * [start, end).  Every descriptor is either queued or closed here, on
 * every path; any failure breaks the stream.
 */
static int
imsg_recv_fds(struct imsgbuf *ibuf, struct msghdr *msg, uint64_t start,
    uint64_t end)
{
	struct cmsghdr	*cm;
	size_t		 i, nfds;
	int		 fd, error = 0;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			continue;
		nfds = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfds; i++) {
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
			    sizeof(fd));
			if (error == 0 && !ibuf->allow_fdpass)
				error = EBADMSG;
			if (error == 0 &&
			    imsg_fdq_push(ibuf->r_fds, fd, start, end) == -1)
				error = errno;
			if (error != 0)
				close(fd);
		}
	}
	/* Some descriptors were lost; no message can be trusted now. */
	if (error == 0 && (msg->msg_flags & MSG_CTRUNC))
		error = EBADMSG;
	if (error != 0) {
		imsg_break(ibuf);
		errno = error;
		return (-1);
	}
	return (0);
}

/*
 * A stream that lost its framing or its descriptors cannot be resynced:
 * close every unclaimed descriptor now and fail from here on.
 */
static int
imsg_break(struct imsgbuf *ibuf)
{
	imsg_fdq_closeall(ibuf->r_fds);
	ibuf->r_fds->q_broken = 1;
	errno = EBADMSG;
	return (-1);
}

static int
imsg_fdq_push(struct imsg_fdq *rq, int fd, uint64_t start, uint64_t end)
{
	struct imsg_fdent	*ent;
	size_t			 ncap;

	if (rq->q_head + rq->q_count == rq->q_cap && rq->q_head > 0) {
		memmove(rq->q_ent, rq->q_ent + rq->q_head,
		    rq->q_count * sizeof(*rq->q_ent));
		rq->q_head = 0;
	}
	if (rq->q_count == rq->q_cap) {
		if (rq->q_cap >= IMSG_FDQ_MAX) {
			errno = EBADMSG;
			return (-1);
		}
		ncap = rq->q_cap == 0 ? 8 : rq->q_cap * 2;
		if ((ent = reallocarray(rq->q_ent, ncap, sizeof(*ent))) ==
		    NULL)
			return (-1);
		rq->q_ent = ent;
		rq->q_cap = ncap;
	}
	ent = &rq->q_ent[rq->q_head + rq->q_count];
	ent->fe_fd = fd;
	ent->fe_start = start;
	ent->fe_end = end;
	rq->q_count++;
	return (0);
}

static int
imsg_fdq_pop(struct imsg_fdq *rq)
{
	int	 fd;

	fd = rq->q_ent[rq->q_head].fe_fd;
	rq->q_head++;
	if (--rq->q_count == 0)
		rq->q_head = 0;
	return (fd);
}

static void
imsg_fdq_closeall(struct imsg_fdq *rq)
{
	while (rq->q_count > 0)
		close(imsg_fdq_pop(rq));
}

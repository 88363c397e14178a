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
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <msgpack.h>

#include "proto.h"
#include "client.h"

/*
 * The receive buffer starts small and doubles up to PROTO_MSG_MAX, the
 * largest message proto_scan lets through, so one whole message always
 * fits and nothing bigger is ever held.
 */
#define CLIENT_BUF_INIT		(64 * 1024)
#define CLIENT_COMPACT		4096	/* free tail below which we compact */

enum client_kind {
	CM_RESPONSE,
	CM_NOTIFY,
	CM_LOSS,	/* msg_lost notifications were dropped here */
};

struct supd_client_msg {
	TAILQ_ENTRY(supd_client_msg)	 msg_entry;
	enum client_kind		 msg_kind;
	uint32_t			 msg_msgid;	/* CM_RESPONSE */
	uint64_t			 msg_lost;	/* CM_LOSS */
	size_t				 msg_len;
	unsigned char			 msg_data[];
};

static void	 client_err(struct proto_error *, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static void	 client_errx(struct proto_error *, enum proto_errkind, int,
		    const char *, ...)
		    __attribute__((__format__ (printf, 4, 5)));
static int64_t	 client_now(void);
static int64_t	 client_deadline(int);
static int	 client_write(struct supd_client *, const void *, size_t,
		    const int *, size_t, struct proto_error *);
static int	 client_fill(struct supd_client *, int64_t,
		    struct proto_error *);
static int	 client_next(struct supd_client *, int64_t, size_t *,
		    struct proto_error *);
static void	 client_consume(struct supd_client *, size_t);
static int	 client_peek_uint(const unsigned char *, size_t, size_t *,
		    uint64_t *);
static int	 client_peek_msgid(const unsigned char *, size_t,
		    uint32_t *);
static int	 client_response(struct supd_client *, const unsigned char *,
		    size_t, uint32_t *, struct proto_error *);
static int	 client_keep(struct supd_client *, enum client_kind, uint32_t,
		    const void *, size_t, struct proto_error *);
static void	 client_unkeep(struct supd_client *, struct supd_client_msg *);
static int	 client_decode_response(enum proto_method, const void *,
		    size_t, struct proto_response *, struct proto_error *);
static int	 client_decode_event(const void *, size_t,
		    struct proto_event *, struct proto_error *);
static void	 client_loss_event(struct proto_event *, uint64_t);

/* A local failure, with the text of errno appended; errno is kept. */
static void
client_err(struct proto_error *err, const char *fmt, ...)
{
	va_list	 ap;
	int	 saved_errno = errno;

	memset(err, 0, sizeof(*err));
	err->kind = PROTO_E_FAILURE;
	va_start(ap, fmt);
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	(void)strlcat(err->message, ": ", sizeof(err->message));
	(void)strlcat(err->message, strerror(saved_errno),
	    sizeof(err->message));
	errno = saved_errno;
}

/* A failure with its own text; errno is set to errnum. */
static void
client_errx(struct proto_error *err, enum proto_errkind kind, int errnum,
    const char *fmt, ...)
{
	va_list	 ap;

	memset(err, 0, sizeof(*err));
	err->kind = kind;
	va_start(ap, fmt);
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	errno = errnum;
}

static int64_t
client_now(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* -1: no deadline. */
static int64_t
client_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return (-1);
	return (client_now() + timeout_ms);
}

struct supd_client *
supd_client_connect(const char *path, struct proto_error *err)
{
	struct proto_error	 dummy;
	struct sockaddr_un	 sun;
	struct supd_client	*c = NULL;
	int			 fd = -1, saved_errno;

	if (err == NULL)
		err = &dummy;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		client_err(err, "connect %s", path);
		return (NULL);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		client_err(err, "socket");
		goto fail;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		client_err(err, "connect %s", path);
		goto fail;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->sc_buf = malloc(CLIENT_BUF_INIT)) == NULL) {
		client_err(err, "connect %s", path);
		goto fail;
	}
	c->sc_fd = fd;
	c->sc_msgid = 1;
	c->sc_bufsz = CLIENT_BUF_INIT;
	proto_scan_init(&c->sc_scan);
	TAILQ_INIT(&c->sc_queue);
	return (c);

 fail:
	saved_errno = errno;
	if (c != NULL)
		free(c->sc_buf);
	free(c);
	if (fd != -1)
		(void)close(fd);
	errno = saved_errno;
	return (NULL);
}

void
supd_client_close(struct supd_client *c)
{
	struct supd_client_msg	*msg;

	if (c == NULL)
		return;
	while ((msg = TAILQ_FIRST(&c->sc_queue)) != NULL)
		client_unkeep(c, msg);
	if (c->sc_fd != -1)
		(void)close(c->sc_fd);
	free(c->sc_buf);
	free(c);
}

int
supd_client_fd(const struct supd_client *c)
{
	return (c->sc_fd);
}

/*
 * Writes all of data.  The descriptors ride on the first sendmsg only:
 * the kernel attaches them to the first byte it takes, and a retry after
 * a short write must not send them twice.
 */
static int
client_write(struct supd_client *c, const void *data, size_t len,
    const int *fds, size_t nfds, struct proto_error *err)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * PROTO_FDS_MAX)];
	}			 cmsgbuf;
	struct cmsghdr		*cm;
	struct msghdr		 msg;
	struct iovec		 iov;
	const char		*p = data;
	size_t			 off = 0;
	ssize_t			 n;

	while (off < len) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = (void *)(p + off);
		iov.iov_len = len - off;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		if (off == 0 && nfds > 0) {
			memset(&cmsgbuf, 0, sizeof(cmsgbuf));
			msg.msg_control = cmsgbuf.buf;
			msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
			memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
		}
		/* MSG_NOSIGNAL: a daemon gone is an error, not a SIGPIPE. */
		n = sendmsg(c->sc_fd, &msg, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE || errno == ECONNRESET)
				client_errx(err, PROTO_E_FAILURE, errno,
				    "connection closed by supd");
			else
				client_err(err, "send");
			return (-1);
		}
		off += (size_t)n;
	}
	return (0);
}

/*
 * Reads what the socket has, waiting until the deadline (-1: forever).
 * 1: bytes were added; 0: deadline passed; -1: error or end of file.
 */
static int
client_fill(struct supd_client *c, int64_t deadline, struct proto_error *err)
{
	struct pollfd	 pfd;
	int64_t		 left;
	size_t		 nsz;
	ssize_t		 n;
	char		*nbuf;
	int		 r;

	/* Move the unconsumed bytes down when the tail runs short. */
	if (c->sc_start > 0 && (c->sc_start == c->sc_end ||
	    c->sc_bufsz - c->sc_end < CLIENT_COMPACT)) {
		memmove(c->sc_buf, c->sc_buf + c->sc_start,
		    c->sc_end - c->sc_start);
		c->sc_end -= c->sc_start;
		c->sc_start = 0;
	}
	if (c->sc_end == c->sc_bufsz) {
		/* Cannot happen: proto_scan refuses longer messages. */
		if (c->sc_bufsz >= PROTO_MSG_MAX) {
			client_errx(err, PROTO_E_SERDE, EMSGSIZE,
			    "message from supd too long");
			return (-1);
		}
		nsz = c->sc_bufsz * 2;
		if (nsz > PROTO_MSG_MAX)
			nsz = PROTO_MSG_MAX;
		if ((nbuf = realloc(c->sc_buf, nsz)) == NULL) {
			client_err(err, "receive buffer");
			return (-1);
		}
		c->sc_buf = nbuf;
		c->sc_bufsz = nsz;
	}

	for (;;) {
		if (deadline != -1) {
			left = deadline - client_now();
			if (left < 0)
				left = 0;
			pfd.fd = c->sc_fd;
			pfd.events = POLLIN;
			pfd.revents = 0;
			r = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX :
			    (int)left);
			if (r == -1) {
				if (errno == EINTR)
					continue;
				client_err(err, "poll");
				return (-1);
			}
			if (r == 0)
				return (0);
		}
		n = read(c->sc_fd, c->sc_buf + c->sc_end,
		    c->sc_bufsz - c->sc_end);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ECONNRESET)
				client_errx(err, PROTO_E_FAILURE, errno,
				    "connection closed by supd");
			else
				client_err(err, "read");
			return (-1);
		}
		if (n == 0) {
			client_errx(err, PROTO_E_FAILURE, ECONNRESET,
			    "connection closed by supd");
			return (-1);
		}
		c->sc_end += (size_t)n;
		return (1);
	}
}

/*
 * Frames the next message.  1: a whole message of *lenp bytes is at
 * sc_buf + sc_start (the caller consumes it); 0: deadline passed; -1:
 * error.  The scan resumes where it stopped, so each byte is framed
 * once however the message was split.
 */
static int
client_next(struct supd_client *c, int64_t deadline, size_t *lenp,
    struct proto_error *err)
{
	struct proto_error	 serr;
	int			 r;

	for (;;) {
		if (c->sc_end > c->sc_start) {
			r = proto_scan(&c->sc_scan, c->sc_buf + c->sc_start,
			    c->sc_end - c->sc_start, PROTO_MSG_MAX, &serr);
			if (r == 1) {
				*lenp = c->sc_scan.len;
				return (1);
			}
			if (r == -1) {
				client_errx(err, PROTO_E_SERDE, EPROTO,
				    "bad message from supd: %s",
				    serr.message);
				return (-1);
			}
		}
		if ((r = client_fill(c, deadline, err)) <= 0)
			return (r);
	}
}

static void
client_consume(struct supd_client *c, size_t len)
{
	c->sc_start += len;
	if (c->sc_start == c->sc_end)
		c->sc_start = c->sc_end = 0;
	proto_scan_init(&c->sc_scan);
}

/* Any msgpack integer >= 0 at p[*off]; *off moves past it. */
static int
client_peek_uint(const unsigned char *p, size_t len, size_t *off,
    uint64_t *v)
{
	size_t	 i = *off, w, k;
	uint8_t	 b;

	if (i >= len)
		return (-1);
	b = p[i++];
	if (b <= 0x7f) {
		*v = b;
		*off = i;
		return (0);
	}
	if (b >= 0xcc && b <= 0xcf)
		w = (size_t)1 << (b - 0xcc);
	else if (b >= 0xd0 && b <= 0xd3)
		w = (size_t)1 << (b - 0xd0);
	else
		return (-1);
	if (len - i < w)
		return (-1);
	/* A signed encoding is fine only for a value >= 0. */
	if (b >= 0xd0 && (p[i] & 0x80))
		return (-1);
	*v = 0;
	for (k = 0; k < w; k++)
		*v = (*v << 8) | p[i + k];
	*off = i + w;
	return (0);
}

/* The msgid of a response: the second element of the outer array. */
static int
client_peek_msgid(const unsigned char *p, size_t len, uint32_t *msgid)
{
	uint64_t	 v;
	size_t		 off;

	if (len == 0)
		return (-1);
	if (p[0] >= 0x90 && p[0] <= 0x9f)
		off = 1;
	else if (p[0] == 0xdc)
		off = 3;
	else if (p[0] == 0xdd)
		off = 5;
	else
		return (-1);
	if (client_peek_uint(p, len, &off, &v) == -1 ||
	    client_peek_uint(p, len, &off, &v) == -1 || v > UINT32_MAX)
		return (-1);
	*msgid = (uint32_t)v;
	return (0);
}

/*
 * Accounts for a response that just arrived: it must answer a request
 * of ours.  Its msgid goes to *msgid.
 */
static int
client_response(struct supd_client *c, const unsigned char *p, size_t len,
    uint32_t *msgid, struct proto_error *err)
{
	if (client_peek_msgid(p, len, msgid) == -1) {
		client_errx(err, PROTO_E_SERDE, EPROTO,
		    "bad message from supd: response without a msgid");
		return (-1);
	}
	if (c->sc_inflight == 0) {
		client_errx(err, PROTO_E_SERDE, EPROTO,
		    "bad message from supd: response %u to no request",
		    *msgid);
		return (-1);
	}
	c->sc_inflight--;
	return (0);
}

/*
 * Keeps a message nobody waits for yet.  Notifications beyond the
 * bounds are dropped and counted, and a CM_LOSS entry takes their place
 * once there is room again, so the reader learns where events are
 * missing.  Responses are never dropped (a caller would wait forever):
 * too many unclaimed ones is an error.
 */
static int
client_keep(struct supd_client *c, enum client_kind kind, uint32_t msgid,
    const void *data, size_t len, struct proto_error *err)
{
	struct supd_client_msg	*msg, *loss = NULL;

	if (kind == CM_NOTIFY && (c->sc_nnotify >= SUPD_CLIENT_NOTIFY_MAX ||
	    c->sc_qbytes + len > SUPD_CLIENT_QUEUE_BYTES)) {
		c->sc_lost++;
		return (0);
	}
	if (kind == CM_RESPONSE &&
	    c->sc_qbytes + len > SUPD_CLIENT_QUEUE_BYTES) {
		client_errx(err, PROTO_E_FAILURE, ENOBUFS,
		    "too many unclaimed responses from supd");
		return (-1);
	}
	if (kind == CM_NOTIFY && c->sc_lost > 0) {
		if ((loss = calloc(1, sizeof(*loss))) == NULL) {
			client_err(err, "event queue");
			return (-1);
		}
		loss->msg_kind = CM_LOSS;
		loss->msg_lost = c->sc_lost;
	}
	if ((msg = malloc(sizeof(*msg) + len)) == NULL) {
		client_err(err, "message queue");
		free(loss);
		return (-1);
	}
	memset(msg, 0, sizeof(*msg));
	msg->msg_kind = kind;
	msg->msg_msgid = msgid;
	msg->msg_len = len;
	memcpy(msg->msg_data, data, len);
	if (loss != NULL) {
		TAILQ_INSERT_TAIL(&c->sc_queue, loss, msg_entry);
		c->sc_lost = 0;
	}
	TAILQ_INSERT_TAIL(&c->sc_queue, msg, msg_entry);
	c->sc_qbytes += len;
	if (kind == CM_NOTIFY)
		c->sc_nnotify++;
	return (0);
}

static void
client_unkeep(struct supd_client *c, struct supd_client_msg *msg)
{
	TAILQ_REMOVE(&c->sc_queue, msg, msg_entry);
	c->sc_qbytes -= msg->msg_len;
	if (msg->msg_kind == CM_NOTIFY)
		c->sc_nnotify--;
	free(msg);
}

static int
client_decode_response(enum proto_method m, const void *data, size_t len,
    struct proto_response *resp, struct proto_error *err)
{
	struct proto_error	 derr;

	memset(&derr, 0, sizeof(derr));
	if (proto_decode_response(m, data, len, resp, &derr) == -1) {
		client_errx(err, PROTO_E_SERDE, EPROTO,
		    "bad %s response from supd: %s", proto_method_name(m),
		    derr.message);
		return (-1);
	}
	return (0);
}

static int
client_decode_event(const void *data, size_t len, struct proto_event *ev,
    struct proto_error *err)
{
	struct proto_error	 derr;

	memset(&derr, 0, sizeof(derr));
	if (proto_decode_event(data, len, ev, &derr) == -1) {
		client_errx(err, PROTO_E_SERDE, EPROTO,
		    "bad event from supd: %s", derr.message);
		return (-1);
	}
	return (0);
}

static void
client_loss_event(struct proto_event *ev, uint64_t lost)
{
	struct timespec	 ts;

	memset(ev, 0, sizeof(*ev));
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	ev->timestamp_millis = (uint64_t)ts.tv_sec * 1000 +
	    (uint64_t)ts.tv_nsec / 1000000;
	ev->type = PROTO_EV_LOSS;
	ev->cause = PROTO_CAUSE_NONE;
	ev->size = lost;
}

int
supd_client_send(struct supd_client *c, struct proto_request *req,
    const int *fds, size_t nfds, struct proto_error *err)
{
	struct proto_error	 dummy;
	msgpack_sbuffer		 sb;

	if (err == NULL)
		err = &dummy;
	if (nfds > PROTO_FDS_MAX) {
		client_errx(err, PROTO_E_FAILURE, EINVAL,
		    "%s: %zu descriptors, at most %d",
		    proto_method_name(req->method), nfds, PROTO_FDS_MAX);
		return (-1);
	}
	msgpack_sbuffer_init(&sb);
	req->msgid = c->sc_msgid;
	if (proto_encode_request(&sb, req) == -1) {
		client_errx(err, PROTO_E_FAILURE, ENOMEM,
		    "%s: cannot encode the request",
		    proto_method_name(req->method));
		goto fail;
	}
	if (sb.size > PROTO_MSG_MAX) {
		client_errx(err, PROTO_E_FAILURE, EMSGSIZE,
		    "%s: request of %zu bytes, at most %d",
		    proto_method_name(req->method), sb.size, PROTO_MSG_MAX);
		goto fail;
	}
	if (client_write(c, sb.data, sb.size, fds, nfds, err) == -1)
		goto fail;
	msgpack_sbuffer_destroy(&sb);
	c->sc_msgid++;
	c->sc_inflight++;
	return (0);

 fail:
	msgpack_sbuffer_destroy(&sb);
	return (-1);
}

int
supd_client_wait(struct supd_client *c, enum proto_method m, uint32_t msgid,
    int timeout_ms, struct proto_response *resp, struct proto_error *err)
{
	struct proto_error	 dummy;
	struct supd_client_msg	*msg;
	const unsigned char	*p;
	int64_t			 deadline;
	uint32_t		 id;
	size_t			 len;
	int			 r;

	if (err == NULL)
		err = &dummy;
	TAILQ_FOREACH(msg, &c->sc_queue, msg_entry) {
		if (msg->msg_kind != CM_RESPONSE || msg->msg_msgid != msgid)
			continue;
		r = client_decode_response(m, msg->msg_data, msg->msg_len,
		    resp, err);
		client_unkeep(c, msg);
		return (r);
	}

	deadline = client_deadline(timeout_ms);
	for (;;) {
		if ((r = client_next(c, deadline, &len, err)) == -1)
			return (-1);
		if (r == 0) {
			client_errx(err, PROTO_E_FAILURE, ETIMEDOUT,
			    "%s: no response from supd in %d ms",
			    proto_method_name(m), timeout_ms);
			return (-1);
		}
		p = (const unsigned char *)c->sc_buf + c->sc_start;
		switch (c->sc_scan.type) {
		case PROTO_T_RESPONSE:
			if (client_response(c, p, len, &id, err) == -1)
				return (-1);
			if (id == msgid) {
				r = client_decode_response(m, p, len, resp,
				    err);
				client_consume(c, len);
				return (r);
			}
			r = client_keep(c, CM_RESPONSE, id, p, len, err);
			break;
		case PROTO_T_NOTIFY:
			r = client_keep(c, CM_NOTIFY, 0, p, len, err);
			break;
		default:
			client_errx(err, PROTO_E_SERDE, EPROTO,
			    "bad message from supd: neither a response nor "
			    "a notification");
			return (-1);
		}
		client_consume(c, len);
		if (r == -1)
			return (-1);
	}
}

int
supd_client_call(struct supd_client *c, struct proto_request *req,
    const int *fds, size_t nfds, struct proto_response *resp,
    struct proto_error *err)
{
	if (supd_client_send(c, req, fds, nfds, err) == -1)
		return (-1);
	return (supd_client_wait(c, req->method, req->msgid, -1, resp, err));
}

int
supd_client_event(struct supd_client *c, struct proto_event *ev,
    int timeout_ms, struct proto_error *err)
{
	struct proto_error	 dummy;
	struct supd_client_msg	*msg;
	const unsigned char	*p;
	int64_t			 deadline;
	uint32_t		 id;
	size_t			 len;
	int			 r;

	if (err == NULL)
		err = &dummy;
	TAILQ_FOREACH(msg, &c->sc_queue, msg_entry) {
		if (msg->msg_kind == CM_RESPONSE)
			continue;
		if (msg->msg_kind == CM_LOSS) {
			client_loss_event(ev, msg->msg_lost);
			r = 0;
		} else
			r = client_decode_event(msg->msg_data, msg->msg_len,
			    ev, err);
		client_unkeep(c, msg);
		return (r == 0 ? 1 : -1);
	}
	/* Dropped after everything kept, before anything still unread. */
	if (c->sc_lost > 0) {
		client_loss_event(ev, c->sc_lost);
		c->sc_lost = 0;
		return (1);
	}

	deadline = client_deadline(timeout_ms);
	for (;;) {
		if ((r = client_next(c, deadline, &len, err)) <= 0)
			return (r);
		p = (const unsigned char *)c->sc_buf + c->sc_start;
		switch (c->sc_scan.type) {
		case PROTO_T_RESPONSE:
			if (client_response(c, p, len, &id, err) == -1)
				return (-1);
			r = client_keep(c, CM_RESPONSE, id, p, len, err);
			break;
		case PROTO_T_NOTIFY:
			r = client_decode_event(p, len, ev, err);
			client_consume(c, len);
			return (r == 0 ? 1 : -1);
		default:
			client_errx(err, PROTO_E_SERDE, EPROTO,
			    "bad message from supd: neither a response nor "
			    "a notification");
			return (-1);
		}
		client_consume(c, len);
		if (r == -1)
			return (-1);
	}
}

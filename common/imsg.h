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

#ifndef SUPD_IMSG_H
#define SUPD_IMSG_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Typed messages between supd's processes over a SOCK_STREAM socketpair,
 * shaped like OpenBSD's libutil imsg API but written here.
 *
 * Each message is a fixed header followed by at most IMSG_MAXSIZE -
 * IMSG_HEADER_SIZE bytes of payload, and carries at most one file
 * descriptor as SCM_RIGHTS ancillary data, attached to the first byte of
 * its header.  Descriptors are accepted only on a buffer that opted in
 * with imsgbuf_allow_fdpass(); elsewhere a received descriptor is closed
 * and the read fails.
 */

#define IMSG_HEADER_SIZE	sizeof(struct imsg_hdr)
#define IMSG_MAXSIZE		(4 * 1024 * 1024 + 65536)
#define IMSG_READ_CHUNK		65536

struct imsg_hdr {
	uint32_t	 type;
	uint32_t	 len;		/* header included */
	uint32_t	 peerid;
	uint32_t	 pid;
};

struct imsg {
	struct imsg_hdr	 hdr;
	int		 fd;		/* -1 when none; owner: the caller */
	void		*data;		/* hdr.len - IMSG_HEADER_SIZE bytes */
};

struct imsg_fdq;			/* received, not yet claimed fds */
struct imsg_wq;				/* queued outgoing messages */

struct imsgbuf {
	int		 fd;
	int		 allow_fdpass;
	pid_t		 pid;		/* stamped into outgoing headers */
	unsigned char	*r_buf;		/* bytes read, not yet consumed */
	size_t		 r_len;
	size_t		 r_cap;
	struct imsg_fdq	*r_fds;
	struct imsg_wq	*w_head;
	struct imsg_wq	*w_tail;
	size_t		 w_queued;	/* bytes waiting to be written */
};

int	 imsgbuf_init(struct imsgbuf *, int fd);
void	 imsgbuf_allow_fdpass(struct imsgbuf *);
void	 imsgbuf_clear(struct imsgbuf *);	/* frees; does not close fd */

/*
 * imsgbuf_read: one recvmsg(2) into the buffer.  Returns the number of
 * bytes read, 0 on EOF (peer closed), -1 on error (errno set; EAGAIN when
 * nothing was ready on a non-blocking socket).
 */
ssize_t	 imsgbuf_read(struct imsgbuf *);

/*
 * imsg_get: extracts the next complete message.  Returns 1 and fills
 * *imsg (free with imsg_free), 0 when no complete message is buffered,
 * -1 with errno EBADMSG when a header is malformed (length below the
 * header size or above IMSG_MAXSIZE) or an fd is missing/unexpected.
 * A malformed stream cannot be resynchronised: close the channel.
 */
int	 imsg_get(struct imsgbuf *, struct imsg *);
void	 imsg_free(struct imsg *);	/* frees data; does not close fd */
size_t	 imsg_len(const struct imsg *);	/* payload length */

/*
 * imsg_get_data: copies exactly len payload bytes into dst; -1 (errno
 * EBADMSG) when the payload length differs.
 */
int	 imsg_get_data(const struct imsg *, void *dst, size_t len);

/*
 * imsg_compose: queues a message (header + data) with an optional fd
 * (-1 for none).  The fd is owned by the queue from here on and closed
 * once sent, or by imsgbuf_clear.  Returns 0, or -1 (EMSGSIZE when too
 * large, ENOMEM); on failure the fd is closed.
 */
int	 imsg_compose(struct imsgbuf *, uint32_t type, uint32_t peerid,
	    pid_t pid, int fd, const void *data, size_t len);
int	 imsg_composev(struct imsgbuf *, uint32_t type, uint32_t peerid,
	    pid_t pid, int fd, const struct iovec *iov, int iovcnt);

/*
 * imsgbuf_write: writes as much as the socket takes.  Returns 0 when the
 * queue is empty, 1 when data remains (wait for EV_WRITE), -1 on error
 * (errno set; EPIPE when the peer is gone).
 */
int	 imsgbuf_write(struct imsgbuf *);
int	 imsgbuf_flush(struct imsgbuf *);	/* blocking until empty */
size_t	 imsgbuf_queuelen(const struct imsgbuf *);

#endif /* SUPD_IMSG_H */

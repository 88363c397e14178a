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
#include <sys/uio.h>

#include <errno.h>
#include <unistd.h>

#include <event.h>

#include "imsgev.h"
#include "log.h"

void
imsgev_init(struct imsgev *iev, struct event_base *base, int fd,
    void (*handler)(int, short, void *), void *data)
{
	if (imsgbuf_init(&iev->ibuf, fd) == -1)
		fatal("imsgbuf_init");
	iev->base = base;
	iev->handler = handler;
	iev->data = data;
	iev->events = 0;
	iev->active = 1;
	imsgev_update(iev);
}

/*
 * Re-arm the event: always readable, writable only while messages wait,
 * so an idle channel never spins on EV_WRITE.
 */
void
imsgev_update(struct imsgev *iev)
{
	short	 events = EV_READ;

	if (!iev->active)
		return;
	if (imsgbuf_queuelen(&iev->ibuf) > 0)
		events |= EV_WRITE;
	if (events == iev->events)
		return;
	if (iev->events != 0)
		event_del(&iev->ev);
	iev->events = events;
	event_assign(&iev->ev, iev->base, iev->ibuf.fd, events | EV_PERSIST,
	    iev->handler, iev->data);
	event_add(&iev->ev, NULL);
}

int
imsgev_compose(struct imsgev *iev, uint32_t type, uint32_t peerid, int fd,
    const void *data, size_t len)
{
	int	 rv;

	if (!iev->active) {
		/* A dead channel: the fd is ours to close, like on failure. */
		if (fd != -1)
			close(fd);
		errno = EPIPE;
		return (-1);
	}
	rv = imsg_compose(&iev->ibuf, type, peerid, 0, fd, data, len);
	imsgev_update(iev);
	return (rv);
}

int
imsgev_composev(struct imsgev *iev, uint32_t type, uint32_t peerid, int fd,
    const struct iovec *iov, int iovcnt)
{
	int	 rv;

	if (!iev->active) {
		if (fd != -1)
			close(fd);
		errno = EPIPE;
		return (-1);
	}
	rv = imsg_composev(&iev->ibuf, type, peerid, 0, fd, iov, iovcnt);
	imsgev_update(iev);
	return (rv);
}

/*
 * The I/O half of every dispatcher: reads on EV_READ, writes on EV_WRITE.
 * Returns -1 when the channel is dead (EOF, or an error other than a
 * transient one); the caller then tears the peer down.
 */
int
imsgev_io(struct imsgev *iev, short event)
{
	ssize_t	 n;

	if (event & EV_READ) {
		n = imsgbuf_read(&iev->ibuf);
		if (n == 0)
			return (-1);
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return (-1);
	}
	if (event & EV_WRITE) {
		if (imsgbuf_write(&iev->ibuf) == -1 && errno != EAGAIN &&
		    errno != EINTR)
			return (-1);
	}
	return (0);
}

void
imsgev_clear(struct imsgev *iev)
{
	if (!iev->active)
		return;
	if (iev->events != 0)
		event_del(&iev->ev);
	iev->events = 0;
	iev->active = 0;
	if (iev->ibuf.fd != -1)
		close(iev->ibuf.fd);
	imsgbuf_clear(&iev->ibuf);
	iev->ibuf.fd = -1;
}

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

#ifndef SUPD_IMSGEV_H
#define SUPD_IMSGEV_H

#include <event.h>

#include "imsg.h"

/*
 * An imsg channel driven by libevent: one persistent event that always
 * reads and also waits for EV_WRITE while messages are queued.  Shared
 * by the monitor, the frontend and the workers.
 */
struct imsgev {
	struct imsgbuf	 ibuf;
	struct event	 ev;
	struct event_base *base;
	void		(*handler)(int, short, void *);
	void		*data;
	short		 events;
	int		 active;
};

void	imsgev_init(struct imsgev *, struct event_base *, int fd,
	    void (*)(int, short, void *), void *);
int	imsgev_compose(struct imsgev *, uint32_t type, uint32_t peerid,
	    int fd, const void *, size_t);
int	imsgev_composev(struct imsgev *, uint32_t type, uint32_t peerid,
	    int fd, const struct iovec *, int);
void	imsgev_update(struct imsgev *);
int	imsgev_io(struct imsgev *, short event);
void	imsgev_clear(struct imsgev *);

#endif /* SUPD_IMSGEV_H */

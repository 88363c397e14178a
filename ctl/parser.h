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

#ifndef SUPCTL_PARSER_H
#define SUPCTL_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

enum ctl_action {
	CTL_NONE = 0,
	CTL_PING,
	CTL_STATUS,
	CTL_START,
	CTL_STOP,
	CTL_FREEZE,
	CTL_THAW,
	CTL_EXEC,
	CTL_TERMINATE,
	CTL_KILL,
	CTL_EVENTS,
};

#define CTL_ERR_MAX	512	/* a parse error message */

/*
 * What the command words asked for.  Strings not copied point into the
 * argv given to ctl_parse, which must outlive the result.
 */
struct parse_result {
	enum ctl_action	 action;
	const char	*cmd;		/* the command's full keyword */
	char		 domain[PROTO_NAME_MAX + 1];	/* "" = none */
	char		 name[PROTO_NAME_MAX + 1];	/* "" = none */
	char		 profile[PROTO_NAME_MAX + 1];	/* -p; "" = none */
	int		 has_timeout;			/* -t */
	uint64_t	 timeout;			/* ms */
	int		 wait;				/* exec -w */
	int		 verbose;			/* exec -v */
	const char	*cwd;				/* exec -C */
	size_t		 nenv;				/* exec -e */
	const char	**env;		/* "KEY=VALUE", one per key */
	const char	*path;				/* exec */
	size_t		 nargs;
	char		**args;		/* after path */
};

/*
 * Parses the words after the global options.  Returns 0, or -1 with a
 * one-line message in errbuf that names the bad word and lists the
 * words that were valid there.  Free a parsed result with
 * ctl_parse_free.
 */
int	 ctl_parse(int, char *[], struct parse_result *, char *, size_t);
void	 ctl_parse_free(struct parse_result *);

#endif /* SUPCTL_PARSER_H */

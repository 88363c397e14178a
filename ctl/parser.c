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

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "parser.h"

/*
 * Command words are matched against chained token tables, one word
 * at a time: a keyword matches any unique prefix, a typed token takes
 * the word as a value, and each matched token names the table for the
 * next word.  Options belong to the command: once its keyword is seen,
 * a word starting with '-' is looked up among them wherever it comes,
 * until the path of an exec ends them.
 */

enum token_type {
	NOTOKEN,	/* the command may end here */
	ENDTOKEN,	/* end of a table */
	KEYWORD,	/* any unique prefix of tok_word */
	DOMAIN,
	PROCNAME,
	PATHSEP,	/* "--": no more options, the path follows */
	ABSPATH,	/* a word starting with '/' */
	ANYPATH,	/* any word, after "--" */
	ARGS,		/* every word left */
};

enum ctl_optval {
	OPT_CWD,
	OPT_ENV,
	OPT_NAME,
	OPT_PROFILE,
	OPT_TIMEOUT,
	OPT_VERBOSE,
	OPT_WAIT,
};

struct ctl_opt {
	const char	*co_flag;	/* "-t" */
	const char	*co_arg;	/* what follows, NULL for a flag */
	enum ctl_optval	 co_val;
};

struct token {
	enum token_type		 tok_type;
	const char		*tok_word;	/* keyword, or as shown */
	enum ctl_action		 tok_action;	/* KEYWORD only */
	const struct token	*tok_next;
	const struct ctl_opt	*tok_opts;	/* a command's options */
};

struct parse_state {
	struct parse_result	*ps_res;
	const struct token	*ps_table;	/* where the next word goes */
	const struct ctl_opt	*ps_opts;	/* the command's options */
	int			 ps_optsok;	/* options may still come */
	size_t			 ps_maxenv;	/* room in ps_res->env */
	char			*ps_err;
	size_t			 ps_errlen;
};

static const struct ctl_opt o_profile[] = {
	{ "-p",	"profile",	OPT_PROFILE },
	{ NULL,	NULL,		0 }
};

static const struct ctl_opt o_timeout[] = {
	{ "-t",	"ms",		OPT_TIMEOUT },
	{ NULL,	NULL,		0 }
};

static const struct ctl_opt o_exec[] = {
	{ "-C",	"cwd",		OPT_CWD },
	{ "-e",	"KEY=VALUE",	OPT_ENV },
	{ "-n",	"name",		OPT_NAME },
	{ "-v",	NULL,		OPT_VERBOSE },
	{ "-w",	NULL,		OPT_WAIT },
	{ NULL,	NULL,		0 }
};

static const struct token t_end[] = {
	{ NOTOKEN,	"",		CTL_NONE,	NULL,	NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_opt_domain[] = {
	{ NOTOKEN,	"",		CTL_NONE,	NULL,	NULL },
	{ DOMAIN,	"<domain>",	CTL_NONE,	t_end,	NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_domain[] = {
	{ DOMAIN,	"<domain>",	CTL_NONE,	t_end,	NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_procname[] = {
	{ PROCNAME,	"<name>",	CTL_NONE,	t_end,	NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_target[] = {
	{ DOMAIN,	"<domain>",	CTL_NONE,	t_procname, NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_exec_args[] = {
	{ NOTOKEN,	"",		CTL_NONE,	NULL,	NULL },
	{ ARGS,		"[arg ...]",	CTL_NONE,	NULL,	NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_exec_anypath[] = {
	{ ANYPATH,	"<path>",	CTL_NONE,	t_exec_args, NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_exec_path[] = {
	{ PATHSEP,	"--",		CTL_NONE,	t_exec_anypath, NULL },
	{ ABSPATH,	"</path>",	CTL_NONE,	t_exec_args, NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static const struct token t_exec[] = {
	{ DOMAIN,	"<domain>",	CTL_NONE,	t_exec_path, NULL },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

/* Sorted, so that the list shown on error reads well. */
static const struct token t_main[] = {
	{ KEYWORD,	"events",	CTL_EVENTS,	t_opt_domain, NULL },
	{ KEYWORD,	"exec",		CTL_EXEC,	t_exec,	o_exec },
	{ KEYWORD,	"freeze",	CTL_FREEZE,	t_domain, NULL },
	{ KEYWORD,	"kill",		CTL_KILL,	t_target, o_timeout },
	{ KEYWORD,	"ping",		CTL_PING,	t_end,	NULL },
	{ KEYWORD,	"start",	CTL_START,	t_domain, o_profile },
	{ KEYWORD,	"status",	CTL_STATUS,	t_opt_domain, NULL },
	{ KEYWORD,	"stop",		CTL_STOP,	t_domain, o_timeout },
	{ KEYWORD,	"terminate",	CTL_TERMINATE,	t_target, NULL },
	{ KEYWORD,	"thaw",		CTL_THAW,	t_domain, o_profile },
	{ ENDTOKEN,	"",		CTL_NONE,	NULL,	NULL }
};

static void	 parse_error(struct parse_state *, int, const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
static int	 table_has(const struct token *, enum token_type);
static int	 is_option(const char *);
static const struct token *match_token(struct parse_state *, const char *);
static int	 apply_token(struct parse_state *, const struct token *,
		    const char *);
static int	 parse_option(struct parse_state *, int, char *[], int *);
static int	 parse_flags(struct parse_state *, const char *);
static int	 apply_option(struct parse_state *, const struct ctl_opt *,
		    const char *);
static int	 set_name(struct parse_state *, char *, const char *,
		    const char *);
static int	 add_env(struct parse_state *, const char *);

/*
 * Formats the error, prefixed by the command once it is known, and with
 * list set, appends the words that were valid at this point.
 */
static void
parse_error(struct parse_state *ps, int list, const char *fmt, ...)
{
	const struct token	*t;
	const struct ctl_opt	*o;
	char			 msg[CTL_ERR_MAX];
	va_list			 ap;
	int			 n = 0;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->ps_errlen == 0)
		return;
	if (ps->ps_res->cmd[0] != '\0')
		(void)snprintf(ps->ps_err, ps->ps_errlen, "%s: %s",
		    ps->ps_res->cmd, msg);
	else
		(void)strlcpy(ps->ps_err, msg, ps->ps_errlen);
	if (!list)
		return;
	for (t = ps->ps_table; t != NULL && t->tok_type != ENDTOKEN; t++) {
		if (t->tok_type == NOTOKEN)
			continue;
		(void)strlcat(ps->ps_err, n++ ? ", " : "; valid: ",
		    ps->ps_errlen);
		(void)strlcat(ps->ps_err, t->tok_word, ps->ps_errlen);
	}
	if (!ps->ps_optsok || ps->ps_opts == NULL)
		return;
	for (o = ps->ps_opts; o->co_flag != NULL; o++) {
		(void)strlcat(ps->ps_err, n++ ? ", " : "; valid: ",
		    ps->ps_errlen);
		(void)strlcat(ps->ps_err, o->co_flag, ps->ps_errlen);
		if (o->co_arg != NULL) {
			(void)strlcat(ps->ps_err, " ", ps->ps_errlen);
			(void)strlcat(ps->ps_err, o->co_arg, ps->ps_errlen);
		}
	}
}

static int
table_has(const struct token *table, enum token_type type)
{
	const struct token	*t;

	for (t = table; t != NULL && t->tok_type != ENDTOKEN; t++)
		if (t->tok_type == type)
			return (1);
	return (0);
}

/* "-" alone is a word, "--" ends the options of exec. */
static int
is_option(const char *word)
{
	return (word[0] == '-' && word[1] != '\0' && strcmp(word, "--") != 0);
}

static const struct token *
match_token(struct parse_state *ps, const char *word)
{
	const struct token	*t, *match = NULL;
	size_t			 len = strlen(word);
	int			 nmatch = 0;

	for (t = ps->ps_table; t != NULL && t->tok_type != ENDTOKEN; t++) {
		switch (t->tok_type) {
		case KEYWORD:
			if (len == 0 || strncmp(word, t->tok_word, len) != 0)
				break;
			/* An exact match wins over longer keywords. */
			if (t->tok_word[len] == '\0')
				return (t);
			match = t;
			nmatch++;
			break;
		case PATHSEP:
			if (strcmp(word, "--") == 0)
				return (t);
			break;
		case ABSPATH:
			if (word[0] == '/')
				return (t);
			break;
		case DOMAIN:
		case PROCNAME:
		case ANYPATH:
		case ARGS:
			return (t);
		default:
			break;
		}
	}
	if (nmatch == 1)
		return (match);
	if (nmatch > 1)
		parse_error(ps, 1, "ambiguous %s \"%s\"",
		    ps->ps_res->action == CTL_NONE ? "command" : "argument",
		    word);
	else if (ps->ps_res->action == CTL_NONE)
		parse_error(ps, 1, "unknown command \"%s\"", word);
	else if (ps->ps_table == t_end)
		parse_error(ps, 0, "unexpected argument \"%s\"", word);
	else
		parse_error(ps, 1, "invalid argument \"%s\"", word);
	return (NULL);
}

static int
apply_token(struct parse_state *ps, const struct token *t, const char *word)
{
	struct parse_result	*res = ps->ps_res;

	switch (t->tok_type) {
	case KEYWORD:
		res->action = t->tok_action;
		res->cmd = t->tok_word;
		ps->ps_opts = t->tok_opts;
		break;
	case DOMAIN:
		return (set_name(ps, res->domain, "domain name", word));
	case PROCNAME:
		return (set_name(ps, res->name, "process name", word));
	case PATHSEP:
		ps->ps_optsok = 0;
		break;
	case ABSPATH:
	case ANYPATH:
		ps->ps_optsok = 0;
		res->path = word;
		break;
	default:
		break;
	}
	return (0);
}

/*
 * The option at argv[*ip]; its argument is the rest of the word
 * ("-t500") or the next word ("-t 500"), which *ip then moves to.
 */
static int
parse_option(struct parse_state *ps, int argc, char *argv[], int *ip)
{
	const struct ctl_opt	*o;
	const char		*word = argv[*ip], *arg = NULL;
	size_t			 flen;

	for (o = ps->ps_opts; o != NULL && o->co_flag != NULL; o++) {
		flen = strlen(o->co_flag);
		if (strncmp(word, o->co_flag, flen) != 0)
			continue;
		if (word[flen] == '\0')
			break;
		if (o->co_arg != NULL) {
			arg = word + flen;
			break;
		}
	}
	if (o == NULL || o->co_flag == NULL)
		return (parse_flags(ps, word));
	if (o->co_arg != NULL && arg == NULL) {
		if (*ip + 1 >= argc) {
			parse_error(ps, 0, "option %s needs an argument: %s",
			    o->co_flag, o->co_arg);
			return (-1);
		}
		arg = argv[++*ip];
	}
	return (apply_option(ps, o, arg));
}

/* Flags taking no argument may be grouped: "-vw". */
static int
parse_flags(struct parse_state *ps, const char *word)
{
	const struct ctl_opt	*o;
	const char		*c;

	for (c = word + 1; *c != '\0'; c++) {
		for (o = ps->ps_opts; o != NULL && o->co_flag != NULL; o++)
			if (o->co_arg == NULL && o->co_flag[1] == *c)
				break;
		if (o == NULL || o->co_flag == NULL) {
			parse_error(ps, 1, "unknown option \"%s\"", word);
			return (-1);
		}
		if (apply_option(ps, o, NULL) == -1)
			return (-1);
	}
	return (0);
}

static int
apply_option(struct parse_state *ps, const struct ctl_opt *o,
    const char *arg)
{
	struct parse_result	*res = ps->ps_res;
	const char		*errstr;
	int			 dup = 0;

	switch (o->co_val) {
	case OPT_CWD:
		dup = res->cwd != NULL;
		res->cwd = arg;
		break;
	case OPT_ENV:
		return (add_env(ps, arg));
	case OPT_NAME:
		if ((dup = res->name[0] != '\0'))
			break;
		return (set_name(ps, res->name, "process name", arg));
	case OPT_PROFILE:
		if ((dup = res->profile[0] != '\0'))
			break;
		return (set_name(ps, res->profile, "cgroup profile", arg));
	case OPT_TIMEOUT:
		dup = res->has_timeout;
		res->has_timeout = 1;
		res->timeout = (uint64_t)strtonum(arg, 0, LLONG_MAX, &errstr);
		if (errstr != NULL) {
			parse_error(ps, 0, "timeout \"%s\" is %s", arg,
			    errstr);
			return (-1);
		}
		break;
	case OPT_VERBOSE:
		res->verbose = 1;
		return (0);
	case OPT_WAIT:
		res->wait = 1;
		return (0);
	}
	if (dup) {
		parse_error(ps, 0, "option %s given twice", o->co_flag);
		return (-1);
	}
	return (0);
}

static int
set_name(struct parse_state *ps, char *dst, const char *what,
    const char *word)
{
	if (!proto_name_valid(word, strlen(word))) {
		parse_error(ps, 0, "invalid %s \"%s\"", what, word);
		return (-1);
	}
	(void)strlcpy(dst, word, PROTO_NAME_MAX + 1);
	return (0);
}

/* As env(1) does, a later KEY=VALUE replaces an earlier one. */
static int
add_env(struct parse_state *ps, const char *arg)
{
	struct parse_result	*res = ps->ps_res;
	const char		*eq;
	size_t			 i, klen;

	if ((eq = strchr(arg, '=')) == NULL || eq == arg) {
		parse_error(ps, 0, "-e \"%s\": expected KEY=VALUE", arg);
		return (-1);
	}
	klen = (size_t)(eq - arg) + 1;
	if (res->env == NULL &&
	    (res->env = calloc(ps->ps_maxenv, sizeof(*res->env))) == NULL) {
		parse_error(ps, 0, "out of memory");
		return (-1);
	}
	for (i = 0; i < res->nenv; i++) {
		if (strncmp(res->env[i], arg, klen) == 0) {
			res->env[i] = arg;
			return (0);
		}
	}
	if (res->nenv >= ps->ps_maxenv) {
		parse_error(ps, 0, "too many -e options");
		return (-1);
	}
	res->env[res->nenv++] = arg;
	return (0);
}

int
ctl_parse(int argc, char *argv[], struct parse_result *res, char *errbuf,
    size_t errlen)
{
	struct parse_state	 ps;
	const struct token	*t;
	int			 i;

	memset(res, 0, sizeof(*res));
	res->cmd = "";
	memset(&ps, 0, sizeof(ps));
	ps.ps_res = res;
	ps.ps_table = t_main;
	ps.ps_optsok = 1;
	ps.ps_maxenv = argc > 0 ? (size_t)argc : 1;
	ps.ps_err = errbuf;
	ps.ps_errlen = errlen;
	if (errlen > 0)
		errbuf[0] = '\0';

	for (i = 0; i < argc; i++) {
		if (res->action != CTL_NONE && ps.ps_optsok &&
		    is_option(argv[i])) {
			if (parse_option(&ps, argc, argv, &i) == -1)
				goto fail;
			continue;
		}
		if ((t = match_token(&ps, argv[i])) == NULL)
			goto fail;
		if (apply_token(&ps, t, argv[i]) == -1)
			goto fail;
		if (t->tok_type == ARGS) {
			res->args = &argv[i];
			res->nargs = (size_t)(argc - i);
			return (0);
		}
		ps.ps_table = t->tok_next;
	}
	if (!table_has(ps.ps_table, NOTOKEN)) {
		parse_error(&ps, 1, "missing %s",
		    res->action == CTL_NONE ? "command" : "argument");
		goto fail;
	}
	return (0);

 fail:
	ctl_parse_free(res);
	return (-1);
}

void
ctl_parse_free(struct parse_result *res)
{
	free(res->env);
	res->env = NULL;
	res->nenv = 0;
}

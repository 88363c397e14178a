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
 * The grammar of supd.conf (syntax in config.h, meaning in DESIGN.md
 * section 2).  The lexer is hand-written: barewords, "quoted strings",
 * numbers, '#' comments, $macros and an include stack.  Every error is
 * logged as "file:line: message" and counted; parse_config() returns NULL
 * when the count is not zero.  Strings made by the lexer live until the
 * parse ends (see lex_strdup), so error recovery never leaks them; what
 * the configuration keeps is copied out of them.
 */

%{
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "proto.h"

#define CONF_INCLUDE_MAX	16	/* include files nested */
#define CONF_TOKEN_MAX		(PROTO_PATH_MAX - 1)	/* string length */
#define CONF_MACRO_MAX		64	/* macro name length */
#define CONF_ID_DEFAULT		65534	/* exec user: nobody, nogroup */
#define CONF_CPU_MAX		409600.0	/* percent: 4096 CPUs */
#define CONF_HOSTNAME_MAX	64	/* HOST_NAME_MAX on Linux */
#define CONF_MODE_MAX		0777

/* One input: a file, or a buffer such as the embedded default. */
struct file {
	TAILQ_ENTRY(file)	 f_entry;
	FILE			*f_stream;	/* NULL: read f_buf */
	const char		*f_buf;
	size_t			 f_len;
	size_t			 f_off;
	char			*f_name;
	int			 f_lineno;
	int			 f_nlseen;	/* count a line at next char */
	int			 f_unget;	/* pushed-back char, or -1 */
	int			 f_eof;		/* final '\n' token returned */
};
TAILQ_HEAD(files, file);

/*
 * A number as written.  Only "mode" reads octal, so both readings are
 * kept: val in decimal, oct when the digits have a leading 0 and are
 * all octal.
 */
struct confnum {
	int64_t		 val;
	int64_t		 oct;
	int		 octal;
};

struct macro {
	TAILQ_ENTRY(macro)	 m_entry;
	char			*m_name;
	int			 m_isnum;
	struct confnum		 m_num;
	char			*m_str;
};
TAILQ_HEAD(macros, macro);

/* A string made by the lexer; all are freed when the parse ends. */
struct lexstr {
	SLIST_ENTRY(lexstr)	 ls_entry;
	char			 ls_str[];
};
SLIST_HEAD(lexstrs, lexstr);

/*
 * A domain naming a seccomp profile.  Profiles may be declared after the
 * domain (or in a later include), so names are checked once the whole
 * configuration is read, with the line kept for the message.
 */
struct seccomp_ref {
	TAILQ_ENTRY(seccomp_ref) sr_entry;
	char			*sr_file;
	int			 sr_line;
	char			 sr_domain[PROTO_NAME_MAX + 1];
	char			 sr_profile[PROTO_NAME_MAX + 1];
};
TAILQ_HEAD(seccomp_refs, seccomp_ref);

/* Where the items of the { } list being read go. */
enum conf_list {
	LIST_NAMESPACES = 0,
	LIST_CAPS,
	LIST_FSTYPES,
	LIST_SOURCES,
	LIST_LOGDIRS,
	LIST_SECCOMP,
	LIST_ALLOW,
	LIST_DENY,
};

/* Statements seen in each scope, so that a repeated one is refused. */
#define S_SOCKET	0x0001	/* top level */
#define S_USER		0x0002
#define S_CGROOT	0x0004
#define S_CGVERSION	0x0008
#define S_CGMOUNT	0x0010
#define S_CLIENTS	0x0020
#define S_REQUEST	0x0040
#define S_EVENTS	0x0080
#define S_OWNER		0x0001	/* socket options */
#define S_GROUP		0x0002
#define S_MODE		0x0004
#define D_ROOT		0x0001	/* domain block */
#define D_READONLY	0x0002
#define D_USER		0x0004
#define D_HOSTNAME	0x0008
#define D_NAMESPACES	0x0010
#define D_PIDS		0x0020
#define D_CAPS		0x0040
#define D_FSTYPES	0x0080
#define D_SOURCES	0x0100
#define D_HOOKDIR	0x0200
#define D_LOGDIRS	0x0400
#define D_SECCOMP	0x0800
#define P_DEFAULT	0x0001	/* seccomp profile block */
#define P_ALLOW		0x0002
#define P_DENY		0x0004
#define C_CPU		0x0001	/* cgroup profile block */
#define C_MEMORY	0x0002

/* conf_path() flags */
#define PATH_ABS	0x01	/* must start with '/' */
#define PATH_REL	0x02	/* must not start with '/' */
#define PATH_NODOT	0x04	/* no "." or ".." component */

/*
 * The state of one parse.  yacc's parser and this lexer talk through
 * globals, so everything a parse needs lives here; conf_parse() sets it
 * up and clears it.  Not reentrant, like every yacc parser.
 */
static struct parser {
	struct supd_conf	*conf;
	struct file		*file;		/* being read */
	struct files		 files;		/* include stack */
	int			 depth;		/* files on the stack */
	struct macros		 macros;
	struct lexstrs		 strs;
	struct seccomp_refs	 refs;
	struct domain_conf	*domain;	/* block being read */
	struct seccomp_profile	*profile;	/* block being read */
	size_t			 cgp;		/* index in domain's profiles */
	enum conf_list		 list;
	size_t			 nitems;	/* items of list so far */
	unsigned int		 seen;		/* S_ top level */
	unsigned int		 seen_sock;	/* S_ socket options */
	unsigned int		 seen_dom;	/* D_ */
	unsigned int		 seen_prof;	/* P_ */
	unsigned int		 seen_cgp;	/* C_ */
	int			 errors;
	int			 lexerr;	/* token error already logged */
	int			 nltoken;	/* next token is '\n' */
} st;

/* What each list statement is called and how long it may be. */
static const struct conf_listdef {
	const char	*ld_what;
	unsigned int	 ld_bit;
	size_t		 ld_max;
} conf_lists[] = {
	[LIST_NAMESPACES] =	{ "namespaces", D_NAMESPACES, SUPD_LIST_MAX },
	[LIST_CAPS] =		{ "capabilities", D_CAPS, SUPD_LIST_MAX },
	[LIST_FSTYPES] =	{ "mount fstype", D_FSTYPES, SUPD_LIST_MAX },
	[LIST_SOURCES] =	{ "mount source", D_SOURCES, SUPD_LIST_MAX },
	[LIST_LOGDIRS] =	{ "logs directory", D_LOGDIRS, SUPD_LIST_MAX },
	[LIST_SECCOMP] =	{ "seccomp", D_SECCOMP, SUPD_LIST_MAX },
	[LIST_ALLOW] =		{ "allow", P_ALLOW, SUPD_SYSCALLS_MAX },
	[LIST_DENY] =		{ "deny", P_DENY, SUPD_SYSCALLS_MAX },
};

static const struct conf_ns {
	const char	*ns_name;
	int		 ns_flag;
} conf_namespaces[] = {
	{ "cgroup",	NS_CGROUP },
	{ "ipc",	NS_IPC },
	{ "mount",	NS_MOUNT },
	{ "net",	NS_NET },
	{ "pid",	NS_PID },
	{ "user",	NS_USER },
	{ "uts",	NS_UTS },
};

typedef struct {
	union {
		int64_t		 number;
		double		 real;
		struct confnum	 num;
		char		*string;
		const char	*kw;
	} v;
} YYSTYPE;
#define YYSTYPE_IS_DECLARED 1

int		 yyparse(void);
int		 yylex(void);
int		 yyerror(const char *, ...)
		    __attribute__((__format__ (printf, 1, 2)));

static void	 conf_verrorat(const char *, int, const char *, va_list)
		    __attribute__((__format__ (printf, 3, 0)));
static void	 conf_errorat(const char *, int, const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
static int	 kw_cmp(const void *, const void *);
static int	 kw_lookup(const char *, const char **);
static struct file *file_open(const char *);
static struct file *file_openbuf(const char *, const char *);
static void	 file_free(struct file *);
static int	 file_pop(void);
static int	 lgetc(void);
static void	 lungetc(int);
static int	 lex_isword(int);
static int	 lex_error(void);
static int	 lex_word(int);
static int	 lex_number(const char *);
static int	 lex_quoted(void);
static int	 lex_macro(void);
static char	*lex_strdup(const char *);
static struct macro *macro_find(const char *);
static void	 macro_set(const char *, const struct confnum *,
		    const char *);
static struct supd_conf *conf_parse(struct file *);
static void	 conf_cleanup(void);
static void	 conf_check_refs(void);
static void	 conf_include(const char *);
static int	 conf_once(unsigned int *, unsigned int, const char *);
static int	 conf_path(const char *, const char *, int, char *, size_t);
static int	 conf_username(const char *, const char *, char *, size_t);
static int	 conf_hostname_valid(const char *);
static int	 conf_syscall_valid(const char *);
static int	 conf_id(const char *, size_t, uint32_t *);
static int64_t	 conf_size_num(const struct confnum *);
static int64_t	 conf_size_str(const char *);
static void	 conf_socket(const char *);
static void	 conf_sock_owner(const char *, unsigned int, char *,
		    size_t);
static void	 conf_sock_mode(const struct confnum *);
static void	 conf_user(const char *);
static void	 conf_cgroup_root(const char *);
static void	 conf_cgroup_version(const char *);
static void	 conf_cgroup_mount(const char *);
static void	 conf_limit(unsigned int, int64_t);
static void	 domain_begin(const char *);
static void	 domain_end(void);
static void	 domain_root(const char *);
static void	 domain_readonly(int);
static void	 domain_user(const char *);
static void	 domain_hostname(const char *);
static void	 domain_pids(const struct confnum *);
static void	 domain_hookdir(const char *);
static void	 profile_begin(const char *);
static void	 profile_end(void);
static void	 profile_default(enum seccomp_action);
static void	 cgp_begin(const char *);
static void	 cgp_cpu(double);
static void	 cgp_cpu_str(const char *);
static void	 cgp_memory(int64_t);
static void	 list_begin(enum conf_list);
static void	 list_add(const char *);
static void	 list_end(void);
static void	 list_namespace(const char *);
static void	 list_cap(const char *);
static void	 list_path(struct strlist *, const char *);
static void	 list_seccomp(const char *);
static void	 list_syscall(size_t *, char ***, size_t, char **,
		    const char *);
static int	 strv_find(size_t, char **, const char *);
static void	 strv_add(size_t *, char ***, const char *);
%}

%token	<v.kw>	ALLOW CAPABILITIES CGROUP CLIENTS CPU DEFAULT DENY DIRECTORY
%token	<v.kw>	DOMAIN ERRNO EVENTS EXEC FSTYPE GROUP HOOK HOSTNAME INCLUDE
%token	<v.kw>	KILL LIMIT LOGS MAX MEMORY MODE MOUNT NAMESPACES NO OWNER PIDS
%token	<v.kw>	PROFILE READONLY REQUEST ROOT SECCOMP SOCKET SOURCE USER
%token	<v.kw>	VERSION YES
%token	ERROR
%token	<v.string>	STRING
%token	<v.num>		NUMBER
%type	<v.number>	yesno size
%type	<v.kw>		listword keyword

%%

grammar		: /* empty */
		| grammar '\n'
		| grammar include '\n'
		| grammar varset '\n'
		| grammar main '\n'
		| grammar seccomp '\n'
		| grammar domain '\n'
		| grammar error '\n'
		;

include		: INCLUDE STRING		{ conf_include($2); }
		;

varset		: STRING '=' STRING		{ macro_set($1, NULL, $3); }
		| STRING '=' NUMBER		{ macro_set($1, &$3, NULL); }
		;

main		: SOCKET STRING sockopts	{ conf_socket($2); }
		| USER STRING			{ conf_user($2); }
		| CGROUP ROOT STRING		{ conf_cgroup_root($3); }
		| CGROUP VERSION STRING		{ conf_cgroup_version($3); }
		| CGROUP MOUNT STRING		{ conf_cgroup_mount($3); }
		| LIMIT CLIENTS NUMBER		{
			conf_limit(S_CLIENTS, $3.val);
		}
		| LIMIT REQUEST size		{ conf_limit(S_REQUEST, $3); }
		| LIMIT EVENTS NUMBER		{
			conf_limit(S_EVENTS, $3.val);
		}
		;

sockopts	: /* empty */
		| sockopts sockopt
		;

sockopt		: OWNER STRING			{
			conf_sock_owner($2, S_OWNER, st.conf->sc_sock_owner,
			    sizeof(st.conf->sc_sock_owner));
		}
		| GROUP STRING			{
			conf_sock_owner($2, S_GROUP, st.conf->sc_sock_group,
			    sizeof(st.conf->sc_sock_group));
		}
		| MODE NUMBER			{ conf_sock_mode(&$2); }
		;

seccomp		: SECCOMP PROFILE STRING	{ profile_begin($3); }
		    optnl '{' profbody proflast '}' { profile_end(); }
		;

profbody	: /* empty */
		| profbody '\n'
		| profbody profopt '\n'
		| profbody error '\n'
		;

proflast	: /* empty */
		| profopt
		;

profopt		: DEFAULT ALLOW			{
			profile_default(SECCOMP_ACT_ALLOW_DEF);
		}
		| DEFAULT KILL			{
			profile_default(SECCOMP_ACT_KILL_DEF);
		}
		| DEFAULT ERRNO			{
			profile_default(SECCOMP_ACT_ERRNO_DEF);
		}
		| ALLOW			{ list_begin(LIST_ALLOW); }
		    list		{ list_end(); }
		| DENY			{ list_begin(LIST_DENY); }
		    list		{ list_end(); }
		;

domain		: DOMAIN STRING			{ domain_begin($2); }
		    optnl '{' dombody domlast '}' { domain_end(); }
		;

dombody		: /* empty */
		| dombody '\n'
		| dombody domopt '\n'
		| dombody error '\n'
		;

domlast		: /* empty */
		| domopt
		;

domopt		: ROOT STRING			{ domain_root($2); }
		| READONLY yesno		{ domain_readonly($2); }
		| EXEC USER STRING		{ domain_user($3); }
		| EXEC USER NUMBER		{
			yyerror("exec user %lld: expected uid:gid",
			    (long long)$3.val);
		}
		| HOSTNAME STRING		{ domain_hostname($2); }
		| NAMESPACES			{ list_begin(LIST_NAMESPACES); }
		    list			{ list_end(); }
		| PIDS MAX NUMBER		{ domain_pids(&$3); }
		| CAPABILITIES			{ list_begin(LIST_CAPS); }
		    list			{ list_end(); }
		| MOUNT FSTYPE			{ list_begin(LIST_FSTYPES); }
		    list			{ list_end(); }
		| MOUNT SOURCE			{ list_begin(LIST_SOURCES); }
		    list			{ list_end(); }
		| HOOK DIRECTORY STRING		{ domain_hookdir($3); }
		| LOGS DIRECTORY		{ list_begin(LIST_LOGDIRS); }
		    list			{ list_end(); }
		| SECCOMP			{ list_begin(LIST_SECCOMP); }
		    list			{ list_end(); }
		| CGROUP PROFILE STRING		{ cgp_begin($3); }
		    '{' cgpbody '}'
		;

cgpbody		: /* empty */
		| cgpbody '\n'
		| cgpbody cgpopt
		;

cgpopt		: CPU NUMBER			{ cgp_cpu((double)$2.val); }
		| CPU STRING			{ cgp_cpu_str($2); }
		| MEMORY size			{ cgp_memory($2); }
		;

yesno		: YES				{ $$ = 1; }
		| NO				{ $$ = 0; }
		;

size		: NUMBER			{ $$ = conf_size_num(&$1); }
		| STRING			{ $$ = conf_size_str($1); }
		;

list		: '{' optnl listitems '}'
		;

listitems	: /* empty */
		| listitems listitem listsep
		;

listitem	: listword			{ list_add($1); }
		;

listsep		: optnl
		| ',' optnl
		;

/* Items may be spelled like keywords: "mount", "kill", "user"... */
listword	: STRING			{ $$ = $1; }
		| keyword
		;

keyword		: ALLOW | CAPABILITIES | CGROUP | CLIENTS | CPU | DEFAULT
		| DENY | DIRECTORY | DOMAIN | ERRNO | EVENTS | EXEC | FSTYPE
		| GROUP | HOOK | HOSTNAME | INCLUDE | KILL | LIMIT | LOGS
		| MAX | MEMORY | MODE | MOUNT | NAMESPACES | NO | OWNER | PIDS
		| PROFILE | READONLY | REQUEST | ROOT | SECCOMP | SOCKET
		| SOURCE | USER | VERSION | YES
		;

optnl		: /* empty */
		| optnl '\n'
		;

%%

/* Keywords, kept sorted by name for bsearch() in kw_lookup(). */
static const struct keyword {
	const char	*k_name;
	int		 k_val;
} keywords[] = {
	{ "allow",		ALLOW },
	{ "capabilities",	CAPABILITIES },
	{ "cgroup",		CGROUP },
	{ "clients",		CLIENTS },
	{ "cpu",		CPU },
	{ "default",		DEFAULT },
	{ "deny",		DENY },
	{ "directory",		DIRECTORY },
	{ "domain",		DOMAIN },
	{ "errno",		ERRNO },
	{ "events",		EVENTS },
	{ "exec",		EXEC },
	{ "fstype",		FSTYPE },
	{ "group",		GROUP },
	{ "hook",		HOOK },
	{ "hostname",		HOSTNAME },
	{ "include",		INCLUDE },
	{ "kill",		KILL },
	{ "limit",		LIMIT },
	{ "logs",		LOGS },
	{ "max",		MAX },
	{ "memory",		MEMORY },
	{ "mode",		MODE },
	{ "mount",		MOUNT },
	{ "namespaces",		NAMESPACES },
	{ "no",			NO },
	{ "owner",		OWNER },
	{ "pids",		PIDS },
	{ "profile",		PROFILE },
	{ "readonly",		READONLY },
	{ "request",		REQUEST },
	{ "root",		ROOT },
	{ "seccomp",		SECCOMP },
	{ "socket",		SOCKET },
	{ "source",		SOURCE },
	{ "user",		USER },
	{ "version",		VERSION },
	{ "yes",		YES },
};

struct supd_conf *
parse_config(const char *path)
{
	struct file	*f;
	struct stat	 sb;

	if (path == NULL) {
		/* Only a missing file selects the default, never an error. */
		if (stat(SUPD_CONF_FILE, &sb) == -1 && errno == ENOENT)
			return (parse_config_string("<default>",
			    config_default));
		path = SUPD_CONF_FILE;
	}
	if ((f = file_open(path)) == NULL) {
		log_warn("%s", path);
		return (NULL);
	}
	return (conf_parse(f));
}

struct supd_conf *
parse_config_string(const char *name, const char *text)
{
	return (conf_parse(file_openbuf(name, text)));
}

static struct supd_conf *
conf_parse(struct file *f)
{
	struct supd_conf	*conf;

	memset(&st, 0, sizeof(st));
	TAILQ_INIT(&st.files);
	TAILQ_INIT(&st.macros);
	SLIST_INIT(&st.strs);
	TAILQ_INIT(&st.refs);
	if ((conf = config_new()) == NULL) {
		log_warn("%s", f->f_name);
		file_free(f);
		return (NULL);
	}
	st.conf = conf;
	st.file = f;
	st.depth = 1;
	TAILQ_INSERT_TAIL(&st.files, f, f_entry);

	if (yyparse() != 0 && st.errors == 0)
		st.errors++;
	conf_check_refs();

	conf_cleanup();
	if (st.errors != 0) {
		config_free(conf);
		conf = NULL;
	}
	memset(&st, 0, sizeof(st));
	return (conf);
}

static void
conf_cleanup(void)
{
	struct file		*f;
	struct macro		*m;
	struct lexstr		*ls;
	struct seccomp_ref	*r;

	while ((f = TAILQ_FIRST(&st.files)) != NULL) {
		TAILQ_REMOVE(&st.files, f, f_entry);
		file_free(f);
	}
	while ((m = TAILQ_FIRST(&st.macros)) != NULL) {
		TAILQ_REMOVE(&st.macros, m, m_entry);
		free(m->m_name);
		free(m->m_str);
		free(m);
	}
	while ((ls = SLIST_FIRST(&st.strs)) != NULL) {
		SLIST_REMOVE_HEAD(&st.strs, ls_entry);
		free(ls);
	}
	while ((r = TAILQ_FIRST(&st.refs)) != NULL) {
		TAILQ_REMOVE(&st.refs, r, sr_entry);
		free(r->sr_file);
		free(r);
	}
	st.file = NULL;
}

static void
conf_check_refs(void)
{
	struct seccomp_ref	*r;

	TAILQ_FOREACH(r, &st.refs, sr_entry) {
		if (config_seccomp(st.conf, r->sr_profile) == NULL)
			conf_errorat(r->sr_file, r->sr_line,
			    "domain \"%s\": undefined seccomp profile \"%s\"",
			    r->sr_domain, r->sr_profile);
	}
}

/*
 * Errors.
 */

static void
conf_verrorat(const char *name, int line, const char *fmt, va_list ap)
{
	char	 msg[1024];

	st.errors++;
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	log_warnx("%s:%d: %s", name, line, msg);
}

static void
conf_errorat(const char *name, int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	conf_verrorat(name, line, fmt, ap);
	va_end(ap);
}

int
yyerror(const char *fmt, ...)
{
	va_list	 ap;

	/* The lexer already said what is wrong with this token. */
	if (st.lexerr) {
		st.errors++;
		return (0);
	}
	va_start(ap, fmt);
	conf_verrorat(st.file->f_name, st.file->f_lineno, fmt, ap);
	va_end(ap);
	return (0);
}

/*
 * Input.
 */

static struct file *
file_open(const char *path)
{
	struct file	*f;
	struct stat	 sb;
	int		 saved_errno;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->f_name = strdup(path)) == NULL)
		fatal("%s", __func__);
	f->f_lineno = 1;
	f->f_unget = -1;
	if ((f->f_stream = fopen(path, "re")) == NULL)
		goto fail;
	if (fstat(fileno(f->f_stream), &sb) == -1)
		goto fail;
	/* A directory opens fine and then fails to read: say why now. */
	if (S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	return (f);
 fail:
	saved_errno = errno;
	file_free(f);
	errno = saved_errno;
	return (NULL);
}

static struct file *
file_openbuf(const char *name, const char *text)
{
	struct file	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->f_name = strdup(name != NULL ? name : "<string>")) == NULL)
		fatal("%s", __func__);
	f->f_buf = text != NULL ? text : "";
	f->f_len = strlen(f->f_buf);
	f->f_lineno = 1;
	f->f_unget = -1;
	return (f);
}

static void
file_free(struct file *f)
{
	if (f == NULL)
		return;
	if (f->f_stream != NULL)
		fclose(f->f_stream);
	free(f->f_name);
	free(f);
}

/* Leaves an include file for the one that included it; -1 at the top. */
static int
file_pop(void)
{
	struct file	*prev;

	if ((prev = TAILQ_PREV(st.file, files, f_entry)) == NULL)
		return (-1);
	TAILQ_REMOVE(&st.files, st.file, f_entry);
	file_free(st.file);
	st.file = prev;
	st.depth--;
	return (0);
}

/*
 * The line of a '\n' is counted when the next character is read, so a
 * statement's errors, found with its '\n' as lookahead, carry its own
 * line number.
 */
static int
lgetc(void)
{
	struct file	*f = st.file;
	int		 c;

	if (f->f_unget != -1) {
		c = f->f_unget;
		f->f_unget = -1;
	} else if (f->f_stream != NULL)
		c = getc(f->f_stream);
	else if (f->f_off < f->f_len)
		c = (unsigned char)f->f_buf[f->f_off++];
	else
		c = EOF;
	if (c == EOF)
		return (EOF);
	if (f->f_nlseen) {
		f->f_lineno++;
		f->f_nlseen = 0;
	}
	if (c == '\n')
		f->f_nlseen = 1;
	return (c);
}

/* Only the character just read is ever pushed back. */
static void
lungetc(int c)
{
	if (c == EOF)
		return;
	if (c == '\n')
		st.file->f_nlseen = 0;
	st.file->f_unget = c;
}

static int
kw_cmp(const void *k, const void *e)
{
	return (strcmp(k, ((const struct keyword *)e)->k_name));
}

static int
kw_lookup(const char *s, const char **name)
{
	const struct keyword	*p;

	p = bsearch(s, keywords, sizeof(keywords) / sizeof(keywords[0]),
	    sizeof(keywords[0]), kw_cmp);
	if (p == NULL)
		return (STRING);
	*name = p->k_name;
	return (p->k_val);
}

static int
lex_isword(int c)
{
	if (c == EOF || c == '\0')
		return (0);
	return (isalnum(c) || strchr("_-./:+@", c) != NULL);
}

static int
lex_error(void)
{
	st.lexerr = 1;
	return (ERROR);
}

static char *
lex_strdup(const char *s)
{
	struct lexstr	*ls;
	size_t		 len;

	len = strlen(s) + 1;
	if ((ls = malloc(sizeof(*ls) + len)) == NULL)
		fatal("%s", __func__);
	memcpy(ls->ls_str, s, len);
	SLIST_INSERT_HEAD(&st.strs, ls, ls_entry);
	return (ls->ls_str);
}

int
yylex(void)
{
	struct file	*f;
	int		 c;

	st.lexerr = 0;
	if (st.nltoken) {
		st.nltoken = 0;
		return ('\n');
	}
 again:
	while ((c = lgetc()) == ' ' || c == '\t' || c == '\r')
		;
	if (c == '#')
		while ((c = lgetc()) != '\n' && c != EOF)
			;
	switch (c) {
	case EOF:
		f = st.file;
		if (!f->f_eof) {
			f->f_eof = 1;
			if (f->f_stream != NULL && ferror(f->f_stream))
				yyerror("read error: %s", strerror(errno));
			/* Ends a last line that has no newline. */
			return ('\n');
		}
		if (file_pop() == -1)
			return (0);
		goto again;
	case '\0':
		yyerror("NUL byte in input");
		return (lex_error());
	case '"':
		return (lex_quoted());
	case '$':
		return (lex_macro());
	}
	if (lex_isword(c))
		return (lex_word(c));
	return (c);
}

static int
lex_word(int c)
{
	char	 buf[CONF_TOKEN_MAX + 1];
	size_t	 len = 0;
	int	 toolong = 0, token;

	do {
		if (len < sizeof(buf) - 1)
			buf[len++] = c;
		else
			toolong = 1;
	} while (lex_isword(c = lgetc()));
	lungetc(c);
	buf[len] = '\0';
	if (toolong) {
		yyerror("word too long (max %d characters)", CONF_TOKEN_MAX);
		return (lex_error());
	}
	if ((token = kw_lookup(buf, &yylval.v.kw)) != STRING)
		return (token);
	if (strspn(buf + (buf[0] == '-'), "0123456789") ==
	    len - (buf[0] == '-') && len > (size_t)(buf[0] == '-'))
		return (lex_number(buf));
	yylval.v.string = lex_strdup(buf);
	return (STRING);
}

static int
lex_number(const char *s)
{
	long long	 v;

	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno == ERANGE) {
		yyerror("number %s is out of range", s);
		return (lex_error());
	}
	yylval.v.num.val = v;
	yylval.v.num.octal = s[0] == '0' &&
	    strspn(s, "01234567") == strlen(s);
	yylval.v.num.oct = yylval.v.num.octal ? strtoll(s, NULL, 8) : 0;
	return (NUMBER);
}

/* "..." with \" and \\ escapes, on one line. */
static int
lex_quoted(void)
{
	char	 buf[CONF_TOKEN_MAX + 1];
	size_t	 len = 0;
	int	 c, next, nul = 0, toolong = 0;

	for (;;) {
		c = lgetc();
		if (c == EOF || c == '\n') {
			/* Keep the '\n': it ends the statement in error. */
			lungetc(c);
			yyerror("unterminated string");
			return (lex_error());
		}
		if (c == '"')
			break;
		if (c == '\\') {
			next = lgetc();
			if (next == '"' || next == '\\')
				c = next;
			else
				lungetc(next);
		}
		if (c == '\0')
			nul = 1;
		else if (len < sizeof(buf) - 1)
			buf[len++] = c;
		else
			toolong = 1;
	}
	buf[len] = '\0';
	if (nul) {
		yyerror("string contains a NUL byte");
		return (lex_error());
	}
	if (toolong) {
		yyerror("string too long (max %d characters)", CONF_TOKEN_MAX);
		return (lex_error());
	}
	yylval.v.string = lex_strdup(buf);
	return (STRING);
}

/* $name expands to the one string or number it was set to. */
static int
lex_macro(void)
{
	char		 name[CONF_MACRO_MAX + 1];
	struct macro	*m;
	size_t		 len = 0;
	int		 c, toolong = 0;

	while ((c = lgetc()) != EOF && (isalnum(c) || c == '_')) {
		if (len < sizeof(name) - 1)
			name[len++] = c;
		else
			toolong = 1;
	}
	lungetc(c);
	name[len] = '\0';
	if (len == 0) {
		yyerror("'$' without a macro name");
		return (lex_error());
	}
	if (toolong) {
		yyerror("macro name too long (max %d characters)",
		    CONF_MACRO_MAX);
		return (lex_error());
	}
	if ((m = macro_find(name)) == NULL) {
		yyerror("undefined macro \"$%s\"", name);
		return (lex_error());
	}
	if (m->m_isnum) {
		yylval.v.num = m->m_num;
		return (NUMBER);
	}
	yylval.v.string = lex_strdup(m->m_str);
	return (STRING);
}

static struct macro *
macro_find(const char *name)
{
	struct macro	*m;

	TAILQ_FOREACH(m, &st.macros, m_entry)
		if (strcmp(m->m_name, name) == 0)
			return (m);
	return (NULL);
}

/* A later definition replaces an earlier one, as in pf.conf. */
static void
macro_set(const char *name, const struct confnum *num, const char *str)
{
	struct macro	*m;
	size_t		 len;

	len = strlen(name);
	if (len == 0 || len > CONF_MACRO_MAX || isdigit((unsigned char)*name) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len) {
		yyerror("invalid macro name \"%s\"", name);
		return;
	}
	if ((m = macro_find(name)) == NULL) {
		if ((m = calloc(1, sizeof(*m))) == NULL ||
		    (m->m_name = strdup(name)) == NULL)
			fatal("%s", __func__);
		TAILQ_INSERT_TAIL(&st.macros, m, m_entry);
	}
	free(m->m_str);
	m->m_str = NULL;
	m->m_isnum = num != NULL;
	if (num != NULL)
		m->m_num = *num;
	else if ((m->m_str = strdup(str)) == NULL)
		fatal("%s", __func__);
}

/*
 * Relative include paths are taken from the directory of the file that
 * includes them, so a configuration tree can be moved as a whole.
 */
static void
conf_include(const char *path)
{
	char		 full[PROTO_PATH_MAX];
	const char	*slash;
	struct file	*f;
	int		 n;

	slash = strrchr(st.file->f_name, '/');
	if (path[0] != '/' && st.file->f_stream != NULL && slash != NULL) {
		n = snprintf(full, sizeof(full), "%.*s/%s",
		    (int)(slash - st.file->f_name), st.file->f_name, path);
		if (n < 0 || (size_t)n >= sizeof(full)) {
			yyerror("include \"%s\": path too long", path);
			return;
		}
	} else if (strlcpy(full, path, sizeof(full)) >= sizeof(full)) {
		yyerror("include \"%s\": path too long", path);
		return;
	}
	if (st.depth >= CONF_INCLUDE_MAX) {
		yyerror("include \"%s\": nested too deeply (max %d)", full,
		    CONF_INCLUDE_MAX);
		return;
	}
	if ((f = file_open(full)) == NULL) {
		yyerror("include \"%s\": %s", full, strerror(errno));
		return;
	}
	TAILQ_INSERT_TAIL(&st.files, f, f_entry);
	st.file = f;
	st.depth++;
	/* Ends the include statement before the new file's first token. */
	st.nltoken = 1;
}

/*
 * Checks shared by the statements.
 */

/* Returns 0, after the error, when the statement was seen before. */
static int
conf_once(unsigned int *seen, unsigned int bit, const char *what)
{
	if (*seen & bit) {
		yyerror("\"%s\" given twice", what);
		return (0);
	}
	*seen |= bit;
	return (1);
}

/*
 * Checks a path and copies it to dst without trailing slashes ("/" stays
 * "/").  Returns -1 after the error.
 */
static int
conf_path(const char *what, const char *path, int flags, char *dst,
    size_t dstlen)
{
	const char	*p, *end;
	size_t		 len, clen;

	len = strlen(path);
	if (len == 0) {
		yyerror("%s: empty path", what);
		return (-1);
	}
	if ((flags & PATH_ABS) && path[0] != '/') {
		yyerror("%s \"%s\": not an absolute path", what, path);
		return (-1);
	}
	if ((flags & PATH_REL) && path[0] == '/') {
		yyerror("%s \"%s\": must be a relative path", what, path);
		return (-1);
	}
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (flags & PATH_NODOT) {
		for (p = path; p < path + len; p = end + 1) {
			if ((end = memchr(p, '/', path + len - p)) == NULL)
				end = path + len;
			clen = end - p;
			if ((clen == 1 && p[0] == '.') ||
			    (clen == 2 && p[0] == '.' && p[1] == '.')) {
				yyerror("%s \"%s\": \".\" and \"..\" are not "
				    "allowed", what, path);
				return (-1);
			}
		}
	}
	if (len >= dstlen) {
		yyerror("%s \"%s\": path too long (max %zu)", what, path,
		    dstlen - 1);
		return (-1);
	}
	memcpy(dst, path, len);
	dst[len] = '\0';
	return (0);
}

/* User and group names: what useradd accepts, bar the '$' of Samba. */
static int
conf_username(const char *what, const char *name, char *dst, size_t dstlen)
{
	size_t	 len;

	len = strlen(name);
	if (len == 0 || name[0] == '-' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len) {
		yyerror("%s \"%s\": invalid name", what, name);
		return (-1);
	}
	if (strlcpy(dst, name, dstlen) >= dstlen) {
		yyerror("%s \"%s\": name too long (max %zu)", what, name,
		    dstlen - 1);
		return (-1);
	}
	return (0);
}

/* RFC 1123: dot-separated labels of letters, digits and inner '-'. */
static int
conf_hostname_valid(const char *s)
{
	const char	*p;
	size_t		 label = 0;

	if (*s == '\0' || strlen(s) > CONF_HOSTNAME_MAX)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return (0);
			label = 0;
			continue;
		}
		if (*p == '-' && label == 0)
			return (0);
		if (*p != '-' && !isalnum((unsigned char)*p))
			return (0);
		if (++label > 63)
			return (0);
	}
	return (label != 0 && p[-1] != '-');
}

/* Plausible syscall names; libseccomp resolves them in the monitor. */
static int
conf_syscall_valid(const char *s)
{
	size_t	 len;

	len = strlen(s);
	return (len > 0 && len <= PROTO_NAME_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == len);
}

static int
conf_id(const char *s, size_t len, uint32_t *id)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (len == 0 || len > 10)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	if (v > PROTO_UID_MAX)
		return (-1);
	*id = (uint32_t)v;
	return (0);
}

/* Sizes are bytes, or a number with K, M or G (powers of 1024). */
static int64_t
conf_size_num(const struct confnum *n)
{
	if (n->val < 0) {
		yyerror("size %lld: must not be negative", (long long)n->val);
		return (-1);
	}
	return (n->val);
}

static int64_t
conf_size_str(const char *s)
{
	unsigned long long	 v;
	uint64_t		 mult = 1;
	char			*ep;

	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &ep, 10);
	if (errno == ERANGE)
		goto bad;
	switch (*ep) {
	case 'k':
	case 'K':
		mult = 1024;
		ep++;
		break;
	case 'm':
	case 'M':
		mult = 1024 * 1024;
		ep++;
		break;
	case 'g':
	case 'G':
		mult = 1024 * 1024 * 1024;
		ep++;
		break;
	}
	if (*ep != '\0' || v > INT64_MAX / mult)
		goto bad;
	return ((int64_t)(v * mult));
 bad:
	yyerror("invalid size \"%s\" (bytes, or a number with K, M or G)", s);
	return (-1);
}

/*
 * Top-level statements.
 */

static void
conf_socket(const char *path)
{
	struct sockaddr_un	 sun;

	st.seen_sock = 0;
	if (!conf_once(&st.seen, S_SOCKET, "socket"))
		return;
	if (conf_path("socket", path, PATH_ABS, st.conf->sc_socket,
	    sizeof(st.conf->sc_socket)) == -1)
		return;
	if (strlen(st.conf->sc_socket) >= sizeof(sun.sun_path))
		yyerror("socket \"%s\": too long for a UNIX socket (max %zu)",
		    path, sizeof(sun.sun_path) - 1);
}

static void
conf_sock_owner(const char *name, unsigned int bit, char *dst,
    size_t dstlen)
{
	const char	*what = bit == S_OWNER ? "owner" : "group";

	if (conf_once(&st.seen_sock, bit, what))
		(void)conf_username(what, name, dst, dstlen);
}

static void
conf_sock_mode(const struct confnum *n)
{
	if (!conf_once(&st.seen_sock, S_MODE, "mode"))
		return;
	/* chmod(1) reads 660 as octal, C as decimal: refuse to guess. */
	if (!n->octal)
		yyerror("mode %lld: write it in octal with a leading 0, "
		    "like 0660", (long long)n->val);
	else if (n->oct > CONF_MODE_MAX)
		yyerror("mode 0%llo: out of range (max 0%o)",
		    (unsigned long long)n->oct, CONF_MODE_MAX);
	else
		st.conf->sc_sock_mode = (mode_t)n->oct;
}

static void
conf_user(const char *name)
{
	if (conf_once(&st.seen, S_USER, "user"))
		(void)conf_username("user", name, st.conf->sc_user,
		    sizeof(st.conf->sc_user));
}

static void
conf_cgroup_root(const char *path)
{
	if (conf_once(&st.seen, S_CGROOT, "cgroup root"))
		(void)conf_path("cgroup root", path, PATH_REL | PATH_NODOT,
		    st.conf->sc_cgroup_root, sizeof(st.conf->sc_cgroup_root));
}

static void
conf_cgroup_version(const char *s)
{
	if (!conf_once(&st.seen, S_CGVERSION, "cgroup version"))
		return;
	if (strcmp(s, "auto") == 0)
		st.conf->sc_cgroup_version = CGROUP_AUTO;
	else if (strcmp(s, "v1") == 0)
		st.conf->sc_cgroup_version = CGROUP_V1;
	else if (strcmp(s, "v2") == 0)
		st.conf->sc_cgroup_version = CGROUP_V2;
	else
		yyerror("cgroup version \"%s\": expected auto, v1 or v2", s);
}

static void
conf_cgroup_mount(const char *path)
{
	if (conf_once(&st.seen, S_CGMOUNT, "cgroup mount"))
		(void)conf_path("cgroup mount", path, PATH_ABS,
		    st.conf->sc_cgroup_mount,
		    sizeof(st.conf->sc_cgroup_mount));
}

/* v is -1 when the size was already refused. */
static void
conf_limit(unsigned int bit, int64_t v)
{
	struct supd_conf	*conf = st.conf;

	switch (bit) {
	case S_CLIENTS:
		if (!conf_once(&st.seen, bit, "limit clients"))
			return;
		if (v < 1 || v > SUPD_CLIENTS_MAX)
			yyerror("limit clients %lld: out of range (1 to %d)",
			    (long long)v, SUPD_CLIENTS_MAX);
		else
			conf->sc_max_clients = (uint32_t)v;
		break;
	case S_REQUEST:
		if (!conf_once(&st.seen, bit, "limit request") || v == -1)
			return;
		if (v < SUPD_REQUEST_MIN || v > PROTO_MSG_MAX)
			yyerror("limit request %lld: out of range (%d to %d)",
			    (long long)v, SUPD_REQUEST_MIN, PROTO_MSG_MAX);
		else
			conf->sc_max_request = (uint32_t)v;
		break;
	case S_EVENTS:
		if (!conf_once(&st.seen, bit, "limit events"))
			return;
		if (v < 1 || v > SUPD_EVQUEUE_MAX)
			yyerror("limit events %lld: out of range (1 to %d)",
			    (long long)v, SUPD_EVQUEUE_MAX);
		else
			conf->sc_evqueue = (uint32_t)v;
		break;
	}
}

/*
 * Domain blocks.  The domain joins the configuration at once so that
 * config_free() finds it whatever error follows.
 */

static void
domain_begin(const char *name)
{
	struct supd_conf	*conf = st.conf;
	struct domain_conf	*dc;

	if ((dc = calloc(1, sizeof(*dc))) == NULL)
		fatal("%s", __func__);
	if (!proto_name_valid(name, strlen(name)) ||
	    strlcpy(dc->dc_name, name, sizeof(dc->dc_name)) >=
	    sizeof(dc->dc_name))
		yyerror("domain \"%s\": invalid name (letters, digits, '.', "
		    "'_' or '-', at most %d)", name, PROTO_NAME_MAX);
	else if (config_domain(conf, name) != NULL)
		yyerror("domain \"%s\" defined twice", name);
	if (conf->sc_ndomains == SUPD_DOMAINS_MAX)
		yyerror("domain \"%s\": too many domains (max %d)", name,
		    SUPD_DOMAINS_MAX);
	dc->dc_uid = CONF_ID_DEFAULT;
	dc->dc_gid = CONF_ID_DEFAULT;
	dc->dc_namespaces = NS_DEFAULT;
	dc->dc_pids_max = SUPD_PIDS_DEF;
	TAILQ_INSERT_TAIL(&conf->sc_domains, dc, dc_entry);
	conf->sc_ndomains++;
	st.domain = dc;
	st.seen_dom = 0;
}

static void
domain_end(void)
{
	struct domain_conf	*dc = st.domain;

	if (!(st.seen_dom & D_ROOT) &&
	    strlcpy(dc->dc_root, "/", sizeof(dc->dc_root)) >=
	    sizeof(dc->dc_root))
		fatalx("%s: root", __func__);
	if (!(st.seen_dom & D_READONLY))
		dc->dc_readonly = strcmp(dc->dc_root, "/") == 0;
	/* The name has at most 64 characters, the hostname array 65. */
	if (!(st.seen_dom & D_HOSTNAME) &&
	    strlcpy(dc->dc_hostname, dc->dc_name, sizeof(dc->dc_hostname)) >=
	    sizeof(dc->dc_hostname))
		yyerror("domain \"%s\": name too long for a hostname",
		    dc->dc_name);
	st.domain = NULL;
}

static void
domain_root(const char *path)
{
	struct domain_conf	*dc = st.domain;

	if (conf_once(&st.seen_dom, D_ROOT, "root"))
		(void)conf_path("root", path, PATH_ABS | PATH_NODOT,
		    dc->dc_root, sizeof(dc->dc_root));
}

static void
domain_readonly(int yes)
{
	if (conf_once(&st.seen_dom, D_READONLY, "readonly"))
		st.domain->dc_readonly = yes;
}

static void
domain_user(const char *s)
{
	const char	*colon;
	uint32_t	 uid, gid;

	if (!conf_once(&st.seen_dom, D_USER, "exec user"))
		return;
	if ((colon = strchr(s, ':')) == NULL ||
	    conf_id(s, colon - s, &uid) == -1 ||
	    conf_id(colon + 1, strlen(colon + 1), &gid) == -1) {
		yyerror("exec user \"%s\": expected uid:gid, each 0 to %u", s,
		    PROTO_UID_MAX);
		return;
	}
	st.domain->dc_uid = uid;
	st.domain->dc_gid = gid;
}

static void
domain_hostname(const char *name)
{
	struct domain_conf	*dc = st.domain;

	if (!conf_once(&st.seen_dom, D_HOSTNAME, "hostname"))
		return;
	if (!conf_hostname_valid(name) ||
	    strlcpy(dc->dc_hostname, name, sizeof(dc->dc_hostname)) >=
	    sizeof(dc->dc_hostname))
		yyerror("hostname \"%s\": not a valid host name (RFC 1123, "
		    "at most %d characters)", name, CONF_HOSTNAME_MAX);
}

static void
domain_pids(const struct confnum *n)
{
	if (!conf_once(&st.seen_dom, D_PIDS, "pids max"))
		return;
	if (n->val < 1)
		yyerror("pids max %lld: must be at least 1",
		    (long long)n->val);
	else
		st.domain->dc_pids_max = (uint64_t)n->val;
}

static void
domain_hookdir(const char *path)
{
	struct domain_conf	*dc = st.domain;

	if (conf_once(&st.seen_dom, D_HOOKDIR, "hook directory"))
		(void)conf_path("hook directory", path, PATH_ABS | PATH_NODOT,
		    dc->dc_hookdir, sizeof(dc->dc_hookdir));
}

/*
 * Seccomp profile blocks.  The built-in profiles are already in the list
 * (config_new()), so their names are taken.
 */

static void
profile_begin(const char *name)
{
	struct supd_conf	*conf = st.conf;
	struct seccomp_profile	*sp, *old;

	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		fatal("%s", __func__);
	if (!proto_name_valid(name, strlen(name)) ||
	    strlcpy(sp->sp_name, name, sizeof(sp->sp_name)) >=
	    sizeof(sp->sp_name))
		yyerror("seccomp profile \"%s\": invalid name (letters, "
		    "digits, '.', '_' or '-', at most %d)", name,
		    PROTO_NAME_MAX);
	else if ((old = config_seccomp(conf, name)) != NULL) {
		if (old->sp_builtin)
			yyerror("seccomp profile \"%s\" is built in and "
			    "cannot be redefined", name);
		else
			yyerror("seccomp profile \"%s\" defined twice", name);
	}
	TAILQ_INSERT_TAIL(&conf->sc_seccomp, sp, sp_entry);
	st.profile = sp;
	st.seen_prof = 0;
}

static void
profile_end(void)
{
	/* Omitting it would leave what a bad syscall gets to a guess. */
	if (!(st.seen_prof & P_DEFAULT))
		yyerror("seccomp profile \"%s\": no default action",
		    st.profile->sp_name);
	st.profile = NULL;
}

static void
profile_default(enum seccomp_action act)
{
	if (conf_once(&st.seen_prof, P_DEFAULT, "default"))
		st.profile->sp_default = act;
}

/*
 * Cgroup profiles inside a domain.
 */

static void
cgp_begin(const char *name)
{
	struct domain_conf	*dc = st.domain;
	struct proto_cgprofile	*cp;
	size_t			 i;

	cp = reallocarray(dc->dc_cgprofiles, dc->dc_ncgprofiles + 1,
	    sizeof(*cp));
	if (cp == NULL)
		fatal("%s", __func__);
	dc->dc_cgprofiles = cp;
	st.cgp = dc->dc_ncgprofiles++;
	cp = &dc->dc_cgprofiles[st.cgp];
	memset(cp, 0, sizeof(*cp));
	st.seen_cgp = 0;

	if (!proto_name_valid(name, strlen(name)) ||
	    strlcpy(cp->name, name, sizeof(cp->name)) >= sizeof(cp->name)) {
		yyerror("cgroup profile \"%s\": invalid name (letters, "
		    "digits, '.', '_' or '-', at most %d)", name,
		    PROTO_NAME_MAX);
		return;
	}
	for (i = 0; i < st.cgp; i++)
		if (strcmp(dc->dc_cgprofiles[i].name, name) == 0) {
			yyerror("cgroup profile \"%s\" defined twice", name);
			return;
		}
	if (dc->dc_ncgprofiles > PROTO_CGPROFILES_MAX)
		yyerror("cgroup profile \"%s\": too many profiles (max %d)",
		    name, PROTO_CGPROFILES_MAX);
}

static void
cgp_cpu(double pct)
{
	struct proto_cgprofile	*cp = &st.domain->dc_cgprofiles[st.cgp];

	if (!conf_once(&st.seen_cgp, C_CPU, "cpu"))
		return;
	if (!(pct > 0 && pct <= CONF_CPU_MAX)) {
		yyerror("cpu %g: out of range (more than 0, at most %g)",
		    pct, CONF_CPU_MAX);
		return;
	}
	cp->has_cpu_pct = 1;
	cp->cpu_pct = pct;
}

/* Fractions such as 12.5 come as words; nothing else is a number. */
static void
cgp_cpu_str(const char *s)
{
	char	*ep;
	double	 pct;

	if (!isdigit((unsigned char)s[0]) ||
	    strspn(s, "0123456789.") != strlen(s)) {
		yyerror("cpu \"%s\": not a number", s);
		return;
	}
	errno = 0;
	pct = strtod(s, &ep);
	if (*ep != '\0' || errno == ERANGE || !isfinite(pct)) {
		yyerror("cpu \"%s\": not a number", s);
		return;
	}
	cgp_cpu(pct);
}

static void
cgp_memory(int64_t bytes)
{
	struct proto_cgprofile	*cp = &st.domain->dc_cgprofiles[st.cgp];

	if (!conf_once(&st.seen_cgp, C_MEMORY, "memory") || bytes == -1)
		return;
	if (bytes == 0) {
		yyerror("memory: must be more than 0");
		return;
	}
	cp->has_mem_max = 1;
	cp->mem_max = (uint64_t)bytes;
}

/*
 * { } lists.  Each item is checked as it is read, so that its errors
 * carry its own line.
 */

static void
list_begin(enum conf_list list)
{
	const struct conf_listdef	*ld = &conf_lists[list];
	unsigned int			*seen;

	seen = (list == LIST_ALLOW || list == LIST_DENY) ? &st.seen_prof :
	    &st.seen_dom;
	(void)conf_once(seen, ld->ld_bit, ld->ld_what);
	st.list = list;
	st.nitems = 0;
	/* A list replaces the default. */
	if (list == LIST_NAMESPACES)
		st.domain->dc_namespaces = 0;
}

static void
list_add(const char *word)
{
	const struct conf_listdef	*ld = &conf_lists[st.list];
	struct seccomp_profile		*sp = st.profile;

	if (++st.nitems > ld->ld_max) {
		if (st.nitems == ld->ld_max + 1)
			yyerror("%s: too many entries (max %zu)", ld->ld_what,
			    ld->ld_max);
		return;
	}
	switch (st.list) {
	case LIST_NAMESPACES:
		list_namespace(word);
		break;
	case LIST_CAPS:
		list_cap(word);
		break;
	case LIST_FSTYPES:
		if (!proto_name_valid(word, strlen(word)))
			yyerror("mount fstype \"%s\": invalid file system "
			    "type", word);
		else if (strv_find(st.domain->dc_fstypes.n,
		    st.domain->dc_fstypes.v, word))
			yyerror("mount fstype \"%s\" listed twice", word);
		else
			strv_add(&st.domain->dc_fstypes.n,
			    &st.domain->dc_fstypes.v, word);
		break;
	case LIST_SOURCES:
		list_path(&st.domain->dc_sources, word);
		break;
	case LIST_LOGDIRS:
		list_path(&st.domain->dc_logdirs, word);
		break;
	case LIST_SECCOMP:
		list_seccomp(word);
		break;
	case LIST_ALLOW:
		list_syscall(&sp->sp_nallow, &sp->sp_allow, sp->sp_ndeny,
		    sp->sp_deny, word);
		break;
	case LIST_DENY:
		list_syscall(&sp->sp_ndeny, &sp->sp_deny, sp->sp_nallow,
		    sp->sp_allow, word);
		break;
	}
}

static void
list_end(void)
{
	int	 ns;

	if (st.list != LIST_NAMESPACES)
		return;
	/* The worker is pid 1 of its domain and pivots its own root. */
	ns = st.domain->dc_namespaces;
	if ((ns & (NS_PID | NS_MOUNT)) != (NS_PID | NS_MOUNT))
		yyerror("namespaces: pid and mount are required");
	/* Refused rather than ignored: a domain must get what it asks. */
	if (ns & NS_USER)
		yyerror("namespaces: user namespaces are not supported yet");
}

static void
list_namespace(const char *name)
{
	size_t	 i;
	int	*ns = &st.domain->dc_namespaces;

	for (i = 0; i < sizeof(conf_namespaces) / sizeof(conf_namespaces[0]);
	    i++) {
		if (strcmp(conf_namespaces[i].ns_name, name) != 0)
			continue;
		if (*ns & conf_namespaces[i].ns_flag)
			yyerror("namespace \"%s\" listed twice", name);
		*ns |= conf_namespaces[i].ns_flag;
		return;
	}
	yyerror("unknown namespace \"%s\" (cgroup, ipc, mount, net, pid, "
	    "user or uts)", name);
}

static void
list_cap(const char *name)
{
	uint64_t	 bit;
	int		 cap;

	if ((cap = proto_cap_lookup(name, strlen(name))) < 0 ||
	    cap > PROTO_CAP_LAST) {
		yyerror("unknown capability \"%s\"", name);
		return;
	}
	bit = (uint64_t)1 << cap;
	if (st.domain->dc_caps & bit)
		yyerror("capability \"%s\" listed twice", name);
	st.domain->dc_caps |= bit;
}

static void
list_path(struct strlist *l, const char *path)
{
	const char	*what = conf_lists[st.list].ld_what;
	char		 buf[PROTO_PATH_MAX];

	if (conf_path(what, path, PATH_ABS | PATH_NODOT, buf,
	    sizeof(buf)) == -1)
		return;
	if (strv_find(l->n, l->v, buf))
		yyerror("%s \"%s\" listed twice", what, path);
	else
		strv_add(&l->n, &l->v, buf);
}

static void
list_seccomp(const char *name)
{
	struct domain_conf	*dc = st.domain;
	struct seccomp_ref	*r;

	if (!proto_name_valid(name, strlen(name))) {
		yyerror("seccomp \"%s\": invalid profile name", name);
		return;
	}
	if (strv_find(dc->dc_seccomp.n, dc->dc_seccomp.v, name)) {
		yyerror("seccomp profile \"%s\" listed twice", name);
		return;
	}
	strv_add(&dc->dc_seccomp.n, &dc->dc_seccomp.v, name);

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->sr_file = strdup(st.file->f_name)) == NULL)
		fatal("%s", __func__);
	r->sr_line = st.file->f_lineno;
	/* Both names were checked: at most PROTO_NAME_MAX characters. */
	if (strlcpy(r->sr_domain, dc->dc_name, sizeof(r->sr_domain)) >=
	    sizeof(r->sr_domain) ||
	    strlcpy(r->sr_profile, name, sizeof(r->sr_profile)) >=
	    sizeof(r->sr_profile))
		fatalx("%s: name too long", __func__);
	TAILQ_INSERT_TAIL(&st.refs, r, sr_entry);
}

static void
list_syscall(size_t *np, char ***vp, size_t nother, char **other,
    const char *name)
{
	const char	*what = conf_lists[st.list].ld_what;

	if (!conf_syscall_valid(name))
		yyerror("%s: invalid syscall name \"%s\"", what, name);
	else if (strv_find(*np, *vp, name))
		yyerror("%s: syscall \"%s\" listed twice", what, name);
	else if (strv_find(nother, other, name))
		yyerror("syscall \"%s\" both allowed and denied", name);
	else
		strv_add(np, vp, name);
}

static int
strv_find(size_t n, char **v, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (1);
	return (0);
}

static void
strv_add(size_t *np, char ***vp, const char *s)
{
	char	**v;

	if ((v = reallocarray(*vp, *np + 1, sizeof(*v))) == NULL)
		fatal("%s", __func__);
	*vp = v;
	if ((v[*np] = strdup(s)) == NULL)
		fatal("%s", __func__);
	(*np)++;
}

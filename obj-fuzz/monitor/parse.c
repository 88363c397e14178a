/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison implementation for Yacc-like parsers in C

   Copyright (C) 1984, 1989-1990, 2000-2015, 2018-2021 Free Software Foundation,
   Inc.

   This program is free software: you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation, either version 3 of the License, or
   (at your option) any later version.

   This program is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
   GNU General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with this program.  If not, see <https://www.gnu.org/licenses/>.  */

/* As a special exception, you may create a larger work that contains
   part or all of the Bison parser skeleton and distribute that work
   under terms of your choice, so long as that work isn't itself a
   parser generator using the skeleton or a modified version thereof
   as a parser skeleton.  Alternatively, if you modify or redistribute
   the parser skeleton itself, you may (at your option) remove this
   special exception, which will cause the skeleton and the resulting
   Bison output files to be licensed under the GNU General Public
   License without this special exception.

   This special exception was added by the Free Software Foundation in
   version 2.2 of Bison.  */

/* C LALR(1) parser skeleton written by Richard Stallman, by
   simplifying the original so-called "semantic" parser.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

/* All symbols defined below should begin with yy or YY, to avoid
   infringing on user name space.  This should be done even for local
   variables, as they might otherwise be expanded by user macros.
   There are some unavoidable exceptions within include files to
   define necessary library symbols; they are noted "INFRINGES ON
   USER NAME SPACE" below.  */

/* Identify Bison output, and Bison version.  */
#define YYBISON 30802

/* Bison version string.  */
#define YYBISON_VERSION "3.8.2"

/* Skeleton name.  */
#define YYSKELETON_NAME "yacc.c"

/* Pure parsers.  */
#define YYPURE 0

/* Push parsers.  */
#define YYPUSH 0

/* Pull parsers.  */
#define YYPULL 1




/* First part of user prologue.  */
#line 27 "monitor/parse.y"

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

#line 348 "obj-fuzz/monitor/parse.c"

# ifndef YY_CAST
#  ifdef __cplusplus
#   define YY_CAST(Type, Val) static_cast<Type> (Val)
#   define YY_REINTERPRET_CAST(Type, Val) reinterpret_cast<Type> (Val)
#  else
#   define YY_CAST(Type, Val) ((Type) (Val))
#   define YY_REINTERPRET_CAST(Type, Val) ((Type) (Val))
#  endif
# endif
# ifndef YY_NULLPTR
#  if defined __cplusplus
#   if 201103L <= __cplusplus
#    define YY_NULLPTR nullptr
#   else
#    define YY_NULLPTR 0
#   endif
#  else
#   define YY_NULLPTR ((void*)0)
#  endif
# endif


/* Debug traces.  */
#ifndef YYDEBUG
# define YYDEBUG 0
#endif
#if YYDEBUG
extern int yydebug;
#endif

/* Token kinds.  */
#ifndef YYTOKENTYPE
# define YYTOKENTYPE
  enum yytokentype
  {
    YYEMPTY = -2,
    YYEOF = 0,                     /* "end of file"  */
    YYerror = 256,                 /* error  */
    YYUNDEF = 257,                 /* "invalid token"  */
    ALLOW = 258,                   /* ALLOW  */
    CAPABILITIES = 259,            /* CAPABILITIES  */
    CGROUP = 260,                  /* CGROUP  */
    CLIENTS = 261,                 /* CLIENTS  */
    CPU = 262,                     /* CPU  */
    DEFAULT = 263,                 /* DEFAULT  */
    DENY = 264,                    /* DENY  */
    DIRECTORY = 265,               /* DIRECTORY  */
    DOMAIN = 266,                  /* DOMAIN  */
    ERRNO = 267,                   /* ERRNO  */
    EVENTS = 268,                  /* EVENTS  */
    EXEC = 269,                    /* EXEC  */
    FSTYPE = 270,                  /* FSTYPE  */
    GROUP = 271,                   /* GROUP  */
    HOOK = 272,                    /* HOOK  */
    HOSTNAME = 273,                /* HOSTNAME  */
    INCLUDE = 274,                 /* INCLUDE  */
    KILL = 275,                    /* KILL  */
    LIMIT = 276,                   /* LIMIT  */
    LOGS = 277,                    /* LOGS  */
    MAX = 278,                     /* MAX  */
    MEMORY = 279,                  /* MEMORY  */
    MODE = 280,                    /* MODE  */
    MOUNT = 281,                   /* MOUNT  */
    NAMESPACES = 282,              /* NAMESPACES  */
    NO = 283,                      /* NO  */
    OWNER = 284,                   /* OWNER  */
    PIDS = 285,                    /* PIDS  */
    PROFILE = 286,                 /* PROFILE  */
    READONLY = 287,                /* READONLY  */
    REQUEST = 288,                 /* REQUEST  */
    ROOT = 289,                    /* ROOT  */
    SECCOMP = 290,                 /* SECCOMP  */
    SOCKET = 291,                  /* SOCKET  */
    SOURCE = 292,                  /* SOURCE  */
    USER = 293,                    /* USER  */
    VERSION = 294,                 /* VERSION  */
    YES = 295,                     /* YES  */
    ERROR = 296,                   /* ERROR  */
    STRING = 297,                  /* STRING  */
    NUMBER = 298                   /* NUMBER  */
  };
  typedef enum yytokentype yytoken_kind_t;
#endif
/* Token kinds.  */
#define YYEMPTY -2
#define YYEOF 0
#define YYerror 256
#define YYUNDEF 257
#define ALLOW 258
#define CAPABILITIES 259
#define CGROUP 260
#define CLIENTS 261
#define CPU 262
#define DEFAULT 263
#define DENY 264
#define DIRECTORY 265
#define DOMAIN 266
#define ERRNO 267
#define EVENTS 268
#define EXEC 269
#define FSTYPE 270
#define GROUP 271
#define HOOK 272
#define HOSTNAME 273
#define INCLUDE 274
#define KILL 275
#define LIMIT 276
#define LOGS 277
#define MAX 278
#define MEMORY 279
#define MODE 280
#define MOUNT 281
#define NAMESPACES 282
#define NO 283
#define OWNER 284
#define PIDS 285
#define PROFILE 286
#define READONLY 287
#define REQUEST 288
#define ROOT 289
#define SECCOMP 290
#define SOCKET 291
#define SOURCE 292
#define USER 293
#define VERSION 294
#define YES 295
#define ERROR 296
#define STRING 297
#define NUMBER 298

/* Value type.  */


extern YYSTYPE yylval;


int yyparse (void);



/* Symbol kind.  */
enum yysymbol_kind_t
{
  YYSYMBOL_YYEMPTY = -2,
  YYSYMBOL_YYEOF = 0,                      /* "end of file"  */
  YYSYMBOL_YYerror = 1,                    /* error  */
  YYSYMBOL_YYUNDEF = 2,                    /* "invalid token"  */
  YYSYMBOL_ALLOW = 3,                      /* ALLOW  */
  YYSYMBOL_CAPABILITIES = 4,               /* CAPABILITIES  */
  YYSYMBOL_CGROUP = 5,                     /* CGROUP  */
  YYSYMBOL_CLIENTS = 6,                    /* CLIENTS  */
  YYSYMBOL_CPU = 7,                        /* CPU  */
  YYSYMBOL_DEFAULT = 8,                    /* DEFAULT  */
  YYSYMBOL_DENY = 9,                       /* DENY  */
  YYSYMBOL_DIRECTORY = 10,                 /* DIRECTORY  */
  YYSYMBOL_DOMAIN = 11,                    /* DOMAIN  */
  YYSYMBOL_ERRNO = 12,                     /* ERRNO  */
  YYSYMBOL_EVENTS = 13,                    /* EVENTS  */
  YYSYMBOL_EXEC = 14,                      /* EXEC  */
  YYSYMBOL_FSTYPE = 15,                    /* FSTYPE  */
  YYSYMBOL_GROUP = 16,                     /* GROUP  */
  YYSYMBOL_HOOK = 17,                      /* HOOK  */
  YYSYMBOL_HOSTNAME = 18,                  /* HOSTNAME  */
  YYSYMBOL_INCLUDE = 19,                   /* INCLUDE  */
  YYSYMBOL_KILL = 20,                      /* KILL  */
  YYSYMBOL_LIMIT = 21,                     /* LIMIT  */
  YYSYMBOL_LOGS = 22,                      /* LOGS  */
  YYSYMBOL_MAX = 23,                       /* MAX  */
  YYSYMBOL_MEMORY = 24,                    /* MEMORY  */
  YYSYMBOL_MODE = 25,                      /* MODE  */
  YYSYMBOL_MOUNT = 26,                     /* MOUNT  */
  YYSYMBOL_NAMESPACES = 27,                /* NAMESPACES  */
  YYSYMBOL_NO = 28,                        /* NO  */
  YYSYMBOL_OWNER = 29,                     /* OWNER  */
  YYSYMBOL_PIDS = 30,                      /* PIDS  */
  YYSYMBOL_PROFILE = 31,                   /* PROFILE  */
  YYSYMBOL_READONLY = 32,                  /* READONLY  */
  YYSYMBOL_REQUEST = 33,                   /* REQUEST  */
  YYSYMBOL_ROOT = 34,                      /* ROOT  */
  YYSYMBOL_SECCOMP = 35,                   /* SECCOMP  */
  YYSYMBOL_SOCKET = 36,                    /* SOCKET  */
  YYSYMBOL_SOURCE = 37,                    /* SOURCE  */
  YYSYMBOL_USER = 38,                      /* USER  */
  YYSYMBOL_VERSION = 39,                   /* VERSION  */
  YYSYMBOL_YES = 40,                       /* YES  */
  YYSYMBOL_ERROR = 41,                     /* ERROR  */
  YYSYMBOL_STRING = 42,                    /* STRING  */
  YYSYMBOL_NUMBER = 43,                    /* NUMBER  */
  YYSYMBOL_44_n_ = 44,                     /* '\n'  */
  YYSYMBOL_45_ = 45,                       /* '='  */
  YYSYMBOL_46_ = 46,                       /* '{'  */
  YYSYMBOL_47_ = 47,                       /* '}'  */
  YYSYMBOL_48_ = 48,                       /* ','  */
  YYSYMBOL_YYACCEPT = 49,                  /* $accept  */
  YYSYMBOL_grammar = 50,                   /* grammar  */
  YYSYMBOL_include = 51,                   /* include  */
  YYSYMBOL_varset = 52,                    /* varset  */
  YYSYMBOL_main = 53,                      /* main  */
  YYSYMBOL_sockopts = 54,                  /* sockopts  */
  YYSYMBOL_sockopt = 55,                   /* sockopt  */
  YYSYMBOL_seccomp = 56,                   /* seccomp  */
  YYSYMBOL_57_1 = 57,                      /* $@1  */
  YYSYMBOL_profbody = 58,                  /* profbody  */
  YYSYMBOL_proflast = 59,                  /* proflast  */
  YYSYMBOL_profopt = 60,                   /* profopt  */
  YYSYMBOL_61_2 = 61,                      /* $@2  */
  YYSYMBOL_62_3 = 62,                      /* $@3  */
  YYSYMBOL_domain = 63,                    /* domain  */
  YYSYMBOL_64_4 = 64,                      /* $@4  */
  YYSYMBOL_dombody = 65,                   /* dombody  */
  YYSYMBOL_domlast = 66,                   /* domlast  */
  YYSYMBOL_domopt = 67,                    /* domopt  */
  YYSYMBOL_68_5 = 68,                      /* $@5  */
  YYSYMBOL_69_6 = 69,                      /* $@6  */
  YYSYMBOL_70_7 = 70,                      /* $@7  */
  YYSYMBOL_71_8 = 71,                      /* $@8  */
  YYSYMBOL_72_9 = 72,                      /* $@9  */
  YYSYMBOL_73_10 = 73,                     /* $@10  */
  YYSYMBOL_74_11 = 74,                     /* $@11  */
  YYSYMBOL_cgpbody = 75,                   /* cgpbody  */
  YYSYMBOL_cgpopt = 76,                    /* cgpopt  */
  YYSYMBOL_yesno = 77,                     /* yesno  */
  YYSYMBOL_size = 78,                      /* size  */
  YYSYMBOL_list = 79,                      /* list  */
  YYSYMBOL_listitems = 80,                 /* listitems  */
  YYSYMBOL_listitem = 81,                  /* listitem  */
  YYSYMBOL_listsep = 82,                   /* listsep  */
  YYSYMBOL_listword = 83,                  /* listword  */
  YYSYMBOL_keyword = 84,                   /* keyword  */
  YYSYMBOL_optnl = 85                      /* optnl  */
};
typedef enum yysymbol_kind_t yysymbol_kind_t;




#ifdef short
# undef short
#endif

/* On compilers that do not define __PTRDIFF_MAX__ etc., make sure
   <limits.h> and (if available) <stdint.h> are included
   so that the code can choose integer types of a good width.  */

#ifndef __PTRDIFF_MAX__
# include <limits.h> /* INFRINGES ON USER NAME SPACE */
# if defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stdint.h> /* INFRINGES ON USER NAME SPACE */
#  define YY_STDINT_H
# endif
#endif

/* Narrow types that promote to a signed type and that can represent a
   signed or unsigned integer of at least N bits.  In tables they can
   save space and decrease cache pressure.  Promoting to a signed type
   helps avoid bugs in integer arithmetic.  */

#ifdef __INT_LEAST8_MAX__
typedef __INT_LEAST8_TYPE__ yytype_int8;
#elif defined YY_STDINT_H
typedef int_least8_t yytype_int8;
#else
typedef signed char yytype_int8;
#endif

#ifdef __INT_LEAST16_MAX__
typedef __INT_LEAST16_TYPE__ yytype_int16;
#elif defined YY_STDINT_H
typedef int_least16_t yytype_int16;
#else
typedef short yytype_int16;
#endif

/* Work around bug in HP-UX 11.23, which defines these macros
   incorrectly for preprocessor constants.  This workaround can likely
   be removed in 2023, as HPE has promised support for HP-UX 11.23
   (aka HP-UX 11i v2) only through the end of 2022; see Table 2 of
   <https://h20195.www2.hpe.com/V2/getpdf.aspx/4AA4-7673ENW.pdf>.  */
#ifdef __hpux
# undef UINT_LEAST8_MAX
# undef UINT_LEAST16_MAX
# define UINT_LEAST8_MAX 255
# define UINT_LEAST16_MAX 65535
#endif

#if defined __UINT_LEAST8_MAX__ && __UINT_LEAST8_MAX__ <= __INT_MAX__
typedef __UINT_LEAST8_TYPE__ yytype_uint8;
#elif (!defined __UINT_LEAST8_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST8_MAX <= INT_MAX)
typedef uint_least8_t yytype_uint8;
#elif !defined __UINT_LEAST8_MAX__ && UCHAR_MAX <= INT_MAX
typedef unsigned char yytype_uint8;
#else
typedef short yytype_uint8;
#endif

#if defined __UINT_LEAST16_MAX__ && __UINT_LEAST16_MAX__ <= __INT_MAX__
typedef __UINT_LEAST16_TYPE__ yytype_uint16;
#elif (!defined __UINT_LEAST16_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST16_MAX <= INT_MAX)
typedef uint_least16_t yytype_uint16;
#elif !defined __UINT_LEAST16_MAX__ && USHRT_MAX <= INT_MAX
typedef unsigned short yytype_uint16;
#else
typedef int yytype_uint16;
#endif

#ifndef YYPTRDIFF_T
# if defined __PTRDIFF_TYPE__ && defined __PTRDIFF_MAX__
#  define YYPTRDIFF_T __PTRDIFF_TYPE__
#  define YYPTRDIFF_MAXIMUM __PTRDIFF_MAX__
# elif defined PTRDIFF_MAX
#  ifndef ptrdiff_t
#   include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  endif
#  define YYPTRDIFF_T ptrdiff_t
#  define YYPTRDIFF_MAXIMUM PTRDIFF_MAX
# else
#  define YYPTRDIFF_T long
#  define YYPTRDIFF_MAXIMUM LONG_MAX
# endif
#endif

#ifndef YYSIZE_T
# ifdef __SIZE_TYPE__
#  define YYSIZE_T __SIZE_TYPE__
# elif defined size_t
#  define YYSIZE_T size_t
# elif defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  define YYSIZE_T size_t
# else
#  define YYSIZE_T unsigned
# endif
#endif

#define YYSIZE_MAXIMUM                                  \
  YY_CAST (YYPTRDIFF_T,                                 \
           (YYPTRDIFF_MAXIMUM < YY_CAST (YYSIZE_T, -1)  \
            ? YYPTRDIFF_MAXIMUM                         \
            : YY_CAST (YYSIZE_T, -1)))

#define YYSIZEOF(X) YY_CAST (YYPTRDIFF_T, sizeof (X))


/* Stored state numbers (used for stacks). */
typedef yytype_uint8 yy_state_t;

/* State numbers in computations.  */
typedef int yy_state_fast_t;

#ifndef YY_
# if defined YYENABLE_NLS && YYENABLE_NLS
#  if ENABLE_NLS
#   include <libintl.h> /* INFRINGES ON USER NAME SPACE */
#   define YY_(Msgid) dgettext ("bison-runtime", Msgid)
#  endif
# endif
# ifndef YY_
#  define YY_(Msgid) Msgid
# endif
#endif


#ifndef YY_ATTRIBUTE_PURE
# if defined __GNUC__ && 2 < __GNUC__ + (96 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_PURE __attribute__ ((__pure__))
# else
#  define YY_ATTRIBUTE_PURE
# endif
#endif

#ifndef YY_ATTRIBUTE_UNUSED
# if defined __GNUC__ && 2 < __GNUC__ + (7 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_UNUSED __attribute__ ((__unused__))
# else
#  define YY_ATTRIBUTE_UNUSED
# endif
#endif

/* Suppress unused-variable warnings by "using" E.  */
#if ! defined lint || defined __GNUC__
# define YY_USE(E) ((void) (E))
#else
# define YY_USE(E) /* empty */
#endif

/* Suppress an incorrect diagnostic about yylval being uninitialized.  */
#if defined __GNUC__ && ! defined __ICC && 406 <= __GNUC__ * 100 + __GNUC_MINOR__
# if __GNUC__ * 100 + __GNUC_MINOR__ < 407
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")
# else
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")              \
    _Pragma ("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
# endif
# define YY_IGNORE_MAYBE_UNINITIALIZED_END      \
    _Pragma ("GCC diagnostic pop")
#else
# define YY_INITIAL_VALUE(Value) Value
#endif
#ifndef YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_END
#endif
#ifndef YY_INITIAL_VALUE
# define YY_INITIAL_VALUE(Value) /* Nothing. */
#endif

#if defined __cplusplus && defined __GNUC__ && ! defined __ICC && 6 <= __GNUC__
# define YY_IGNORE_USELESS_CAST_BEGIN                          \
    _Pragma ("GCC diagnostic push")                            \
    _Pragma ("GCC diagnostic ignored \"-Wuseless-cast\"")
# define YY_IGNORE_USELESS_CAST_END            \
    _Pragma ("GCC diagnostic pop")
#endif
#ifndef YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_END
#endif


#define YY_ASSERT(E) ((void) (0 && (E)))

#if !defined yyoverflow

/* The parser invokes alloca or malloc; define the necessary symbols.  */

# ifdef YYSTACK_USE_ALLOCA
#  if YYSTACK_USE_ALLOCA
#   ifdef __GNUC__
#    define YYSTACK_ALLOC __builtin_alloca
#   elif defined __BUILTIN_VA_ARG_INCR
#    include <alloca.h> /* INFRINGES ON USER NAME SPACE */
#   elif defined _AIX
#    define YYSTACK_ALLOC __alloca
#   elif defined _MSC_VER
#    include <malloc.h> /* INFRINGES ON USER NAME SPACE */
#    define alloca _alloca
#   else
#    define YYSTACK_ALLOC alloca
#    if ! defined _ALLOCA_H && ! defined EXIT_SUCCESS
#     include <stdlib.h> /* INFRINGES ON USER NAME SPACE */
      /* Use EXIT_SUCCESS as a witness for stdlib.h.  */
#     ifndef EXIT_SUCCESS
#      define EXIT_SUCCESS 0
#     endif
#    endif
#   endif
#  endif
# endif

# ifdef YYSTACK_ALLOC
   /* Pacify GCC's 'empty if-body' warning.  */
#  define YYSTACK_FREE(Ptr) do { /* empty */; } while (0)
#  ifndef YYSTACK_ALLOC_MAXIMUM
    /* The OS might guarantee only one guard page at the bottom of the stack,
       and a page size can be as small as 4096 bytes.  So we cannot safely
       invoke alloca (N) if N exceeds 4096.  Use a slightly smaller number
       to allow for a few compiler-allocated temporary stack slots.  */
#   define YYSTACK_ALLOC_MAXIMUM 4032 /* reasonable circa 2006 */
#  endif
# else
#  define YYSTACK_ALLOC YYMALLOC
#  define YYSTACK_FREE YYFREE
#  ifndef YYSTACK_ALLOC_MAXIMUM
#   define YYSTACK_ALLOC_MAXIMUM YYSIZE_MAXIMUM
#  endif
#  if (defined __cplusplus && ! defined EXIT_SUCCESS \
       && ! ((defined YYMALLOC || defined malloc) \
             && (defined YYFREE || defined free)))
#   include <stdlib.h> /* INFRINGES ON USER NAME SPACE */
#   ifndef EXIT_SUCCESS
#    define EXIT_SUCCESS 0
#   endif
#  endif
#  ifndef YYMALLOC
#   define YYMALLOC malloc
#   if ! defined malloc && ! defined EXIT_SUCCESS
void *malloc (YYSIZE_T); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
#  ifndef YYFREE
#   define YYFREE free
#   if ! defined free && ! defined EXIT_SUCCESS
void free (void *); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
# endif
#endif /* !defined yyoverflow */

#if (! defined yyoverflow \
     && (! defined __cplusplus \
         || (defined YYSTYPE_IS_TRIVIAL && YYSTYPE_IS_TRIVIAL)))

/* A type that is properly aligned for any stack member.  */
union yyalloc
{
  yy_state_t yyss_alloc;
  YYSTYPE yyvs_alloc;
};

/* The size of the maximum gap between one aligned stack and the next.  */
# define YYSTACK_GAP_MAXIMUM (YYSIZEOF (union yyalloc) - 1)

/* The size of an array large to enough to hold all stacks, each with
   N elements.  */
# define YYSTACK_BYTES(N) \
     ((N) * (YYSIZEOF (yy_state_t) + YYSIZEOF (YYSTYPE)) \
      + YYSTACK_GAP_MAXIMUM)

# define YYCOPY_NEEDED 1

/* Relocate STACK from its old location to the new one.  The
   local variables YYSIZE and YYSTACKSIZE give the old and new number of
   elements in the stack, and YYPTR gives the new location of the
   stack.  Advance YYPTR to a properly aligned location for the next
   stack.  */
# define YYSTACK_RELOCATE(Stack_alloc, Stack)                           \
    do                                                                  \
      {                                                                 \
        YYPTRDIFF_T yynewbytes;                                         \
        YYCOPY (&yyptr->Stack_alloc, Stack, yysize);                    \
        Stack = &yyptr->Stack_alloc;                                    \
        yynewbytes = yystacksize * YYSIZEOF (*Stack) + YYSTACK_GAP_MAXIMUM; \
        yyptr += yynewbytes / YYSIZEOF (*yyptr);                        \
      }                                                                 \
    while (0)

#endif

#if defined YYCOPY_NEEDED && YYCOPY_NEEDED
/* Copy COUNT objects from SRC to DST.  The source and destination do
   not overlap.  */
# ifndef YYCOPY
#  if defined __GNUC__ && 1 < __GNUC__
#   define YYCOPY(Dst, Src, Count) \
      __builtin_memcpy (Dst, Src, YY_CAST (YYSIZE_T, (Count)) * sizeof (*(Src)))
#  else
#   define YYCOPY(Dst, Src, Count)              \
      do                                        \
        {                                       \
          YYPTRDIFF_T yyi;                      \
          for (yyi = 0; yyi < (Count); yyi++)   \
            (Dst)[yyi] = (Src)[yyi];            \
        }                                       \
      while (0)
#  endif
# endif
#endif /* !YYCOPY_NEEDED */

/* YYFINAL -- State number of the termination state.  */
#define YYFINAL  2
/* YYLAST -- Last index in YYTABLE.  */
#define YYLAST   159

/* YYNTOKENS -- Number of terminals.  */
#define YYNTOKENS  49
/* YYNNTS -- Number of nonterminals.  */
#define YYNNTS  37
/* YYNRULES -- Number of rules.  */
#define YYNRULES  127
/* YYNSTATES -- Number of states.  */
#define YYNSTATES  190

/* YYMAXUTOK -- Last valid token kind.  */
#define YYMAXUTOK   298


/* YYTRANSLATE(TOKEN-NUM) -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex, with out-of-bounds checking.  */
#define YYTRANSLATE(YYX)                                \
  (0 <= (YYX) && (YYX) <= YYMAXUTOK                     \
   ? YY_CAST (yysymbol_kind_t, yytranslate[YYX])        \
   : YYSYMBOL_YYUNDEF)

/* YYTRANSLATE[TOKEN-NUM] -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex.  */
static const yytype_int8 yytranslate[] =
{
       0,     2,     2,     2,     2,     2,     2,     2,     2,     2,
      44,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,    48,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,    45,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,    46,     2,    47,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     1,     2,     3,     4,
       5,     6,     7,     8,     9,    10,    11,    12,    13,    14,
      15,    16,    17,    18,    19,    20,    21,    22,    23,    24,
      25,    26,    27,    28,    29,    30,    31,    32,    33,    34,
      35,    36,    37,    38,    39,    40,    41,    42,    43
};

#if YYDEBUG
/* YYRLINE[YYN] -- Source line where rule number YYN was defined.  */
static const yytype_int16 yyrline[] =
{
       0,   317,   317,   318,   319,   320,   321,   322,   323,   324,
     327,   330,   331,   334,   335,   336,   337,   338,   339,   342,
     343,   348,   349,   352,   356,   360,   363,   363,   367,   368,
     369,   370,   373,   374,   377,   380,   383,   386,   386,   388,
     388,   392,   392,   396,   397,   398,   399,   402,   403,   406,
     407,   408,   409,   413,   414,   414,   416,   417,   417,   419,
     419,   421,   421,   423,   424,   424,   426,   426,   428,   428,
     432,   433,   434,   437,   438,   439,   442,   443,   446,   447,
     450,   453,   454,   457,   460,   461,   465,   466,   469,   469,
     469,   469,   469,   469,   470,   470,   470,   470,   470,   470,
     470,   471,   471,   471,   471,   471,   471,   471,   472,   472,
     472,   472,   472,   472,   472,   472,   473,   473,   473,   473,
     473,   473,   474,   474,   474,   474,   477,   478
};
#endif

/** Accessing symbol of state STATE.  */
#define YY_ACCESSING_SYMBOL(State) YY_CAST (yysymbol_kind_t, yystos[State])

#if YYDEBUG || 0
/* The user-facing name of the symbol whose (internal) number is
   YYSYMBOL.  No bounds checking.  */
static const char *yysymbol_name (yysymbol_kind_t yysymbol) YY_ATTRIBUTE_UNUSED;

/* YYTNAME[SYMBOL-NUM] -- String name of the symbol SYMBOL-NUM.
   First, the terminals, then, starting at YYNTOKENS, nonterminals.  */
static const char *const yytname[] =
{
  "\"end of file\"", "error", "\"invalid token\"", "ALLOW",
  "CAPABILITIES", "CGROUP", "CLIENTS", "CPU", "DEFAULT", "DENY",
  "DIRECTORY", "DOMAIN", "ERRNO", "EVENTS", "EXEC", "FSTYPE", "GROUP",
  "HOOK", "HOSTNAME", "INCLUDE", "KILL", "LIMIT", "LOGS", "MAX", "MEMORY",
  "MODE", "MOUNT", "NAMESPACES", "NO", "OWNER", "PIDS", "PROFILE",
  "READONLY", "REQUEST", "ROOT", "SECCOMP", "SOCKET", "SOURCE", "USER",
  "VERSION", "YES", "ERROR", "STRING", "NUMBER", "'\\n'", "'='", "'{'",
  "'}'", "','", "$accept", "grammar", "include", "varset", "main",
  "sockopts", "sockopt", "seccomp", "$@1", "profbody", "proflast",
  "profopt", "$@2", "$@3", "domain", "$@4", "dombody", "domlast", "domopt",
  "$@5", "$@6", "$@7", "$@8", "$@9", "$@10", "$@11", "cgpbody", "cgpopt",
  "yesno", "size", "list", "listitems", "listitem", "listsep", "listword",
  "keyword", "optnl", YY_NULLPTR
};

static const char *
yysymbol_name (yysymbol_kind_t yysymbol)
{
  return yytname[yysymbol];
}
#endif

#define YYPACT_NINF (-51)

#define yypact_value_is_default(Yyn) \
  ((Yyn) == YYPACT_NINF)

#define YYTABLE_NINF (-48)

#define yytable_value_is_error(Yyn) \
  0

/* YYPACT[STATE-NUM] -- Index in YYTABLE of the portion describing
   STATE-NUM.  */
static const yytype_int8 yypact[] =
{
     -51,    96,   -51,   -38,    -3,    -9,    -4,    15,    12,     8,
      52,     4,   -51,    54,    61,    62,    65,    66,   -51,    69,
      72,    74,   -51,   -51,    75,    77,    -2,    79,   -51,   -51,
       3,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,    83,   -51,   -51,   -37,
     -51,    80,    82,    81,   -51,   -51,   -51,   -33,   -51,   -51,
     -51,     0,   -51,    85,   -51,    73,    88,   117,    91,   120,
     -12,   -51,   116,   -16,    99,   -51,   -51,    97,   101,     7,
     -51,   102,   105,    10,   107,   -51,   -51,   -51,   -51,   102,
     100,   -51,   -51,   -51,   -51,   102,   -51,   -51,   106,   -51,
      17,   -51,   -51,   104,   108,   -51,   -51,   -51,   -51,   -51,
     -51,   102,   102,   102,   -51,   -51,   -51,   -51,   102,   -51,
     -51,   -51,   102,   -51,   -51,   109,   110,   -51,   -51,   -51,
     -51,   -51,    53,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   111,   -51,   -51,    -5,   -51,   -51,
     109,    60,    -2,   -51,   -51,   -51,   109,   -51,   -51,   -51
};

/* YYDEFACT[STATE-NUM] -- Default reduction number in state STATE-NUM.
   Performed when YYTABLE does not specify something else to do.  Zero
   means the default is an error.  */
static const yytype_int8 yydefact[] =
{
       2,     0,     1,     0,     0,     0,     0,     0,     0,     0,
       0,     0,     3,     0,     0,     0,     0,     0,     9,     0,
       0,     0,    41,    10,     0,     0,     0,     0,    21,    14,
       0,     4,     5,     6,     7,     8,    17,    15,    16,   126,
      18,    20,    79,    78,    19,    26,    13,    11,    12,     0,
     126,     0,     0,     0,    22,   127,    43,     0,    24,    25,
      23,     0,    28,     0,    57,     0,     0,     0,     0,     0,
       0,    54,     0,     0,     0,    66,    44,     0,    48,     0,
      46,     0,     0,     0,     0,    53,    64,    59,    61,     0,
       0,    77,    76,    50,    49,     0,    42,    45,     0,    37,
       0,    39,    29,     0,    33,   126,    58,    68,    51,    52,
      63,     0,     0,     0,    55,    56,    67,    31,     0,    34,
      36,    35,     0,    27,    30,    81,     0,    65,    60,    62,
      38,    40,     0,    70,    88,    89,    90,    91,    92,    93,
      94,    95,    96,    97,    98,    99,   100,   101,   102,   103,
     104,   105,   106,   107,   108,   109,   110,   111,   112,   113,
     114,   115,   116,   117,   118,   119,   120,   121,   122,   123,
     124,   125,    86,    80,   126,    83,    87,     0,   126,    82,
      84,     0,     0,    71,    69,    72,    85,    74,    73,    75
};

/* YYPGOTO[NTERM-NUM].  */
static const yytype_int8 yypgoto[] =
{
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,
     -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -51,   -28,
      24,   -51,   -51,   -51,   -51,   -51,   -50
};

/* YYDEFGOTO[NTERM-NUM].  */
static const yytype_uint8 yydefgoto[] =
{
       0,     1,    13,    14,    15,    46,    54,    16,    50,    79,
     103,   104,   118,   122,    17,    39,    61,    77,    78,    89,
      81,   112,   113,   111,    95,   126,   177,   185,    93,    44,
     106,   132,   174,   179,   175,   176,    49
};

/* YYTABLE[YYPACT[STATE-NUM]] -- What to do in state STATE-NUM.  If
   positive, shift that token.  If negative, reduce the rule whose
   number is the opposite.  If YYTABLE_NINF, syntax error.  */
static const yytype_int16 yytable[] =
{
      57,    63,   181,    87,    64,    65,    18,    55,    98,    56,
      99,    55,    91,    62,    66,   100,   101,    67,    68,   182,
     119,    24,    69,    19,    92,    88,    70,    71,    25,   120,
      72,    20,    73,    22,    74,    75,    21,   121,    23,   183,
      42,    43,   184,    27,    76,    47,    48,   -47,    26,    30,
      28,   102,   108,   109,   -32,   125,   134,   135,   136,   137,
     138,   139,   140,   141,   142,   143,   144,   145,   146,   147,
     148,   149,   150,   151,   152,   153,   154,   155,   156,   157,
     158,   159,   160,   161,   162,   163,   164,   165,   166,   167,
     168,   169,   170,   171,    29,   172,     2,     3,    31,    51,
     173,     4,   187,   188,    82,    32,    33,     5,    52,    34,
      35,    36,    53,   114,    37,     6,    38,     7,    40,   116,
      41,    45,    58,    60,   180,    59,    83,    84,   186,    80,
      86,     8,     9,    85,    10,   127,   128,   129,    11,    90,
      12,    94,   130,   115,    96,    97,   131,   107,   105,   110,
     117,   123,   124,    55,   189,     0,   133,     0,     0,   178
};

static const yytype_int16 yycheck[] =
{
      50,     1,     7,    15,     4,     5,    44,    44,     1,    46,
       3,    44,    28,    46,    14,     8,     9,    17,    18,    24,
       3,     6,    22,    26,    40,    37,    26,    27,    13,    12,
      30,    34,    32,    42,    34,    35,    39,    20,    42,    44,
      42,    43,    47,    31,    44,    42,    43,    47,    33,    45,
      42,    44,    42,    43,    47,   105,     3,     4,     5,     6,
       7,     8,     9,    10,    11,    12,    13,    14,    15,    16,
      17,    18,    19,    20,    21,    22,    23,    24,    25,    26,
      27,    28,    29,    30,    31,    32,    33,    34,    35,    36,
      37,    38,    39,    40,    42,    42,     0,     1,    44,    16,
      47,     5,    42,    43,    31,    44,    44,    11,    25,    44,
      44,    42,    29,    89,    42,    19,    42,    21,    43,    95,
      43,    42,    42,    42,   174,    43,    38,    10,   178,    44,
      10,    35,    36,    42,    38,   111,   112,   113,    42,    23,
      44,    42,   118,    43,    47,    44,   122,    42,    46,    42,
      44,    47,    44,    44,   182,    -1,    46,    -1,    -1,    48
};

/* YYSTOS[STATE-NUM] -- The symbol kind of the accessing symbol of
   state STATE-NUM.  */
static const yytype_int8 yystos[] =
{
       0,    50,     0,     1,     5,    11,    19,    21,    35,    36,
      38,    42,    44,    51,    52,    53,    56,    63,    44,    26,
      34,    39,    42,    42,     6,    13,    33,    31,    42,    42,
      45,    44,    44,    44,    44,    44,    42,    42,    42,    64,
      43,    43,    42,    43,    78,    42,    54,    42,    43,    85,
      57,    16,    25,    29,    55,    44,    46,    85,    42,    43,
      42,    65,    46,     1,     4,     5,    14,    17,    18,    22,
      26,    27,    30,    32,    34,    35,    44,    66,    67,    58,
      44,    69,    31,    38,    10,    42,    10,    15,    37,    68,
      23,    28,    40,    77,    42,    73,    47,    44,     1,     3,
       8,     9,    44,    59,    60,    46,    79,    42,    42,    43,
      42,    72,    70,    71,    79,    43,    79,    44,    61,     3,
      12,    20,    62,    47,    44,    85,    74,    79,    79,    79,
      79,    79,    80,    46,     3,     4,     5,     6,     7,     8,
       9,    10,    11,    12,    13,    14,    15,    16,    17,    18,
      19,    20,    21,    22,    23,    24,    25,    26,    27,    28,
      29,    30,    31,    32,    33,    34,    35,    36,    37,    38,
      39,    40,    42,    47,    81,    83,    84,    75,    48,    82,
      85,     7,    24,    44,    47,    76,    85,    42,    43,    78
};

/* YYR1[RULE-NUM] -- Symbol kind of the left-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr1[] =
{
       0,    49,    50,    50,    50,    50,    50,    50,    50,    50,
      51,    52,    52,    53,    53,    53,    53,    53,    53,    53,
      53,    54,    54,    55,    55,    55,    57,    56,    58,    58,
      58,    58,    59,    59,    60,    60,    60,    61,    60,    62,
      60,    64,    63,    65,    65,    65,    65,    66,    66,    67,
      67,    67,    67,    67,    68,    67,    67,    69,    67,    70,
      67,    71,    67,    67,    72,    67,    73,    67,    74,    67,
      75,    75,    75,    76,    76,    76,    77,    77,    78,    78,
      79,    80,    80,    81,    82,    82,    83,    83,    84,    84,
      84,    84,    84,    84,    84,    84,    84,    84,    84,    84,
      84,    84,    84,    84,    84,    84,    84,    84,    84,    84,
      84,    84,    84,    84,    84,    84,    84,    84,    84,    84,
      84,    84,    84,    84,    84,    84,    85,    85
};

/* YYR2[RULE-NUM] -- Number of symbols on the right-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr2[] =
{
       0,     2,     0,     2,     3,     3,     3,     3,     3,     3,
       2,     3,     3,     3,     2,     3,     3,     3,     3,     3,
       3,     0,     2,     2,     2,     2,     0,     9,     0,     2,
       3,     3,     0,     1,     2,     2,     2,     0,     3,     0,
       3,     0,     8,     0,     2,     3,     3,     0,     1,     2,
       2,     3,     3,     2,     0,     3,     3,     0,     3,     0,
       4,     0,     4,     3,     0,     4,     0,     3,     0,     7,
       0,     2,     2,     2,     2,     2,     1,     1,     1,     1,
       4,     0,     3,     1,     1,     2,     1,     1,     1,     1,
       1,     1,     1,     1,     1,     1,     1,     1,     1,     1,
       1,     1,     1,     1,     1,     1,     1,     1,     1,     1,
       1,     1,     1,     1,     1,     1,     1,     1,     1,     1,
       1,     1,     1,     1,     1,     1,     0,     2
};


enum { YYENOMEM = -2 };

#define yyerrok         (yyerrstatus = 0)
#define yyclearin       (yychar = YYEMPTY)

#define YYACCEPT        goto yyacceptlab
#define YYABORT         goto yyabortlab
#define YYERROR         goto yyerrorlab
#define YYNOMEM         goto yyexhaustedlab


#define YYRECOVERING()  (!!yyerrstatus)

#define YYBACKUP(Token, Value)                                    \
  do                                                              \
    if (yychar == YYEMPTY)                                        \
      {                                                           \
        yychar = (Token);                                         \
        yylval = (Value);                                         \
        YYPOPSTACK (yylen);                                       \
        yystate = *yyssp;                                         \
        goto yybackup;                                            \
      }                                                           \
    else                                                          \
      {                                                           \
        yyerror (YY_("syntax error: cannot back up")); \
        YYERROR;                                                  \
      }                                                           \
  while (0)

/* Backward compatibility with an undocumented macro.
   Use YYerror or YYUNDEF. */
#define YYERRCODE YYUNDEF


/* Enable debugging if requested.  */
#if YYDEBUG

# ifndef YYFPRINTF
#  include <stdio.h> /* INFRINGES ON USER NAME SPACE */
#  define YYFPRINTF fprintf
# endif

# define YYDPRINTF(Args)                        \
do {                                            \
  if (yydebug)                                  \
    YYFPRINTF Args;                             \
} while (0)




# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)                    \
do {                                                                      \
  if (yydebug)                                                            \
    {                                                                     \
      YYFPRINTF (stderr, "%s ", Title);                                   \
      yy_symbol_print (stderr,                                            \
                  Kind, Value); \
      YYFPRINTF (stderr, "\n");                                           \
    }                                                                     \
} while (0)


/*-----------------------------------.
| Print this symbol's value on YYO.  |
`-----------------------------------*/

static void
yy_symbol_value_print (FILE *yyo,
                       yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep)
{
  FILE *yyoutput = yyo;
  YY_USE (yyoutput);
  if (!yyvaluep)
    return;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}


/*---------------------------.
| Print this symbol on YYO.  |
`---------------------------*/

static void
yy_symbol_print (FILE *yyo,
                 yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep)
{
  YYFPRINTF (yyo, "%s %s (",
             yykind < YYNTOKENS ? "token" : "nterm", yysymbol_name (yykind));

  yy_symbol_value_print (yyo, yykind, yyvaluep);
  YYFPRINTF (yyo, ")");
}

/*------------------------------------------------------------------.
| yy_stack_print -- Print the state stack from its BOTTOM up to its |
| TOP (included).                                                   |
`------------------------------------------------------------------*/

static void
yy_stack_print (yy_state_t *yybottom, yy_state_t *yytop)
{
  YYFPRINTF (stderr, "Stack now");
  for (; yybottom <= yytop; yybottom++)
    {
      int yybot = *yybottom;
      YYFPRINTF (stderr, " %d", yybot);
    }
  YYFPRINTF (stderr, "\n");
}

# define YY_STACK_PRINT(Bottom, Top)                            \
do {                                                            \
  if (yydebug)                                                  \
    yy_stack_print ((Bottom), (Top));                           \
} while (0)


/*------------------------------------------------.
| Report that the YYRULE is going to be reduced.  |
`------------------------------------------------*/

static void
yy_reduce_print (yy_state_t *yyssp, YYSTYPE *yyvsp,
                 int yyrule)
{
  int yylno = yyrline[yyrule];
  int yynrhs = yyr2[yyrule];
  int yyi;
  YYFPRINTF (stderr, "Reducing stack by rule %d (line %d):\n",
             yyrule - 1, yylno);
  /* The symbols being reduced.  */
  for (yyi = 0; yyi < yynrhs; yyi++)
    {
      YYFPRINTF (stderr, "   $%d = ", yyi + 1);
      yy_symbol_print (stderr,
                       YY_ACCESSING_SYMBOL (+yyssp[yyi + 1 - yynrhs]),
                       &yyvsp[(yyi + 1) - (yynrhs)]);
      YYFPRINTF (stderr, "\n");
    }
}

# define YY_REDUCE_PRINT(Rule)          \
do {                                    \
  if (yydebug)                          \
    yy_reduce_print (yyssp, yyvsp, Rule); \
} while (0)

/* Nonzero means print parse trace.  It is left uninitialized so that
   multiple parsers can coexist.  */
int yydebug;
#else /* !YYDEBUG */
# define YYDPRINTF(Args) ((void) 0)
# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)
# define YY_STACK_PRINT(Bottom, Top)
# define YY_REDUCE_PRINT(Rule)
#endif /* !YYDEBUG */


/* YYINITDEPTH -- initial size of the parser's stacks.  */
#ifndef YYINITDEPTH
# define YYINITDEPTH 200
#endif

/* YYMAXDEPTH -- maximum size the stacks can grow to (effective only
   if the built-in stack extension method is used).

   Do not make this value too large; the results are undefined if
   YYSTACK_ALLOC_MAXIMUM < YYSTACK_BYTES (YYMAXDEPTH)
   evaluated with infinite-precision integer arithmetic.  */

#ifndef YYMAXDEPTH
# define YYMAXDEPTH 10000
#endif






/*-----------------------------------------------.
| Release the memory associated to this symbol.  |
`-----------------------------------------------*/

static void
yydestruct (const char *yymsg,
            yysymbol_kind_t yykind, YYSTYPE *yyvaluep)
{
  YY_USE (yyvaluep);
  if (!yymsg)
    yymsg = "Deleting";
  YY_SYMBOL_PRINT (yymsg, yykind, yyvaluep, yylocationp);

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}


/* Lookahead token kind.  */
int yychar;

/* The semantic value of the lookahead symbol.  */
YYSTYPE yylval;
/* Number of syntax errors so far.  */
int yynerrs;




/*----------.
| yyparse.  |
`----------*/

int
yyparse (void)
{
    yy_state_fast_t yystate = 0;
    /* Number of tokens to shift before error messages enabled.  */
    int yyerrstatus = 0;

    /* Refer to the stacks through separate pointers, to allow yyoverflow
       to reallocate them elsewhere.  */

    /* Their size.  */
    YYPTRDIFF_T yystacksize = YYINITDEPTH;

    /* The state stack: array, bottom, top.  */
    yy_state_t yyssa[YYINITDEPTH];
    yy_state_t *yyss = yyssa;
    yy_state_t *yyssp = yyss;

    /* The semantic value stack: array, bottom, top.  */
    YYSTYPE yyvsa[YYINITDEPTH];
    YYSTYPE *yyvs = yyvsa;
    YYSTYPE *yyvsp = yyvs;

  int yyn;
  /* The return value of yyparse.  */
  int yyresult;
  /* Lookahead symbol kind.  */
  yysymbol_kind_t yytoken = YYSYMBOL_YYEMPTY;
  /* The variables used to return semantic value and location from the
     action routines.  */
  YYSTYPE yyval;



#define YYPOPSTACK(N)   (yyvsp -= (N), yyssp -= (N))

  /* The number of symbols on the RHS of the reduced rule.
     Keep to zero when no symbol should be popped.  */
  int yylen = 0;

  YYDPRINTF ((stderr, "Starting parse\n"));

  yychar = YYEMPTY; /* Cause a token to be read.  */

  goto yysetstate;


/*------------------------------------------------------------.
| yynewstate -- push a new state, which is found in yystate.  |
`------------------------------------------------------------*/
yynewstate:
  /* In all cases, when you get here, the value and location stacks
     have just been pushed.  So pushing a state here evens the stacks.  */
  yyssp++;


/*--------------------------------------------------------------------.
| yysetstate -- set current state (the top of the stack) to yystate.  |
`--------------------------------------------------------------------*/
yysetstate:
  YYDPRINTF ((stderr, "Entering state %d\n", yystate));
  YY_ASSERT (0 <= yystate && yystate < YYNSTATES);
  YY_IGNORE_USELESS_CAST_BEGIN
  *yyssp = YY_CAST (yy_state_t, yystate);
  YY_IGNORE_USELESS_CAST_END
  YY_STACK_PRINT (yyss, yyssp);

  if (yyss + yystacksize - 1 <= yyssp)
#if !defined yyoverflow && !defined YYSTACK_RELOCATE
    YYNOMEM;
#else
    {
      /* Get the current used size of the three stacks, in elements.  */
      YYPTRDIFF_T yysize = yyssp - yyss + 1;

# if defined yyoverflow
      {
        /* Give user a chance to reallocate the stack.  Use copies of
           these so that the &'s don't force the real ones into
           memory.  */
        yy_state_t *yyss1 = yyss;
        YYSTYPE *yyvs1 = yyvs;

        /* Each stack pointer address is followed by the size of the
           data in use in that stack, in bytes.  This used to be a
           conditional around just the two extra args, but that might
           be undefined if yyoverflow is a macro.  */
        yyoverflow (YY_("memory exhausted"),
                    &yyss1, yysize * YYSIZEOF (*yyssp),
                    &yyvs1, yysize * YYSIZEOF (*yyvsp),
                    &yystacksize);
        yyss = yyss1;
        yyvs = yyvs1;
      }
# else /* defined YYSTACK_RELOCATE */
      /* Extend the stack our own way.  */
      if (YYMAXDEPTH <= yystacksize)
        YYNOMEM;
      yystacksize *= 2;
      if (YYMAXDEPTH < yystacksize)
        yystacksize = YYMAXDEPTH;

      {
        yy_state_t *yyss1 = yyss;
        union yyalloc *yyptr =
          YY_CAST (union yyalloc *,
                   YYSTACK_ALLOC (YY_CAST (YYSIZE_T, YYSTACK_BYTES (yystacksize))));
        if (! yyptr)
          YYNOMEM;
        YYSTACK_RELOCATE (yyss_alloc, yyss);
        YYSTACK_RELOCATE (yyvs_alloc, yyvs);
#  undef YYSTACK_RELOCATE
        if (yyss1 != yyssa)
          YYSTACK_FREE (yyss1);
      }
# endif

      yyssp = yyss + yysize - 1;
      yyvsp = yyvs + yysize - 1;

      YY_IGNORE_USELESS_CAST_BEGIN
      YYDPRINTF ((stderr, "Stack size increased to %ld\n",
                  YY_CAST (long, yystacksize)));
      YY_IGNORE_USELESS_CAST_END

      if (yyss + yystacksize - 1 <= yyssp)
        YYABORT;
    }
#endif /* !defined yyoverflow && !defined YYSTACK_RELOCATE */


  if (yystate == YYFINAL)
    YYACCEPT;

  goto yybackup;


/*-----------.
| yybackup.  |
`-----------*/
yybackup:
  /* Do appropriate processing given the current state.  Read a
     lookahead token if we need one and don't already have one.  */

  /* First try to decide what to do without reference to lookahead token.  */
  yyn = yypact[yystate];
  if (yypact_value_is_default (yyn))
    goto yydefault;

  /* Not known => get a lookahead token if don't already have one.  */

  /* YYCHAR is either empty, or end-of-input, or a valid lookahead.  */
  if (yychar == YYEMPTY)
    {
      YYDPRINTF ((stderr, "Reading a token\n"));
      yychar = yylex ();
    }

  if (yychar <= YYEOF)
    {
      yychar = YYEOF;
      yytoken = YYSYMBOL_YYEOF;
      YYDPRINTF ((stderr, "Now at end of input.\n"));
    }
  else if (yychar == YYerror)
    {
      /* The scanner already issued an error message, process directly
         to error recovery.  But do not keep the error token as
         lookahead, it is too special and may lead us to an endless
         loop in error recovery. */
      yychar = YYUNDEF;
      yytoken = YYSYMBOL_YYerror;
      goto yyerrlab1;
    }
  else
    {
      yytoken = YYTRANSLATE (yychar);
      YY_SYMBOL_PRINT ("Next token is", yytoken, &yylval, &yylloc);
    }

  /* If the proper action on seeing token YYTOKEN is to reduce or to
     detect an error, take that action.  */
  yyn += yytoken;
  if (yyn < 0 || YYLAST < yyn || yycheck[yyn] != yytoken)
    goto yydefault;
  yyn = yytable[yyn];
  if (yyn <= 0)
    {
      if (yytable_value_is_error (yyn))
        goto yyerrlab;
      yyn = -yyn;
      goto yyreduce;
    }

  /* Count tokens shifted since error; after three, turn off error
     status.  */
  if (yyerrstatus)
    yyerrstatus--;

  /* Shift the lookahead token.  */
  YY_SYMBOL_PRINT ("Shifting", yytoken, &yylval, &yylloc);
  yystate = yyn;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END

  /* Discard the shifted token.  */
  yychar = YYEMPTY;
  goto yynewstate;


/*-----------------------------------------------------------.
| yydefault -- do the default action for the current state.  |
`-----------------------------------------------------------*/
yydefault:
  yyn = yydefact[yystate];
  if (yyn == 0)
    goto yyerrlab;
  goto yyreduce;


/*-----------------------------.
| yyreduce -- do a reduction.  |
`-----------------------------*/
yyreduce:
  /* yyn is the number of a rule to reduce with.  */
  yylen = yyr2[yyn];

  /* If YYLEN is nonzero, implement the default value of the action:
     '$$ = $1'.

     Otherwise, the following line sets YYVAL to garbage.
     This behavior is undocumented and Bison
     users should not rely upon it.  Assigning to YYVAL
     unconditionally makes the parser a bit smaller, and it avoids a
     GCC warning that YYVAL may be used uninitialized.  */
  yyval = yyvsp[1-yylen];


  YY_REDUCE_PRINT (yyn);
  switch (yyn)
    {
  case 10: /* include: INCLUDE STRING  */
#line 327 "monitor/parse.y"
                                                { conf_include((yyvsp[0].v.string)); }
#line 1665 "obj-fuzz/monitor/parse.c"
    break;

  case 11: /* varset: STRING '=' STRING  */
#line 330 "monitor/parse.y"
                                                { macro_set((yyvsp[-2].v.string), NULL, (yyvsp[0].v.string)); }
#line 1671 "obj-fuzz/monitor/parse.c"
    break;

  case 12: /* varset: STRING '=' NUMBER  */
#line 331 "monitor/parse.y"
                                                { macro_set((yyvsp[-2].v.string), &(yyvsp[0].v.num), NULL); }
#line 1677 "obj-fuzz/monitor/parse.c"
    break;

  case 13: /* main: SOCKET STRING sockopts  */
#line 334 "monitor/parse.y"
                                                { conf_socket((yyvsp[-1].v.string)); }
#line 1683 "obj-fuzz/monitor/parse.c"
    break;

  case 14: /* main: USER STRING  */
#line 335 "monitor/parse.y"
                                                { conf_user((yyvsp[0].v.string)); }
#line 1689 "obj-fuzz/monitor/parse.c"
    break;

  case 15: /* main: CGROUP ROOT STRING  */
#line 336 "monitor/parse.y"
                                                { conf_cgroup_root((yyvsp[0].v.string)); }
#line 1695 "obj-fuzz/monitor/parse.c"
    break;

  case 16: /* main: CGROUP VERSION STRING  */
#line 337 "monitor/parse.y"
                                                { conf_cgroup_version((yyvsp[0].v.string)); }
#line 1701 "obj-fuzz/monitor/parse.c"
    break;

  case 17: /* main: CGROUP MOUNT STRING  */
#line 338 "monitor/parse.y"
                                                { conf_cgroup_mount((yyvsp[0].v.string)); }
#line 1707 "obj-fuzz/monitor/parse.c"
    break;

  case 18: /* main: LIMIT CLIENTS NUMBER  */
#line 339 "monitor/parse.y"
                                                {
			conf_limit(S_CLIENTS, (yyvsp[0].v.num).val);
		}
#line 1715 "obj-fuzz/monitor/parse.c"
    break;

  case 19: /* main: LIMIT REQUEST size  */
#line 342 "monitor/parse.y"
                                                { conf_limit(S_REQUEST, (yyvsp[0].v.number)); }
#line 1721 "obj-fuzz/monitor/parse.c"
    break;

  case 20: /* main: LIMIT EVENTS NUMBER  */
#line 343 "monitor/parse.y"
                                                {
			conf_limit(S_EVENTS, (yyvsp[0].v.num).val);
		}
#line 1729 "obj-fuzz/monitor/parse.c"
    break;

  case 23: /* sockopt: OWNER STRING  */
#line 352 "monitor/parse.y"
                                                {
			conf_sock_owner((yyvsp[0].v.string), S_OWNER, st.conf->sc_sock_owner,
			    sizeof(st.conf->sc_sock_owner));
		}
#line 1738 "obj-fuzz/monitor/parse.c"
    break;

  case 24: /* sockopt: GROUP STRING  */
#line 356 "monitor/parse.y"
                                                {
			conf_sock_owner((yyvsp[0].v.string), S_GROUP, st.conf->sc_sock_group,
			    sizeof(st.conf->sc_sock_group));
		}
#line 1747 "obj-fuzz/monitor/parse.c"
    break;

  case 25: /* sockopt: MODE NUMBER  */
#line 360 "monitor/parse.y"
                                                { conf_sock_mode(&(yyvsp[0].v.num)); }
#line 1753 "obj-fuzz/monitor/parse.c"
    break;

  case 26: /* $@1: %empty  */
#line 363 "monitor/parse.y"
                                                { profile_begin((yyvsp[0].v.string)); }
#line 1759 "obj-fuzz/monitor/parse.c"
    break;

  case 27: /* seccomp: SECCOMP PROFILE STRING $@1 optnl '{' profbody proflast '}'  */
#line 364 "monitor/parse.y"
                                                    { profile_end(); }
#line 1765 "obj-fuzz/monitor/parse.c"
    break;

  case 34: /* profopt: DEFAULT ALLOW  */
#line 377 "monitor/parse.y"
                                                {
			profile_default(SECCOMP_ACT_ALLOW_DEF);
		}
#line 1773 "obj-fuzz/monitor/parse.c"
    break;

  case 35: /* profopt: DEFAULT KILL  */
#line 380 "monitor/parse.y"
                                                {
			profile_default(SECCOMP_ACT_KILL_DEF);
		}
#line 1781 "obj-fuzz/monitor/parse.c"
    break;

  case 36: /* profopt: DEFAULT ERRNO  */
#line 383 "monitor/parse.y"
                                                {
			profile_default(SECCOMP_ACT_ERRNO_DEF);
		}
#line 1789 "obj-fuzz/monitor/parse.c"
    break;

  case 37: /* $@2: %empty  */
#line 386 "monitor/parse.y"
                                        { list_begin(LIST_ALLOW); }
#line 1795 "obj-fuzz/monitor/parse.c"
    break;

  case 38: /* profopt: ALLOW $@2 list  */
#line 387 "monitor/parse.y"
                                        { list_end(); }
#line 1801 "obj-fuzz/monitor/parse.c"
    break;

  case 39: /* $@3: %empty  */
#line 388 "monitor/parse.y"
                                        { list_begin(LIST_DENY); }
#line 1807 "obj-fuzz/monitor/parse.c"
    break;

  case 40: /* profopt: DENY $@3 list  */
#line 389 "monitor/parse.y"
                                        { list_end(); }
#line 1813 "obj-fuzz/monitor/parse.c"
    break;

  case 41: /* $@4: %empty  */
#line 392 "monitor/parse.y"
                                                { domain_begin((yyvsp[0].v.string)); }
#line 1819 "obj-fuzz/monitor/parse.c"
    break;

  case 42: /* domain: DOMAIN STRING $@4 optnl '{' dombody domlast '}'  */
#line 393 "monitor/parse.y"
                                                  { domain_end(); }
#line 1825 "obj-fuzz/monitor/parse.c"
    break;

  case 49: /* domopt: ROOT STRING  */
#line 406 "monitor/parse.y"
                                                { domain_root((yyvsp[0].v.string)); }
#line 1831 "obj-fuzz/monitor/parse.c"
    break;

  case 50: /* domopt: READONLY yesno  */
#line 407 "monitor/parse.y"
                                                { domain_readonly((yyvsp[0].v.number)); }
#line 1837 "obj-fuzz/monitor/parse.c"
    break;

  case 51: /* domopt: EXEC USER STRING  */
#line 408 "monitor/parse.y"
                                                { domain_user((yyvsp[0].v.string)); }
#line 1843 "obj-fuzz/monitor/parse.c"
    break;

  case 52: /* domopt: EXEC USER NUMBER  */
#line 409 "monitor/parse.y"
                                                {
			yyerror("exec user %lld: expected uid:gid",
			    (long long)(yyvsp[0].v.num).val);
		}
#line 1852 "obj-fuzz/monitor/parse.c"
    break;

  case 53: /* domopt: HOSTNAME STRING  */
#line 413 "monitor/parse.y"
                                                { domain_hostname((yyvsp[0].v.string)); }
#line 1858 "obj-fuzz/monitor/parse.c"
    break;

  case 54: /* $@5: %empty  */
#line 414 "monitor/parse.y"
                                                { list_begin(LIST_NAMESPACES); }
#line 1864 "obj-fuzz/monitor/parse.c"
    break;

  case 55: /* domopt: NAMESPACES $@5 list  */
#line 415 "monitor/parse.y"
                                                { list_end(); }
#line 1870 "obj-fuzz/monitor/parse.c"
    break;

  case 56: /* domopt: PIDS MAX NUMBER  */
#line 416 "monitor/parse.y"
                                                { domain_pids(&(yyvsp[0].v.num)); }
#line 1876 "obj-fuzz/monitor/parse.c"
    break;

  case 57: /* $@6: %empty  */
#line 417 "monitor/parse.y"
                                                { list_begin(LIST_CAPS); }
#line 1882 "obj-fuzz/monitor/parse.c"
    break;

  case 58: /* domopt: CAPABILITIES $@6 list  */
#line 418 "monitor/parse.y"
                                                { list_end(); }
#line 1888 "obj-fuzz/monitor/parse.c"
    break;

  case 59: /* $@7: %empty  */
#line 419 "monitor/parse.y"
                                                { list_begin(LIST_FSTYPES); }
#line 1894 "obj-fuzz/monitor/parse.c"
    break;

  case 60: /* domopt: MOUNT FSTYPE $@7 list  */
#line 420 "monitor/parse.y"
                                                { list_end(); }
#line 1900 "obj-fuzz/monitor/parse.c"
    break;

  case 61: /* $@8: %empty  */
#line 421 "monitor/parse.y"
                                                { list_begin(LIST_SOURCES); }
#line 1906 "obj-fuzz/monitor/parse.c"
    break;

  case 62: /* domopt: MOUNT SOURCE $@8 list  */
#line 422 "monitor/parse.y"
                                                { list_end(); }
#line 1912 "obj-fuzz/monitor/parse.c"
    break;

  case 63: /* domopt: HOOK DIRECTORY STRING  */
#line 423 "monitor/parse.y"
                                                { domain_hookdir((yyvsp[0].v.string)); }
#line 1918 "obj-fuzz/monitor/parse.c"
    break;

  case 64: /* $@9: %empty  */
#line 424 "monitor/parse.y"
                                                { list_begin(LIST_LOGDIRS); }
#line 1924 "obj-fuzz/monitor/parse.c"
    break;

  case 65: /* domopt: LOGS DIRECTORY $@9 list  */
#line 425 "monitor/parse.y"
                                                { list_end(); }
#line 1930 "obj-fuzz/monitor/parse.c"
    break;

  case 66: /* $@10: %empty  */
#line 426 "monitor/parse.y"
                                                { list_begin(LIST_SECCOMP); }
#line 1936 "obj-fuzz/monitor/parse.c"
    break;

  case 67: /* domopt: SECCOMP $@10 list  */
#line 427 "monitor/parse.y"
                                                { list_end(); }
#line 1942 "obj-fuzz/monitor/parse.c"
    break;

  case 68: /* $@11: %empty  */
#line 428 "monitor/parse.y"
                                                { cgp_begin((yyvsp[0].v.string)); }
#line 1948 "obj-fuzz/monitor/parse.c"
    break;

  case 73: /* cgpopt: CPU NUMBER  */
#line 437 "monitor/parse.y"
                                                { cgp_cpu((double)(yyvsp[0].v.num).val); }
#line 1954 "obj-fuzz/monitor/parse.c"
    break;

  case 74: /* cgpopt: CPU STRING  */
#line 438 "monitor/parse.y"
                                                { cgp_cpu_str((yyvsp[0].v.string)); }
#line 1960 "obj-fuzz/monitor/parse.c"
    break;

  case 75: /* cgpopt: MEMORY size  */
#line 439 "monitor/parse.y"
                                                { cgp_memory((yyvsp[0].v.number)); }
#line 1966 "obj-fuzz/monitor/parse.c"
    break;

  case 76: /* yesno: YES  */
#line 442 "monitor/parse.y"
                                                { (yyval.v.number) = 1; }
#line 1972 "obj-fuzz/monitor/parse.c"
    break;

  case 77: /* yesno: NO  */
#line 443 "monitor/parse.y"
                                                { (yyval.v.number) = 0; }
#line 1978 "obj-fuzz/monitor/parse.c"
    break;

  case 78: /* size: NUMBER  */
#line 446 "monitor/parse.y"
                                                { (yyval.v.number) = conf_size_num(&(yyvsp[0].v.num)); }
#line 1984 "obj-fuzz/monitor/parse.c"
    break;

  case 79: /* size: STRING  */
#line 447 "monitor/parse.y"
                                                { (yyval.v.number) = conf_size_str((yyvsp[0].v.string)); }
#line 1990 "obj-fuzz/monitor/parse.c"
    break;

  case 83: /* listitem: listword  */
#line 457 "monitor/parse.y"
                                                { list_add((yyvsp[0].v.kw)); }
#line 1996 "obj-fuzz/monitor/parse.c"
    break;

  case 86: /* listword: STRING  */
#line 465 "monitor/parse.y"
                                                { (yyval.v.kw) = (yyvsp[0].v.string); }
#line 2002 "obj-fuzz/monitor/parse.c"
    break;


#line 2006 "obj-fuzz/monitor/parse.c"

      default: break;
    }
  /* User semantic actions sometimes alter yychar, and that requires
     that yytoken be updated with the new translation.  We take the
     approach of translating immediately before every use of yytoken.
     One alternative is translating here after every semantic action,
     but that translation would be missed if the semantic action invokes
     YYABORT, YYACCEPT, or YYERROR immediately after altering yychar or
     if it invokes YYBACKUP.  In the case of YYABORT or YYACCEPT, an
     incorrect destructor might then be invoked immediately.  In the
     case of YYERROR or YYBACKUP, subsequent parser actions might lead
     to an incorrect destructor call or verbose syntax error message
     before the lookahead is translated.  */
  YY_SYMBOL_PRINT ("-> $$ =", YY_CAST (yysymbol_kind_t, yyr1[yyn]), &yyval, &yyloc);

  YYPOPSTACK (yylen);
  yylen = 0;

  *++yyvsp = yyval;

  /* Now 'shift' the result of the reduction.  Determine what state
     that goes to, based on the state we popped back to and the rule
     number reduced by.  */
  {
    const int yylhs = yyr1[yyn] - YYNTOKENS;
    const int yyi = yypgoto[yylhs] + *yyssp;
    yystate = (0 <= yyi && yyi <= YYLAST && yycheck[yyi] == *yyssp
               ? yytable[yyi]
               : yydefgoto[yylhs]);
  }

  goto yynewstate;


/*--------------------------------------.
| yyerrlab -- here on detecting error.  |
`--------------------------------------*/
yyerrlab:
  /* Make sure we have latest lookahead translation.  See comments at
     user semantic actions for why this is necessary.  */
  yytoken = yychar == YYEMPTY ? YYSYMBOL_YYEMPTY : YYTRANSLATE (yychar);
  /* If not already recovering from an error, report this error.  */
  if (!yyerrstatus)
    {
      ++yynerrs;
      yyerror (YY_("syntax error"));
    }

  if (yyerrstatus == 3)
    {
      /* If just tried and failed to reuse lookahead token after an
         error, discard it.  */

      if (yychar <= YYEOF)
        {
          /* Return failure if at end of input.  */
          if (yychar == YYEOF)
            YYABORT;
        }
      else
        {
          yydestruct ("Error: discarding",
                      yytoken, &yylval);
          yychar = YYEMPTY;
        }
    }

  /* Else will try to reuse lookahead token after shifting the error
     token.  */
  goto yyerrlab1;


/*---------------------------------------------------.
| yyerrorlab -- error raised explicitly by YYERROR.  |
`---------------------------------------------------*/
yyerrorlab:
  /* Pacify compilers when the user code never invokes YYERROR and the
     label yyerrorlab therefore never appears in user code.  */
  if (0)
    YYERROR;
  ++yynerrs;

  /* Do not reclaim the symbols of the rule whose action triggered
     this YYERROR.  */
  YYPOPSTACK (yylen);
  yylen = 0;
  YY_STACK_PRINT (yyss, yyssp);
  yystate = *yyssp;
  goto yyerrlab1;


/*-------------------------------------------------------------.
| yyerrlab1 -- common code for both syntax error and YYERROR.  |
`-------------------------------------------------------------*/
yyerrlab1:
  yyerrstatus = 3;      /* Each real token shifted decrements this.  */

  /* Pop stack until we find a state that shifts the error token.  */
  for (;;)
    {
      yyn = yypact[yystate];
      if (!yypact_value_is_default (yyn))
        {
          yyn += YYSYMBOL_YYerror;
          if (0 <= yyn && yyn <= YYLAST && yycheck[yyn] == YYSYMBOL_YYerror)
            {
              yyn = yytable[yyn];
              if (0 < yyn)
                break;
            }
        }

      /* Pop the current state because it cannot handle the error token.  */
      if (yyssp == yyss)
        YYABORT;


      yydestruct ("Error: popping",
                  YY_ACCESSING_SYMBOL (yystate), yyvsp);
      YYPOPSTACK (1);
      yystate = *yyssp;
      YY_STACK_PRINT (yyss, yyssp);
    }

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END


  /* Shift the error token.  */
  YY_SYMBOL_PRINT ("Shifting", YY_ACCESSING_SYMBOL (yyn), yyvsp, yylsp);

  yystate = yyn;
  goto yynewstate;


/*-------------------------------------.
| yyacceptlab -- YYACCEPT comes here.  |
`-------------------------------------*/
yyacceptlab:
  yyresult = 0;
  goto yyreturnlab;


/*-----------------------------------.
| yyabortlab -- YYABORT comes here.  |
`-----------------------------------*/
yyabortlab:
  yyresult = 1;
  goto yyreturnlab;


/*-----------------------------------------------------------.
| yyexhaustedlab -- YYNOMEM (memory exhaustion) comes here.  |
`-----------------------------------------------------------*/
yyexhaustedlab:
  yyerror (YY_("memory exhausted"));
  yyresult = 2;
  goto yyreturnlab;


/*----------------------------------------------------------.
| yyreturnlab -- parsing is finished, clean up and return.  |
`----------------------------------------------------------*/
yyreturnlab:
  if (yychar != YYEMPTY)
    {
      /* Make sure we have latest lookahead translation.  See comments at
         user semantic actions for why this is necessary.  */
      yytoken = YYTRANSLATE (yychar);
      yydestruct ("Cleanup: discarding lookahead",
                  yytoken, &yylval);
    }
  /* Do not reclaim the symbols of the rule whose action triggered
     this YYABORT or YYACCEPT.  */
  YYPOPSTACK (yylen);
  YY_STACK_PRINT (yyss, yyssp);
  while (yyssp != yyss)
    {
      yydestruct ("Cleanup: popping",
                  YY_ACCESSING_SYMBOL (+*yyssp), yyvsp);
      YYPOPSTACK (1);
    }
#ifndef yyoverflow
  if (yyss != yyssa)
    YYSTACK_FREE (yyss);
#endif

  return yyresult;
}

#line 481 "monitor/parse.y"


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

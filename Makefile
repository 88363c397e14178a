# supd -- privilege-separated process supervisor.
#
#	make		build supd and supctl
#	make run	set up, build, run supd in the foreground (default config)
#	make check	set up, build, run every test (also under ASan+UBSan)
#	make bench	benchmark figures and ratios
#	make install	PREFIX=/usr/local DESTDIR=
#	make clean

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
SBINDIR	 = $(PREFIX)/sbin
MANDIR	 = $(PREFIX)/share/man

CC	?= cc
YACC	 = bison -y
PKGS	 = libevent msgpack libseccomp libcap libbsd-overlay
DEBS	 = gcc make pkg-config bison libevent-dev libmsgpack-dev \
	   libseccomp-dev libcap-dev libbsd-dev python3 python3-msgpack \
	   iproute2 procps

# O is the object directory: obj for the normal build, obj-asan for the
# sanitizer build (make O=obj-asan SAN=1).
O	?= obj
SAN	?=
ifneq ($(SAN),)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPTFLAGS ?= -O2 -g
override CFLAGS += $(OPTFLAGS) -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	   -Wshadow -Wpointer-arith -Wmissing-prototypes -Wstrict-prototypes \
	   -D_GNU_SOURCE $(SANFLAGS) \
	   -Icommon -Iproto -Imonitor -Ifrontend -Iworker -I$(O) $(PKG_CFLAGS)
override LDFLAGS += $(SANFLAGS)
LDLIBS	+= $(PKG_LIBS)

LIB_SRCS = $(wildcard common/*.c proto/*.c frontend/*.c worker/*.c) \
	   $(filter-out monitor/supd.c,$(wildcard monitor/*.c))
LIB_OBJS = $(LIB_SRCS:%.c=$(O)/%.o) $(O)/monitor/parse.o
SUPD_OBJS = $(O)/monitor/supd.o
CTL_OBJS = $(patsubst %.c,$(O)/%.o,$(wildcard ctl/*.c))
UNIT_SRCS = $(wildcard regress/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:regress/unit/%.c=$(O)/regress/%)
FUZZ_SRCS = $(wildcard regress/fuzz/fuzz_*.c)
BENCH_SRCS = $(wildcard regress/bench/*.c)

all: deps-check $(O)/supd $(O)/supctl supd supctl

supd: $(O)/supd
	@[ "$(O)" = obj ] && cp -f $(O)/supd supd || true
supctl: $(O)/supctl
	@[ "$(O)" = obj ] && cp -f $(O)/supctl supctl || true

$(O)/libsupd.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(O)/supd: $(SUPD_OBJS) $(O)/libsupd.a
	$(CC) $(LDFLAGS) -o $@ $(SUPD_OBJS) $(O)/libsupd.a $(LDLIBS)

$(O)/supctl: $(CTL_OBJS) $(O)/libsupd.a
	$(CC) $(LDFLAGS) -o $@ $(CTL_OBJS) $(O)/libsupd.a $(LDLIBS)

$(O)/monitor/parse.c: monitor/parse.y
	@mkdir -p $(dir $@)
	$(YACC) -o $@ monitor/parse.y

$(O)/monitor/parse.o: $(O)/monitor/parse.c
	$(CC) $(CFLAGS) -Wno-unused-but-set-variable -c -o $@ $<

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(O)/regress/%: regress/unit/%.c $(O)/libsupd.a regress/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iregress/unit $(LDFLAGS) -o $@ $< $(O)/libsupd.a \
	    $(LDLIBS)

# The fuzz target, standalone (no libFuzzer): a fixed number of
# deterministic mutations over its seeds, run by make check.
$(O)/regress/fuzz_proto: regress/fuzz/fuzz_proto.c $(O)/libsupd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DFUZZ_STANDALONE $(LDFLAGS) -o $@ $< $(O)/libsupd.a \
	    $(LDLIBS)

# libFuzzer with clang: make fuzz (runs until stopped; FUZZ_TIME=seconds)
fuzz: deps
	$(MAKE) O=obj-fuzz CC=clang OPTFLAGS="-g -O1" \
	    SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
	    obj-fuzz/libsupd.a
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
	    -D_GNU_SOURCE -Icommon -Iproto $(PKG_CFLAGS) \
	    regress/fuzz/fuzz_proto.c obj-fuzz/libsupd.a -o obj-fuzz/fuzz_proto \
	    $(LDLIBS)
	mkdir -p obj-fuzz/corpus && cp regress/fuzz/corpus/* obj-fuzz/corpus/
	obj-fuzz/fuzz_proto -max_total_time=$${FUZZ_TIME:-60} obj-fuzz/corpus

units: $(UNIT_BINS) $(O)/regress/fuzz_proto

# Set-up: the Debian packages the build and the tests need.
deps:
	@sh regress/deps.sh $(DEBS)

deps-check:
	@sh regress/deps.sh -c $(DEBS)

run: deps all
	./supd -d -v

check: deps
	$(MAKE) all units
	$(MAKE) O=obj-asan SAN=1 obj-asan/supd obj-asan/supctl \
	    units
	sh regress/run.sh

$(O)/regress/bench: regress/bench/bench.c $(O)/libsupd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libsupd.a $(LDLIBS)

bench: deps all $(O)/regress/bench
	sh regress/bench/run.sh

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	install -m 0755 supd $(DESTDIR)$(SBINDIR)/supd
	install -m 0755 supctl $(DESTDIR)$(BINDIR)/supctl
	install -d $(DESTDIR)$(MANDIR)/man8
	install -m 0644 supd.8 supctl.8 $(DESTDIR)$(MANDIR)/man8/
	@# The frontend's own user: nobody is shared with other daemons.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ] && \
	    ! getent passwd _supd >/dev/null; then \
		useradd --system --no-create-home --home-dir /var/empty \
		    --shell /usr/sbin/nologin _supd && \
		    echo "install: created user _supd"; \
	fi

clean:
	rm -rf obj obj-asan obj-fuzz supd supctl

.PHONY: all deps deps-check run check bench fuzz install clean units supd supctl

-include $(shell find $(O) -name '*.d' 2>/dev/null)

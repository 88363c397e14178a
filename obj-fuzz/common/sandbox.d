obj-fuzz/common/sandbox.o: common/sandbox.c common/log.h monitor/config.h \
  proto/proto.h common/sandbox.h

common/log.h:

monitor/config.h:

proto/proto.h:

common/sandbox.h:

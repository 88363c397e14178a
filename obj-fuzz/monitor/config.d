obj-fuzz/monitor/config.o: monitor/config.c monitor/config.h \
  proto/proto.h

monitor/config.h:

proto/proto.h:

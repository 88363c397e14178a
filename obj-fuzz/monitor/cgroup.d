obj-fuzz/monitor/cgroup.o: monitor/cgroup.c common/log.h monitor/cgroup.h \
  proto/proto.h monitor/config.h

common/log.h:

monitor/cgroup.h:

proto/proto.h:

monitor/config.h:

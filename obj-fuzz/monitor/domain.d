obj-fuzz/monitor/domain.o: monitor/domain.c monitor/cgroup.h \
  proto/proto.h monitor/config.h common/imsgev.h common/imsg.h \
  common/log.h monitor/monitor.h proto/supd_imsg.h worker/worker.h

monitor/cgroup.h:

proto/proto.h:

monitor/config.h:

common/imsgev.h:

common/imsg.h:

common/log.h:

monitor/monitor.h:

proto/supd_imsg.h:

worker/worker.h:

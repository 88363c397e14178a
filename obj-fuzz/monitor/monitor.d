obj-fuzz/monitor/monitor.o: monitor/monitor.c monitor/cgroup.h \
  proto/proto.h monitor/config.h frontend/frontend.h common/imsgev.h \
  common/imsg.h common/log.h monitor/monitor.h proto/supd_imsg.h \
  common/priv.h

monitor/cgroup.h:

proto/proto.h:

monitor/config.h:

frontend/frontend.h:

common/imsgev.h:

common/imsg.h:

common/log.h:

monitor/monitor.h:

proto/supd_imsg.h:

common/priv.h:

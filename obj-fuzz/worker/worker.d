obj-fuzz/worker/worker.o: worker/worker.c monitor/cgroup.h proto/proto.h \
  monitor/config.h common/imsgev.h common/imsg.h common/log.h \
  worker/mount.h common/sandbox.h proto/supd_imsg.h worker/worker.h

monitor/cgroup.h:

proto/proto.h:

monitor/config.h:

common/imsgev.h:

common/imsg.h:

common/log.h:

worker/mount.h:

common/sandbox.h:

proto/supd_imsg.h:

worker/worker.h:

obj-fuzz/frontend/frontend.o: frontend/frontend.c monitor/config.h \
  proto/proto.h frontend/frontend.h common/imsgev.h common/imsg.h \
  common/log.h common/priv.h common/sandbox.h proto/supd_imsg.h

monitor/config.h:

proto/proto.h:

frontend/frontend.h:

common/imsgev.h:

common/imsg.h:

common/log.h:

common/priv.h:

common/sandbox.h:

proto/supd_imsg.h:

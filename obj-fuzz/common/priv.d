obj-fuzz/common/priv.o: common/priv.c common/log.h common/priv.h

common/log.h:

common/priv.h:

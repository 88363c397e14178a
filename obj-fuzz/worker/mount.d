obj-fuzz/worker/mount.o: worker/mount.c common/log.h worker/mount.h

common/log.h:

worker/mount.h:

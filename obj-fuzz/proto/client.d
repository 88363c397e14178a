obj-fuzz/proto/client.o: proto/client.c proto/proto.h proto/client.h

proto/proto.h:

proto/client.h:

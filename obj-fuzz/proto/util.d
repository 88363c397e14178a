obj-fuzz/proto/util.o: proto/util.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

obj-fuzz/proto/encode.o: proto/encode.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

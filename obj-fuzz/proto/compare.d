obj-fuzz/proto/compare.o: proto/compare.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

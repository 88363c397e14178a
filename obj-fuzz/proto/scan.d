obj-fuzz/proto/scan.o: proto/scan.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

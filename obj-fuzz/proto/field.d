obj-fuzz/proto/field.o: proto/field.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

obj-fuzz/proto/decode.o: proto/decode.c proto/proto.h proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

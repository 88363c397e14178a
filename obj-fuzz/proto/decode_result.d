obj-fuzz/proto/decode_result.o: proto/decode_result.c proto/proto.h \
  proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

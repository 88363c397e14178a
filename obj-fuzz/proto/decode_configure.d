obj-fuzz/proto/decode_configure.o: proto/decode_configure.c proto/proto.h \
  proto/proto_int.h

proto/proto.h:

proto/proto_int.h:

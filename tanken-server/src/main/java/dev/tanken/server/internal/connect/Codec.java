package dev.tanken.server.internal.connect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The two encodings of unary Connect messages: protobuf's JSON mapping and its binary form. */
public enum Codec {
    JSON("application/json"),
    PROTO("application/proto");

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String mediaType;

    Codec(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The codec a Content-Type names; empty for anything else (answered 415). */
    public static Optional<Codec> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=") && !param.equals("charset=utf-8") && !param.equals("charset=\"utf-8\"")) {
                return Optional.empty();
            }
        }
        return switch (type) {
            case "application/json" -> Optional.of(JSON);
            case "application/proto" -> Optional.of(PROTO);
            default -> Optional.empty();
        };
    }

    public Message parse(Message prototype, byte[] body) {
        try {
            if (this == PROTO) {
                return prototype.getParserForType().parseFrom(body);
            }
            Message.Builder builder = prototype.newBuilderForType();
            String text = new String(body, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                StrictJson.check(text, prototype.getDescriptorForType());
                PARSER.merge(text, builder);
            }
            return builder.build();
        } catch (ConnectError e) {
            throw e;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat throws a few unchecked exceptions too (deep nesting, bad numbers).
            throw ConnectError.invalidArgument("the request is not a valid " + prototype.getDescriptorForType()
                    .getFullName() + " in " + mediaType + (this == JSON ? ": " + reason(e) : ""));
        }
    }

    /** The parser's complaint without the Java exception names it quotes. */
    private static String reason(Exception e) {
        String m = e.getMessage() == null ? "malformed" : e.getMessage();
        return Errors.clip(m.replaceAll("([a-z]+\\.)+[A-Za-z]*(Exception|Error): ", ""));
    }

    public byte[] write(Message message) {
        if (this == PROTO) {
            return message.toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}

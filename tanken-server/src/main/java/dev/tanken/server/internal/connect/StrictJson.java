package dev.tanken.server.internal.connect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;

/**
 * Checks a JSON request against RFC 8259 and the kinds protobuf's JSON mapping gives each field,
 * before {@code JsonFormat} reads it. {@code JsonFormat} parses leniently: it reads the first value
 * and ignores whatever follows, takes comments, single quotes and bare words, lets a repeated key
 * win over the first, and turns numbers into strings, so a malformed body became some other request.
 * Unknown fields and enum names are refused too, as protobuf's JSON mapping advises: ignored, a
 * misspelt one left its default in force.
 */
final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** Throws a {@link ConnectError} naming the first problem; returns for a body JsonFormat may read. */
    static void check(String text, Descriptor type) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return;
            }
            if (first != JsonToken.START_OBJECT) {
                throw refuse(type, "the message must be a JSON object");
            }
            message(p, type, type);
            if (p.nextToken() != null) {
                throw refuse(type, "more follows the message's closing brace at line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw refuse(type, "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + Errors.clip(reason(e.getOriginalMessage())));
        } catch (IOException e) {
            throw refuse(type, "malformed JSON");
        }
    }

    /** The parser's complaint without its asides about its own settings and source. */
    private static String reason(String message) {
        if (message == null) {
            return "malformed";
        }
        return message.lines().findFirst().orElse("malformed")
                .replaceAll(" \\(start marker at .*$", "")
                .replaceAll(" \\(not recognized as one since Feature '\\w+' not enabled for parser\\)", "")
                .replaceAll("[:;,]? *enable `[\\w.]+` to allow.*$", "");
    }

    /** The fields of one object, the parser on its START_OBJECT; leaves it on the END_OBJECT. */
    private static void message(JsonParser p, Descriptor type, Descriptor request) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            FieldDescriptor field = field(type, name);
            JsonToken value = p.nextToken();
            if (field == null) {
                // Ignored, a misspelt field would leave its default in force: precison, HIDDEN meant exact.
                throw refuse(request, type.getName() + " has no field '" + Errors.clip(name) + "'; its fields are "
                        + String.join(", ", type.getFields().stream().map(FieldDescriptor::getJsonName).toList()));
            } else if (field.isMapField()) {
                if (value == JsonToken.START_OBJECT) {
                    FieldDescriptor mapValue = field.getMessageType().findFieldByName("value");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        single(p, p.nextToken(), mapValue, name, request);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    throw wrongKind(request, name, "an object");
                }
            } else if (field.isRepeated()) {
                if (value == JsonToken.START_ARRAY) {
                    JsonToken element;
                    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                        single(p, element, field, name, request);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    throw wrongKind(request, name, "an array");
                }
            } else {
                single(p, value, field, name, request);
            }
        }
    }

    /** One value of a field (an element, for repeated ones), the parser on its first token. */
    private static void single(JsonParser p, JsonToken value, FieldDescriptor field, String name, Descriptor request)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        switch (field.getJavaType()) {
            case MESSAGE -> {
                Descriptor type = field.getMessageType();
                if (type.getFile().getPackage().equals("google.protobuf")) {
                    // Well-known types have JSON forms of their own (a Value is any JSON); JsonFormat checks them.
                    p.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    message(p, type, request);
                } else {
                    throw wrongKind(request, name, "an object");
                }
            }
            case STRING, BYTE_STRING -> {
                if (value != JsonToken.VALUE_STRING) {
                    throw wrongKind(request, name, "a string");
                }
            }
            case BOOLEAN -> {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    throw wrongKind(request, name, "true or false");
                }
            }
            case ENUM -> {
                if (value == JsonToken.VALUE_STRING) {
                    // JsonFormat would take an unknown name as the zero value: a misspelt HIDDEN, unspecified.
                    String given = p.getText();
                    if (field.getEnumType().findValueByName(given) == null) {
                        throw refuse(request, "field '" + Errors.clip(name) + "' has no value '" + Errors.clip(given)
                                + "'; it takes " + names(field.getEnumType()));
                    }
                } else if (value != JsonToken.VALUE_NUMBER_INT) {
                    throw wrongKind(request, name, "an enum value's name");
                }
            }
            default -> {
                // Numbers may be quoted; "NaN" and "Infinity" travel only so.
                if (!value.isNumeric() && value != JsonToken.VALUE_STRING) {
                    throw wrongKind(request, name, "a number");
                }
            }
        }
    }

    private static String names(com.google.protobuf.Descriptors.EnumDescriptor type) {
        return String.join(", ", type.getValues().stream().map(v -> v.getName()).toList());
    }

    /** A field by its JSON name or its .proto name, as the mapping accepts both. */
    private static FieldDescriptor field(Descriptor type, String name) {
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(name) || f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static ConnectError wrongKind(Descriptor request, String field, String expected) {
        return refuse(request, "field '" + Errors.clip(field) + "' must be " + expected);
    }

    private static ConnectError refuse(Descriptor request, String problem) {
        return ConnectError.invalidArgument("the request is not a valid " + request.getFullName()
                + " in application/json: " + problem);
    }
}

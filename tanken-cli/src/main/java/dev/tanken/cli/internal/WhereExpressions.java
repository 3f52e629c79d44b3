package dev.tanken.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.activity.PayloadCondition.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code tanken activity --where} expressions into payload conditions:
 *
 * <pre>
 *   a.b=v        EQ      a.b!=v     NE      a.b>v   GT      a.b&lt;v   LT
 *   a.b?         EXISTS  a.b=in:v1,v2,...   or   a.b=in:[v1, v2]      IN
 * </pre>
 *
 * The path is member names separated by dots; a backslash makes the next character literal, so
 * {@code a\.b} is the one member "a.b" and {@code x\=y} the member "x=y". A value is read as JSON
 * when it parses as JSON ({@code 42}, {@code true}, {@code null}, {@code "42"}), otherwise it is the
 * string as written ({@code android}).
 */
public final class WhereExpressions {
    private WhereExpressions() {
    }

    public static PayloadCondition parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidInputException("--where needs an expression such as client.app=android");
        }
        List<String> path = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        int i = 0;
        for (; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\\') {
                if (i + 1 == expression.length()) {
                    throw bad(expression, "it ends with a lone backslash");
                }
                segment.append(expression.charAt(++i));
            } else if (c == '.') {
                path.add(segment(segment, expression));
            } else if (c == '=' || c == '>' || c == '<' || c == '?' || (c == '!' && next(expression, i) == '=')) {
                break;
            } else {
                segment.append(c);
            }
        }
        if (i == expression.length()) {
            throw bad(expression, "it has no operator (=, !=, >, <, ?)");
        }
        path.add(segment(segment, expression));
        char op = expression.charAt(i);
        String rest;
        Operation operation;
        switch (op) {
            case '?' -> {
                if (i + 1 != expression.length()) {
                    throw bad(expression, "nothing may follow '?'");
                }
                return PayloadCondition.exists(path);
            }
            case '!' -> {
                operation = Operation.NE;
                rest = expression.substring(i + 2);
            }
            case '>' -> {
                operation = Operation.GT;
                rest = expression.substring(i + 1);
            }
            case '<' -> {
                operation = Operation.LT;
                rest = expression.substring(i + 1);
            }
            default -> {
                operation = Operation.EQ;
                rest = expression.substring(i + 1);
            }
        }
        if (operation == Operation.EQ && rest.startsWith("in:")) {
            return PayloadCondition.in(path, list(rest.substring(3), expression));
        }
        if (rest.isEmpty()) {
            throw bad(expression, "it has no value after the operator");
        }
        if ((operation == Operation.GT || operation == Operation.LT) && rest.startsWith("=")) {
            throw bad(expression, ">= and <= are not supported; use > or < with the next value");
        }
        return new PayloadCondition(operation, path, value(rest));
    }

    private static ArrayNode list(String text, String expression) {
        if (text.strip().startsWith("[")) {
            JsonNode array = PayloadCondition.json(text);
            if (!array.isArray()) {
                throw bad(expression, "in: takes a JSON array or comma-separated values");
            }
            return (ArrayNode) array;
        }
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw bad(expression, "in: has an empty value");
            }
            values.add(value(item));
        }
        return values;
    }

    /** JSON if it parses as JSON, else the text itself as a string. */
    static JsonNode value(String text) {
        try {
            return PayloadCondition.json(text);
        } catch (InvalidInputException notJson) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : 0;
    }

    private static String segment(StringBuilder segment, String expression) {
        if (segment.isEmpty()) {
            throw bad(expression, "its path has an empty member name");
        }
        String s = segment.toString();
        segment.setLength(0);
        return s;
    }

    private static InvalidInputException bad(String expression, String why) {
        return new InvalidInputException("cannot read --where '" + expression + "': " + why
                + " (forms: a.b=v, a.b!=v, a.b>v, a.b<v, a.b?, a.b=in:v1,v2)");
    }
}

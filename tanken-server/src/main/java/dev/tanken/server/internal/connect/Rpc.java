package dev.tanken.server.internal.connect;

import com.google.protobuf.Message;
import java.util.Objects;
import java.util.function.Function;

/**
 * One unary method: its path ({@code /tanken.v1.PostsService/AddLike}), the request type (through
 * its default instance, which parses) and the code that answers it.
 *
 * @param sideEffectFree declared {@code NO_SIDE_EFFECTS} in the .proto: may also be called with GET
 * @param json writes the response's JSON faster than {@code JsonFormat}, with the same meaning; null
 *     for {@code JsonFormat}
 * @param forApps called by applications with their API key, not by users: the caller is an
 *     {@link Caller#app()} or the call is refused
 * @param appKeysToo called by users and by applications: a bearer credential that is an application
 *     key ({@code tka_...}) makes the caller that application, anything else is a user's
 */
public record Rpc<Q extends Message, A extends Message>(String service, String method, Q requestPrototype,
        boolean sideEffectFree, Body<Q, A> body, Function<A, byte[]> json, boolean forApps,
        boolean appKeysToo) {

    /** The work of a method: a request from a caller in, a response out; failures are thrown. */
    @FunctionalInterface
    public interface Body<Q, A> {
        A call(Caller caller, Q request);
    }

    public Rpc {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestPrototype, "request prototype");
        Objects.requireNonNull(body, "body");
    }

    public String path() {
        return "/" + service + "/" + method;
    }

    @SuppressWarnings("unchecked")
    Message invoke(Caller caller, Message request) {
        return body.call(caller, (Q) request);
    }

    @SuppressWarnings("unchecked")
    byte[] write(Codec codec, Message response) {
        return codec == Codec.JSON && json != null ? json.apply((A) response) : codec.write(response);
    }
}

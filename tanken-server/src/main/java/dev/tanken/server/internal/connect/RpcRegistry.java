package dev.tanken.server.internal.connect;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The methods a server answers, by path; checked against the services' descriptors. */
public final class RpcRegistry {
    private final Map<String, Rpc<?, ?>> byPath = new HashMap<>();

    public <Q extends Message, A extends Message> RpcRegistry add(ServiceDescriptor service, String method,
            Q prototype, Rpc.Body<Q, A> body) {
        return add(service, method, prototype, body, null);
    }

    /** @param json a faster writer of the response's JSON (see {@link Rpc#json()}) */
    public <Q extends Message, A extends Message> RpcRegistry add(ServiceDescriptor service, String method,
            Q prototype, Rpc.Body<Q, A> body, Function<A, byte[]> json) {
        return add(service, method, prototype, body, json, false, false);
    }

    /** A method that users call with their credentials and applications with their API key. */
    public <Q extends Message, A extends Message> RpcRegistry addForUsersAndApps(ServiceDescriptor service,
            String method, Q prototype, Rpc.Body<Q, A> body) {
        return add(service, method, prototype, body, null, false, true);
    }

    /** As above, with a writer of the response's JSON (see {@link Rpc#json()}). */
    public <Q extends Message, A extends Message> RpcRegistry addForUsersAndApps(ServiceDescriptor service,
            String method, Q prototype, Rpc.Body<Q, A> body, Function<A, byte[]> json) {
        return add(service, method, prototype, body, json, false, true);
    }

    /** A method that applications call with their API key (see {@link Rpc#forApps()}). */
    public <Q extends Message, A extends Message> RpcRegistry addForApps(ServiceDescriptor service, String method,
            Q prototype, Rpc.Body<Q, A> body) {
        return add(service, method, prototype, body, null, true, false);
    }

    private <Q extends Message, A extends Message> RpcRegistry add(ServiceDescriptor service, String method,
            Q prototype, Rpc.Body<Q, A> body, Function<A, byte[]> json, boolean forApps, boolean appKeysToo) {
        MethodDescriptor descriptor = service.findMethodByName(method);
        if (descriptor == null) {
            throw new IllegalArgumentException(service.getFullName() + " has no method " + method);
        }
        if (!descriptor.getInputType().equals(prototype.getDescriptorForType())) {
            throw new IllegalArgumentException(method + " takes " + descriptor.getInputType().getFullName());
        }
        boolean sideEffectFree = descriptor.getOptions().getIdempotencyLevel()
                == com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel.NO_SIDE_EFFECTS;
        Rpc<Q, A> rpc = new Rpc<>(service.getFullName(), method, prototype, sideEffectFree, body, json, forApps, appKeysToo);
        if (byPath.putIfAbsent(rpc.path(), rpc) != null) {
            throw new IllegalArgumentException(rpc.path() + " is registered twice");
        }
        return this;
    }

    /** Fails when a method of these services has no body: a proto change must come with its code. */
    public void requireComplete(List<ServiceDescriptor> services) {
        for (ServiceDescriptor s : services) {
            for (MethodDescriptor m : s.getMethods()) {
                if (!byPath.containsKey("/" + s.getFullName() + "/" + m.getName())) {
                    throw new IllegalStateException(s.getFullName() + "/" + m.getName() + " has no implementation");
                }
            }
        }
    }

    public Optional<Rpc<?, ?>> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public int size() {
        return byPath.size();
    }
}

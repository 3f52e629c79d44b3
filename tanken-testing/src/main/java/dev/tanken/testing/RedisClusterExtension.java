package dev.tanken.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(RedisClusterExtension.class)}: starts the shared {@link RedisTestCluster} before
 * the first class that needs it and stops it when the whole test plan is done (the root context's
 * store closes its resources then).
 */
public final class RedisClusterExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NS).computeIfAbsent("cluster", k -> {
            RedisTestCluster.shared();
            return (AutoCloseable) RedisTestCluster::stopShared;
        }, AutoCloseable.class);
    }
}

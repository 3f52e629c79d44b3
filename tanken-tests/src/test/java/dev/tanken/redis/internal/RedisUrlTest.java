package dev.tanken.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void oneServerWithDatabasePasswordAndPrefix() {
        RedisUrl u = RedisUrl.parse("redis://app:s%40cret@cache.local:6380/2?prefix=tenant-7");
        assertThat(u.cluster()).isFalse();
        assertThat(u.nodes()).containsExactly(new RedisUrl.Node("cache.local", 6380));
        assertThat(u.database()).isEqualTo(2);
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.prefix()).isEqualTo("tenant-7");
        assertThat(u.describe()).doesNotContain("cret").isEqualTo("redis://cache.local:6380/2?prefix=tenant-7");
    }

    @Test
    void defaults() {
        RedisUrl u = RedisUrl.parse("redis://localhost");
        assertThat(u.nodes()).containsExactly(new RedisUrl.Node("localhost", 6379));
        assertThat(u.prefix()).isEqualTo(RedisUrl.DEFAULT_PREFIX);
        assertThat(u.waitReplicas()).isZero();
    }

    @Test
    void clusterWithSeveralNodesAndWait() {
        RedisUrl u = RedisUrl.parse("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,[::1]:7002?waitReplicas=1&waitTimeoutMs=50");
        assertThat(u.cluster()).isTrue();
        assertThat(u.nodes()).extracting(RedisUrl.Node::port).containsExactly(7000, 7001, 7002);
        assertThat(u.nodes().get(2).host()).isEqualTo("::1");
        assertThat(u.waitReplicas()).isEqualTo(1);
        assertThat(u.waitTimeoutMillis()).isEqualTo(50);
    }

    @Test
    void badUrlsAreNamed() {
        for (String bad : List.of("", "http://x", "redis://a:1,b:2", "redis://h:99999", "redis://h:1/16",
                "redis-cluster://h:1/3", "redis://h?prefix={x}", "redis://h?colour=red", "redis://:1",
                "redis://h?waitReplicas=-1")) {
            assertThatThrownBy(() -> RedisUrl.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}

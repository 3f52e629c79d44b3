package dev.tanken.testing;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the test servers come from. PostgreSQL: {@value #POSTGRES_URL_ENV} (or the system property
 * {@value #POSTGRES_URL_PROPERTY}), else a Testcontainers container when a Docker engine is present,
 * else a failure naming both ways. Redis: {@value #REDIS_URL_ENV} (or {@value #REDIS_URL_PROPERTY}),
 * else a {@code redis-server} process of this JVM's own on a free loopback port, else a container.
 *
 * <p>There is no silent default server: a test must not write into a database nobody named. Each
 * server is resolved once per JVM; containers and processes stop when the JVM exits.
 */
public final class TestServers {
    public static final String POSTGRES_URL_ENV = "TANKEN_TEST_POSTGRES_URL";
    public static final String POSTGRES_URL_PROPERTY = "tanken.test.postgres.url";
    public static final String REDIS_URL_ENV = "TANKEN_TEST_REDIS_URL";
    public static final String REDIS_URL_PROPERTY = "tanken.test.redis.url";

    private static String postgres;
    private static String redis;
    private static RedisServerProcess redisProcess;

    private TestServers() {
    }

    /** The PostgreSQL server's Tanken URL, without a schema. */
    public static synchronized String postgresUrl() {
        if (postgres == null) {
            postgres = resolvePostgres(System::getenv, System::getProperty, Containers.INSTANCE);
        }
        return postgres;
    }

    /** The Redis server's URL, without a key prefix. */
    public static synchronized String redisUrl() {
        if (redis == null) {
            redis = configured(REDIS_URL_ENV, REDIS_URL_PROPERTY, System::getenv, System::getProperty);
        }
        if (redis == null) {
            redis = startRedis();
        }
        return redis;
    }

    private static String startRedis() {
        try {
            redisProcess = RedisServerProcess.start("shared");
            RedisServerProcess started = redisProcess;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tanken-test-redis-stop"));
            return "redis://" + redisProcess.hostPort();
        } catch (IllegalStateException noRedisServer) {
            String why = Containers.INSTANCE.unavailableReason();
            if (why != null) {
                throw new IllegalStateException("No Redis for tests: set " + REDIS_URL_ENV + " (or -D"
                        + REDIS_URL_PROPERTY + ") to a server such as redis://127.0.0.1:6379, put redis-server"
                        + " on the PATH, or make a Docker engine available with org.testcontainers:testcontainers"
                        + " on the test class path (" + noRedisServer.getMessage() + "; " + why + ")",
                        noRedisServer);
            }
            return Containers.INSTANCE.startRedis();
        }
    }

    static String resolvePostgres(UnaryOperator<String> env, UnaryOperator<String> properties,
            Containers containers) {
        String url = configured(POSTGRES_URL_ENV, POSTGRES_URL_PROPERTY, env, properties);
        if (url != null) {
            if (url.contains("schema=")) {
                throw new IllegalStateException(POSTGRES_URL_ENV + " must not name a schema; tests make their own: "
                        + url);
            }
            return url;
        }
        String why = containers.unavailableReason();
        if (why != null) {
            throw new IllegalStateException("No PostgreSQL for tests: set " + POSTGRES_URL_ENV + " (or -D"
                    + POSTGRES_URL_PROPERTY + ") to a server such as postgresql://postgres@127.0.0.1:5432/test,"
                    + " or make a Docker engine available with org.testcontainers:postgresql on the test class"
                    + " path so that a container is started (" + why + ")");
        }
        return containers.startPostgres();
    }

    private static String configured(String envName, String propertyName, UnaryOperator<String> env,
            UnaryOperator<String> properties) {
        String value = properties.apply(propertyName);
        if (value == null || value.isBlank()) {
            value = env.apply(envName);
        }
        return value == null || value.isBlank() ? null : Objects.requireNonNull(value).strip();
    }
}

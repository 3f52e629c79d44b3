package dev.tanken.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Containers started once per JVM; Testcontainers' reaper removes them when the JVM exits. */
final class TestcontainersServers {
    private TestcontainersServers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // lives as long as the JVM
    static String startPostgres(String image) {
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(DockerImageName.parse(image))
                .withDatabaseName("test").withUsername("test").withPassword("test");
        pg.start();
        return "postgresql://test:test@" + pg.getHost() + ":" + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
                + "/test";
    }

    @SuppressWarnings("resource") // lives as long as the JVM
    static String startRedis(String image) {
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }
}

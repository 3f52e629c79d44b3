package dev.tanken.testing;

/**
 * The Testcontainers way to a server, touched only through this class so that Testcontainers stays
 * an optional dependency: nothing here loads one of its classes before {@link #unavailableReason()}
 * has found them on the class path.
 */
class Containers {
    static final Containers INSTANCE = new Containers();

    static final String POSTGRES_IMAGE = "postgres:15-alpine";
    static final String REDIS_IMAGE = "redis:7-alpine";

    /** Null when containers can be started, else why not, in words. */
    String unavailableReason() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, Containers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "Testcontainers is not on the class path";
        }
        try {
            return TestcontainersServers.dockerAvailable() ? null : "no Docker engine found";
        } catch (RuntimeException | LinkageError e) {
            return "no Docker engine found: " + e.getMessage();
        }
    }

    String startPostgres() {
        return TestcontainersServers.startPostgres(POSTGRES_IMAGE);
    }

    String startRedis() {
        return TestcontainersServers.startRedis(REDIS_IMAGE);
    }
}

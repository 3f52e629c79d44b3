package dev.tanken.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-master Redis Cluster on free loopback ports, made from {@code redis-server} processes
 * and {@code redis-cli --cluster create}. One per test JVM: {@link #shared()} starts it on first use,
 * and a shutdown hook stops it when the JVM exits (JUnit's {@link RedisClusterExtension} stops it
 * earlier, at the end of the test plan).
 */
public final class RedisTestCluster implements AutoCloseable {
    private static RedisTestCluster shared;

    private final List<RedisServerProcess> nodes;

    private RedisTestCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    public static synchronized RedisTestCluster shared() {
        if (shared == null) {
            shared = start();
            RedisTestCluster started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "redis-test-cluster-stop"));
        }
        return shared;
    }

    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public static RedisTestCluster start() {
        return start(0);
    }

    /**
     * A cluster of three masters with {@code replicasPerMaster} replicas each (all of its own, for a
     * test to fail over); returns once every node says the cluster is ok and every replica is in sync
     * with its master.
     */
    public static RedisTestCluster start(int replicasPerMaster) {
        if (replicasPerMaster < 0 || replicasPerMaster > 2) {
            throw new IllegalArgumentException("replicas per master: 0 to 2, got " + replicasPerMaster);
        }
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * (1 + replicasPerMaster); i++) {
                nodes.add(RedisServerProcess.start("cluster" + i, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add(n.hostPort()));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            run(create);
            RedisTestCluster cluster = new RedisTestCluster(nodes);
            cluster.awaitOk(20_000);
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServerProcess::stop);
            throw e;
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (is Redis installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitOk(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess n : nodes) {
                last = run(List.of("redis-cli", "-p", Integer.toString(n.port()), "cluster", "info"));
                if (!last.contains("cluster_state:ok")) {
                    allOk = false;
                    break;
                }
                last = run(List.of("redis-cli", "-p", Integer.toString(n.port()), "info", "replication"));
                if (last.contains("role:slave") && !last.contains("master_link_status:up")) {
                    allOk = false;
                    break;
                }
            }
            if (allOk) {
                return;
            }
            try {
                Thread.sleep(50); // the cluster converges by gossip; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Redis test cluster not ok after " + timeoutMillis + " ms:\n" + last);
    }

    /** A cache URL naming every node, with a unique key prefix. */
    public String url() {
        StringBuilder b = new StringBuilder("redis-cluster://");
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nodes.get(i).hostPort());
        }
        return b.append("?prefix=").append(RedisTestNamespace.uniquePrefix()).toString();
    }

    /**
     * The {@code index}th node (0 to 2 without replicas, each a master; with replicas, {@code CLUSTER
     * NODES} tells which are masters): a test may pause or stop it (not on the shared cluster).
     */
    public RedisServerProcess node(int index) {
        if (this == shared) {
            throw new IllegalStateException("the shared cluster belongs to every test; start() a cluster of your own");
        }
        return nodes.get(index);
    }

    public List<Integer> ports() {
        return nodes.stream().map(RedisServerProcess::port).toList();
    }

    @Override
    public synchronized void close() {
        nodes.forEach(RedisServerProcess::stop);
    }
}

package dev.tanken.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port, with its data directory
 * under {@code target/} (a Maven build's) or the temporary directory. Used where a test must stop or
 * reconfigure a server: a shared server belongs to everyone's tests and is never stopped or flushed.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts a server without persistence; fails loudly when {@code redis-server} is missing. Each
     * server gets a data directory of its own: a cluster node finds its {@code nodes.conf} there, and
     * one left by an earlier server on the same port would make it join that server's old cluster.
     */
    public static RedisServerProcess start(String name, String... extraArgs) {
        Path root = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
        Path parent = root.resolve("redis-test").toAbsolutePath();
        IllegalStateException taken = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path dir;
            try {
                Files.createDirectories(parent);
                dir = Files.createTempDirectory(parent, name + "-" + port + "-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a directory under " + parent, e);
            }
            RedisServerProcess server = new RedisServerProcess(port, dir, List.of(extraArgs));
            try {
                server.startProcess();
                return server;
            } catch (PortTakenException e) {
                // Another test JVM took the port between the check and the server's bind: try another.
                server.stop();
                taken = e;
            }
        }
        throw taken;
    }

    /** The port answered, but not from this server: someone else bound it first. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private void startProcess() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is Redis installed? .ci/run installs it): "
                    + e.getMessage(), e);
        }
        awaitPing(10_000);
    }

    /** A port that is free now, and whose cluster bus port (+10000) is free too. */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found for a test Redis server");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitPing(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String message = "redis-server on port " + port + " exited with " + process.exitValue() + "; see "
                        + dir.resolve("redis.log");
                throw portInUse() ? new PortTakenException(message) : new IllegalStateException(message);
            }
            if (ping()) {
                long answering = answeringPid();
                if (answering == process.pid()) {
                    return;
                }
                if (answering > 0) {
                    throw new PortTakenException("port " + port + " is served by another redis-server (pid "
                            + answering + ")");
                }
            }
            try {
                Thread.sleep(20); // polling a starting process: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer within " + timeoutMillis
                + " ms; see " + dir.resolve("redis.log"));
    }

    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[16];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean portInUse() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("already in use");
        } catch (IOException e) {
            return false;
        }
    }

    /** The process id of the server answering on this port, or -1 when it cannot be read. */
    private long answeringPid() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            s.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).strip());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public int port() {
        return port;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** A cache URL for this server with a unique key prefix. */
    public String url() {
        return "redis://" + hostPort() + "?prefix=" + RedisTestNamespace.uniquePrefix();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Freezes the server (SIGSTOP) without closing its sockets: connections are accepted by the
     * kernel but nothing is answered, as with a server stalled by swapping or a long fork, so
     * clients run into their socket timeouts. The data stays, unlike {@link #stop()}.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT), with the data it had. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            resume(); // a paused server would not act on SIGTERM
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the stopped server again on the same port (empty: it keeps no data). */
    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }
}

package dev.tanken.redis.internal;

import dev.tanken.cache.InvalidationFeed;
import dev.tanken.model.PostId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.RedisInputStream;
import redis.clients.jedis.util.RedisOutputStream;

/**
 * Post invalidations from Redis's own client tracking, in broadcast mode: on each primary, one
 * connection turns tracking on for the key prefixes of posts and geo cells ({@code CLIENT TRACKING
 * ON REDIRECT <itself> BCAST PREFIX <prefix>:{p: PREFIX <prefix>:{g:}) and subscribes to {@code
 * __redis__:invalidate}. Redis then reports every change of those keys, whoever makes it (any process, any write policy, a Lua
 * script, the flusher, an expiry, an eviction, a flush), without writers publishing anything.
 *
 * <p>The connection is pinged; a connection that breaks or stops answering is reported offline at
 * once, then opened again (on a cluster, with the primaries asked again), and reported online only
 * once every primary's subscription is confirmed.
 *
 * <p>On a cluster the primaries are also asked again at every ping: a failover or a resharding can
 * change which nodes hold the keys without breaking any of these connections (a demoted primary
 * keeps its clients, and the promoted replica has no tracking client). When the primaries with
 * slots are no longer the ones subscribed to, the feed reports itself offline and subscribes to the
 * new ones. The primaries are asked of every node last seen in the cluster, then of the URL's
 * seeds, so a cluster whose seeds were all replaced (nodes on new ports) is still found.
 */
public final class TrackingInvalidationFeed implements InvalidationFeed {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingInvalidationFeed.class);
    private static final String CHANNEL = "__redis__:invalidate";
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final RedisUrl url;
    private final String postPrefix;
    private final String cellPrefix;
    private final Duration pingInterval;

    public TrackingInvalidationFeed(RedisUrl url, Duration pingInterval) {
        this.url = url;
        this.postPrefix = url.prefix() + ":{p:";
        this.cellPrefix = url.prefix() + ":{g:";
        this.pingInterval = pingInterval;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Runner runner = new Runner(listener);
        Thread t = new Thread(runner, "tanken-near-invalidations");
        t.setDaemon(true);
        runner.thread = t;
        t.start();
        return runner;
    }

    /** The geo cell a tracked key belongs to, or null when it is not a cell key of this prefix. */
    String cellOf(String key) {
        if (!key.startsWith(cellPrefix)) {
            return null;
        }
        int end = key.indexOf('}', cellPrefix.length());
        return end < 0 ? null : key.substring(cellPrefix.length(), end);
    }

    /** The post a tracked key belongs to, or null when it is not a post key of this prefix. */
    PostId postOf(String key) {
        if (!key.startsWith(postPrefix)) {
            return null;
        }
        int end = key.indexOf('}', postPrefix.length());
        if (end < 0) {
            return null;
        }
        if (key.endsWith("}:" + Keys.LEASE)) {
            return null; // a fill lease changes no value a reader sees
        }
        return PostId.parse(key.substring(postPrefix.length(), end));
    }

    private final class Runner implements Runnable, Subscription {
        private final Listener listener;
        private volatile boolean closed;
        private volatile List<Node> nodes = List.of();
        /** Every node last seen in the cluster: asked for the primaries before the URL's seeds. */
        private volatile List<RedisUrl.Node> known = List.of();
        private volatile Thread thread;

        Runner(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void run() {
            long backoff = 50;
            while (!closed) {
                CountDownLatch failed = new CountDownLatch(1);
                List<Node> opened = new ArrayList<>();
                String reason = "closed";
                try {
                    for (RedisUrl.Node primary : primaries()) {
                        Node n = new Node(primary, failed);
                        opened.add(n);
                        nodes = List.copyOf(opened);
                        if (closed) {
                            break;
                        }
                        n.open();
                    }
                    if (!closed) {
                        opened.forEach(Node::startReading);
                        listener.online();
                        backoff = 50;
                        supervise(opened, failed);
                        reason = opened.stream().map(n -> n.failure).filter(r -> r != null).findFirst()
                                .orElse("closed");
                    }
                } catch (IOException | JedisException | IllegalStateException e) {
                    reason = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
                listener.offline(reason);
                opened.forEach(Node::close);
                if (!closed) {
                    LOG.debug("near cache invalidations from {} interrupted ({}); reconnecting", url.describe(),
                            reason);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closed = true;
                    }
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        }

        /**
         * Pings every node, and on a cluster checks the primaries; returns when a node failed, stopped
         * answering, the primaries changed, or the feed was closed.
         */
        private void supervise(List<Node> opened, CountDownLatch failed) throws InterruptedException {
            long silentLimit = pingInterval.toNanos() * 3 + TimeUnit.MILLISECONDS.toNanos(url.timeouts().socketMillis());
            Set<RedisUrl.Node> subscribed = new LinkedHashSet<>();
            opened.forEach(n -> subscribed.add(n.address));
            while (!closed && !failed.await(pingInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                for (Node n : opened) {
                    if (now - n.lastHeard > silentLimit) {
                        n.fail("no answer to ping for " + TimeUnit.NANOSECONDS.toMillis(now - n.lastHeard) + " ms");
                    } else {
                        n.ping();
                    }
                }
                if (url.cluster() && failed.getCount() > 0 && !closed) {
                    Set<RedisUrl.Node> now2 = currentPrimaries();
                    if (now2 != null && !now2.equals(subscribed)) {
                        opened.get(0).fail("the cluster's primaries changed from " + subscribed + " to " + now2);
                    }
                }
            }
        }

        /** The primaries with slots now, or null when no node could tell (the pings decide then). */
        private Set<RedisUrl.Node> currentPrimaries() {
            try {
                return new LinkedHashSet<>(primaries());
            } catch (IOException e) {
                LOG.debug("cluster topology of {} not read this time: {}", url.describe(), e.getMessage());
                return null;
            }
        }

        private List<RedisUrl.Node> primaries() throws IOException {
            if (!url.cluster()) {
                return url.nodes();
            }
            IOException last = null;
            Set<RedisUrl.Node> ask = new LinkedHashSet<>(known);
            ask.addAll(url.nodes());
            for (RedisUrl.Node seed : ask) {
                try (Socket s = connect(seed)) {
                    RedisOutputStream out = new RedisOutputStream(s.getOutputStream());
                    RedisInputStream in = new RedisInputStream(s.getInputStream());
                    authenticate(out, in);
                    Protocol.sendCommand(out, new CommandArguments(Protocol.Command.CLUSTER).add("NODES"));
                    out.flush();
                    String text = new String((byte[]) Protocol.read(in), StandardCharsets.UTF_8);
                    Set<RedisUrl.Node> found = new LinkedHashSet<>();
                    Set<RedisUrl.Node> all = new LinkedHashSet<>();
                    for (String line : text.split("\n")) {
                        String[] f = line.strip().split(" ");
                        if (f.length < 8) {
                            continue;
                        }
                        String addr = f[1].split("[@,]")[0];
                        int colon = addr.lastIndexOf(':');
                        if (colon < 0 || addr.endsWith(":0")) {
                            continue; // a node whose address is not known yet
                        }
                        String host = addr.substring(0, colon);
                        RedisUrl.Node node = new RedisUrl.Node(host.isEmpty() ? seed.host() : host,
                                Integer.parseInt(addr.substring(colon + 1)));
                        if (!f[2].contains("fail")) {
                            all.add(node);
                        }
                        if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                            continue; // replicas, failed primaries and primaries without slots hold no keys to track
                        }
                        found.add(node);
                    }
                    if (!found.isEmpty()) {
                        known = List.copyOf(all);
                        return List.copyOf(found);
                    }
                } catch (IOException | JedisException e) {
                    last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
            throw last != null ? last : new IOException("no primary with slots in " + url.describe());
        }

        @Override
        public void close() {
            closed = true;
            nodes.forEach(Node::close);
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
                try {
                    t.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** One primary's tracking connection. */
        private final class Node {
            private final RedisUrl.Node address;
            private final CountDownLatch failed;
            private Socket socket;
            private RedisOutputStream out;
            private RedisInputStream in;
            private volatile long lastHeard = System.nanoTime();
            private volatile String failure;

            Node(RedisUrl.Node address, CountDownLatch failed) {
                this.address = address;
                this.failed = failed;
            }

            void open() throws IOException {
                socket = connect(address);
                out = new RedisOutputStream(socket.getOutputStream());
                in = new RedisInputStream(socket.getInputStream());
                authenticate(out, in);
                Protocol.sendCommand(out, new CommandArguments(Protocol.Command.CLIENT).add("SETNAME")
                        .add("tanken-near:" + url.prefix()));
                Protocol.sendCommand(out, new CommandArguments(Protocol.Command.CLIENT).add("ID"));
                out.flush();
                Protocol.read(in);
                long id = (Long) Protocol.read(in);
                Protocol.sendCommand(out, new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("ON")
                        .add("REDIRECT").add(id).add("BCAST").add("PREFIX").add(postPrefix).add("PREFIX")
                        .add(cellPrefix));
                Protocol.sendCommand(out, new CommandArguments(Protocol.Command.SUBSCRIBE).add(CHANNEL));
                out.flush();
                Protocol.read(in);
                Object subscribed = Protocol.read(in);
                if (!(subscribed instanceof List<?> l) || l.isEmpty()
                        || !"subscribe".equals(text(l.get(0)))) {
                    throw new IOException("unexpected answer to SUBSCRIBE from " + address);
                }
                socket.setSoTimeout(0);
                lastHeard = System.nanoTime();
            }

            void startReading() {
                Thread t = new Thread(this::read, "tanken-near-invalidations-" + address.host() + ":"
                        + address.port());
                t.setDaemon(true);
                t.start();
            }

            private void read() {
                try {
                    while (failure == null) {
                        Object message = Protocol.read(in);
                        lastHeard = System.nanoTime();
                        if (!(message instanceof List<?> parts) || parts.size() < 2) {
                            continue;
                        }
                        if ("message".equals(text(parts.get(0))) && parts.size() == 3) {
                            deliver(parts.get(2));
                        }
                    }
                } catch (RuntimeException e) {
                    fail(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }

            private void deliver(Object payload) {
                if (!(payload instanceof List<?> keys)) {
                    listener.invalidatedAll(); // a flush: Redis names no key
                    return;
                }
                List<PostId> posts = new ArrayList<>(keys.size());
                List<String> cells = new ArrayList<>();
                for (Object k : keys) {
                    try {
                        String key = text(k);
                        String cell = cellOf(key);
                        if (cell != null) {
                            cells.add(cell);
                            continue;
                        }
                        PostId id = postOf(key);
                        if (id != null) {
                            posts.add(id);
                        }
                    } catch (RuntimeException e) {
                        listener.invalidatedAll(); // a key under the prefix that names no post: drop everything
                        return;
                    }
                }
                if (!posts.isEmpty()) {
                    listener.invalidated(posts);
                }
                if (!cells.isEmpty()) {
                    listener.invalidatedCells(cells);
                }
            }

            void ping() {
                try {
                    synchronized (this) {
                        Protocol.sendCommand(out, new CommandArguments(Protocol.Command.PING));
                        out.flush();
                    }
                } catch (IOException | RuntimeException e) {
                    fail("ping failed: " + e.getMessage());
                }
            }

            /** Reports the node offline at once (before the supervisor wakes), then closes it. */
            void fail(String reason) {
                if (failure != null) {
                    return;
                }
                failure = address.host() + ":" + address.port() + ": " + reason;
                listener.offline(failure);
                close();
                failed.countDown();
            }

            void close() {
                Socket s = socket;
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing: nothing more to release
                    }
                }
            }
        }
    }

    private Socket connect(RedisUrl.Node node) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(node.host(), node.port()), url.timeouts().connectMillis());
            s.setSoTimeout(url.timeouts().socketMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot reach " + node.host() + ":" + node.port() + ": " + e.getMessage(), e);
        }
    }

    private void authenticate(RedisOutputStream out, RedisInputStream in) throws IOException {
        if (url.password() == null) {
            return;
        }
        CommandArguments auth = new CommandArguments(Protocol.Command.AUTH);
        if (url.user() != null) {
            auth.add(url.user());
        }
        Protocol.sendCommand(out, auth.add(url.password()));
        out.flush();
        Protocol.read(in);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}

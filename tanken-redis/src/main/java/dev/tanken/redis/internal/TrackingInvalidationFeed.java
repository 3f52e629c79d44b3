package dev.tanken.redis.internal;

import dev.tanken.cache.InvalidationFeed;
import dev.tanken.model.PostId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
    /**
     * How long a catch-up stands for later callers: far below the staleness a near cache promises
     * (10 ms), and it spares a hot read the poll of every socket.
     */
    static final long RECENT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

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
        return PostId.parse(key.substring(postPrefix.length(), end));
    }

    private final class Runner implements Runnable, Subscription {
        private final Listener listener;
        private volatile boolean closed;
        private volatile List<Node> nodes = List.of();
        /** The connections of the current online period, and a selector that polls them all; null while offline. */
        private volatile Live live;
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
                        live = Live.of(opened);
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
                goOffline();
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

        private void goOffline() {
            Live was = live;
            live = null;
            if (was != null) {
                try {
                    was.probe().close();
                } catch (IOException e) {
                    // closing: nothing more to release
                }
            }
        }

        /** The connections of one online period. */
        private record Live(List<Node> nodes, Selector probe, AtomicLong caughtUp) {
            static Live of(List<Node> nodes) throws IOException {
                Selector probe = Selector.open();
                for (Node n : nodes) {
                    n.channel.register(probe, SelectionKey.OP_READ);
                }
                return new Live(List.copyOf(nodes), probe, new AtomicLong(System.nanoTime() - RECENT_NANOS));
            }
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

        /**
         * Delivers what every connection has received and not delivered yet, on the calling thread.
         * False when a connection holds part of a message (the rest is on its way) or is not
         * subscribed: the caller must not trust its copies then.
         *
         * <p>Cheap when nothing is pending (the usual case, on every near-cache hit): one poll of
         * all the sockets without waiting, then a look at each connection's lock, which its
         * reader holds from before it takes bytes off the socket until it has delivered them. A
         * caller within {@link #RECENT_NANOS} of a complete catch-up relies on that one, so a message
         * is delivered at most that long after it arrived, whoever delivers it.
         */
        @Override
        public boolean catchUp() {
            Live now = live;
            if (now == null) {
                return false;
            }
            long started = System.nanoTime();
            if (started - now.caughtUp().get() < RECENT_NANOS) {
                return true;
            }
            boolean readable;
            try {
                synchronized (now) {
                    int[] ready = {0};
                    now.probe().selectNow(k -> ready[0]++);
                    readable = ready[0] > 0;
                }
            } catch (IOException | RuntimeException e) {
                return false; // closed meanwhile: offline
            }
            boolean complete = true;
            for (Node n : now.nodes()) {
                if (readable || n.partial || n.lock.isLocked()) {
                    complete &= n.drain();
                }
            }
            if (complete) {
                now.caughtUp().accumulateAndGet(started, Math::max);
            }
            return complete;
        }

        /**
         * One primary's tracking connection. It is read without blocking, under a lock, by its own
         * thread when the socket becomes readable and by any reader about to answer from the near
         * cache: Redis writes an invalidation to this socket before it answers the writer, so a
         * reader that drains the socket first never serves a copy whose invalidation has reached
         * this machine, however long the scheduler keeps this connection's thread waiting.
         */
        private final class Node {
            private final RedisUrl.Node address;
            private final CountDownLatch failed;
            private final ReentrantLock lock = new ReentrantLock();
            private SocketChannel channel;
            private Selector selector;
            /** Received bytes not parsed yet, in read mode (position to limit). */
            private ByteBuffer received = ByteBuffer.allocate(16 * 1024).flip();
            private volatile long lastHeard = System.nanoTime();
            private volatile String failure;
            /** Part of a message was received, the rest not yet. */
            private volatile boolean partial;

            Node(RedisUrl.Node address, CountDownLatch failed) {
                this.address = address;
                this.failed = failed;
            }

            void open() throws IOException {
                channel = SocketChannel.open();
                try {
                    channel.socket().setTcpNoDelay(true);
                    channel.socket().setKeepAlive(true);
                    channel.socket().connect(new InetSocketAddress(address.host(), address.port()),
                            url.timeouts().connectMillis());
                } catch (IOException e) {
                    channel.close();
                    throw new IOException("cannot reach " + address.host() + ":" + address.port() + ": "
                            + e.getMessage(), e);
                }
                channel.configureBlocking(false);
                selector = Selector.open();
                channel.register(selector, SelectionKey.OP_READ);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(url.timeouts().socketMillis());
                if (url.password() != null) {
                    send(deadline, url.user() == null ? Resp.command("AUTH", url.password())
                            : Resp.command("AUTH", url.user(), url.password()));
                    reply(deadline);
                }
                send(deadline, Resp.command("CLIENT", "SETNAME", "tanken-near:" + url.prefix()));
                send(deadline, Resp.command("CLIENT", "ID"));
                reply(deadline);
                if (!(reply(deadline) instanceof Long id)) {
                    throw new IOException("unexpected answer to CLIENT ID from " + address);
                }
                send(deadline, Resp.command("CLIENT", "TRACKING", "ON", "REDIRECT", id, "BCAST", "PREFIX",
                        postPrefix, "PREFIX", cellPrefix));
                send(deadline, Resp.command("SUBSCRIBE", CHANNEL));
                reply(deadline);
                Object subscribed = reply(deadline);
                if (!(subscribed instanceof List<?> l) || l.isEmpty() || !"subscribe".equals(text(l.get(0)))) {
                    throw new IOException("unexpected answer to SUBSCRIBE from " + address);
                }
                lastHeard = System.nanoTime();
            }

            /** The next reply during the handshake, waiting for it until the deadline. */
            private Object reply(long deadline) throws IOException {
                while (true) {
                    Object r = Resp.parse(received);
                    if (r instanceof Resp.Error e) {
                        throw new IOException(address + " refused: " + e.message());
                    }
                    if (r != Resp.INCOMPLETE) {
                        return r;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException("no answer from " + address + " within "
                                + url.timeouts().socketMillis() + " ms");
                    }
                    if (readMore() == 0) {
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                        selector.selectedKeys().clear();
                    }
                }
            }

            /** Appends what the socket holds to {@link #received}; the bytes read, -1 at its end. */
            private int readMore() throws IOException {
                if (received.limit() == received.capacity() && received.position() == 0) {
                    received = ByteBuffer.allocate(received.capacity() * 2).put(received).flip();
                }
                received.compact();
                try {
                    int n = channel.read(received);
                    if (n < 0) {
                        throw new IOException("connection closed by " + address);
                    }
                    return n;
                } finally {
                    received.flip();
                }
            }

            private void send(long deadline, ByteBuffer command) throws IOException {
                synchronized (this) {
                    while (command.hasRemaining()) {
                        if (channel.write(command) == 0) {
                            if (System.nanoTime() > deadline) {
                                throw new IOException("cannot send to " + address + ": its socket stays full");
                            }
                            LockSupport.parkNanos(100_000);
                        }
                    }
                }
            }

            void startReading() {
                Thread t = new Thread(this::read, "tanken-near-invalidations-" + address.host() + ":"
                        + address.port());
                t.setDaemon(true);
                t.start();
            }

            /** This connection's thread: drains the socket whenever it becomes readable. */
            private void read() {
                try {
                    while (failure == null) {
                        selector.select();
                        selector.selectedKeys().clear();
                        drain();
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }

            /**
             * Delivers every complete message received so far; false when part of a message is still
             * missing or the connection failed.
             */
            boolean drain() {
                lock.lock();
                try {
                    if (failure != null) {
                        return false;
                    }
                    while (true) {
                        Object message = Resp.parse(received);
                        if (message == Resp.INCOMPLETE) {
                            if (readMore() == 0) {
                                partial = received.hasRemaining();
                                return !partial;
                            }
                            continue;
                        }
                        lastHeard = System.nanoTime();
                        if (message instanceof List<?> parts && parts.size() == 3
                                && "message".equals(text(parts.get(0)))) {
                            deliver(parts.get(2));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e.getMessage() == null ? e.toString() : e.getMessage());
                    return false;
                } finally {
                    lock.unlock();
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
                    send(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(url.timeouts().socketMillis()),
                            Resp.command("PING"));
                } catch (IOException | RuntimeException e) {
                    fail("ping failed: " + e.getMessage());
                }
            }

            /** Reports the node offline at once (before the supervisor wakes), then closes it. */
            void fail(String reason) {
                synchronized (this) {
                    if (failure != null) {
                        return;
                    }
                    failure = address.host() + ":" + address.port() + ": " + reason;
                }
                Live now = live;
                if (now != null && now.nodes().contains(this)) {
                    // Not for a connection of an earlier period, closed after another failed: the
                    // feed may be online again on new connections.
                    goOffline();
                    listener.offline(failure);
                }
                close();
                failed.countDown();
            }

            void close() {
                try {
                    if (selector != null) {
                        selector.close();
                    }
                    if (channel != null) {
                        channel.close();
                    }
                } catch (IOException e) {
                    // closing: nothing more to release
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

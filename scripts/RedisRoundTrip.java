import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Jedis GET of an absent key over loopback TCP and over a Unix socket (junixsocket), one connection
 * each, alternated in rounds: what a faster transport would take off a cold read's Redis round trip.
 * args PORT SOCKET_PATH READS, against a redis-server started with --port PORT --unixsocket SOCKET_PATH.
 */
public class RedisRoundTrip {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        String socketPath = a[1];
        int reads = Integer.parseInt(a[2]);
        JedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).build();
        JedisSocketFactory unix = () -> {
            try {
                AFUNIXSocket socket = AFUNIXSocket.newInstance();
                socket.connect(AFUNIXSocketAddress.of(new File(socketPath)));
                return socket;
            } catch (IOException e) {
                throw new JedisConnectionException(e);
            }
        };
        try (Jedis tcp = new Jedis(new HostAndPort("127.0.0.1", port), config); Jedis ux = new Jedis(unix, config)) {
            for (int round = 0; round < 4; round++) {
                report("tcp ", tcp, reads);
                report("unix", ux, reads);
            }
        }
    }

    static void report(String name, Jedis jedis, int reads) {
        long[] nanos = new long[reads];
        for (int i = 0; i < reads; i++) {
            long start = System.nanoTime();
            jedis.get("absent:" + (i & 1023));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%s p50 %.1f us, p90 %.1f us, mean %.1f us%n", name, nanos[reads / 2] / 1e3,
                nanos[reads * 9 / 10] / 1e3, Arrays.stream(nanos).average().orElse(0) / 1e3);
    }
}

package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the activity log's new entries into their chains in the background: a daemon thread that
 * calls {@link ActivityChain#seal} every {@code interval}, for a long-running process (an ingest
 * worker, a server). Several processes may each run one: the chain's lock lets one seal at a time.
 * A failure (database down) is logged and retried at the next interval. {@link #close} seals once
 * more, so that nothing the process wrote waits for another sealer.
 */
public final class ChainSealer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainSealer.class);

    private final ActivityChain chain;
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean stopped;

    private ChainSealer(ActivityChain chain, Duration interval) {
        this.chain = chain;
        this.intervalMillis = interval.toMillis();
        this.thread = new Thread(this::loop, "activity-chain-sealer");
        thread.setDaemon(true);
    }

    /** Starts sealing every {@code interval} (at least 10 ms). */
    public static ChainSealer start(ActivityChain chain, Duration interval) {
        if (chain == null) {
            throw new InvalidInputException("chain must not be null");
        }
        if (interval == null || interval.toMillis() < 10) {
            throw new InvalidInputException("the sealing interval must be at least 10 ms, got " + interval);
        }
        ChainSealer sealer = new ChainSealer(chain, interval);
        sealer.thread.start();
        return sealer;
    }

    private void loop() {
        while (!stopped) {
            try {
                chain.seal();
            } catch (RuntimeException e) {
                LOG.warn("sealing the activity chain failed, retrying in {} ms: {}", intervalMillis, e.getMessage());
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the thread, then seals what is left. Idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chain.seal();
    }
}

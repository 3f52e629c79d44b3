package dev.tanken.cli.internal;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of a batch, drawn on stderr when a person is watching it and silent otherwise. */
public interface Progress extends AutoCloseable {

    void step();

    /** Advances by {@code n} steps at once (a finished batch). */
    default void stepBy(long n) {
        for (long i = 0; i < n; i++) {
            step();
        }
    }

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void step() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * A progress bar on {@code err} when it is a terminal, else {@link #NONE}. Also with --json: the
     * bar is on stderr, so stdout stays pure JSON for whatever reads it.
     */
    static Progress of(String task, long total, CliEnvironment environment, PrintWriter err) {
        if (!environment.stderrIsTerminal() || total == 0) {
            return NONE;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new WriterConsumer(err, environment.terminalColumns() - 1))
                .build();
        return new Progress() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void stepBy(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** Draws through the command's error writer (not System.err) so output stays redirectable. */
    final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;

        WriterConsumer(PrintWriter err, int width) {
            this.err = err;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}

package dev.tanken.cli.internal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TraceOptimumTest {
    @Test
    void onlyTheOptimumsPostsFirstReadInTheMeasurementCount() {
        BitSet before = new BitSet();
        before.set(0);
        before.set(2);
        BitSet measured = new BitSet();
        measured.set(0); // read before: the optimum would hold it
        measured.set(1); // first read, one of the 3 most popular: a miss for any cache
        measured.set(7); // outside the optimum: counted with the reads outside it, not here
        assertThat(CacheExperiment.firstReads(before, measured, 3)).isEqualTo(1);
    }
}

package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import org.junit.jupiter.api.Test;

class WritePolicyTest {
    @Test
    void theSeedsFlagsMapToPolicies() {
        assertThat(WritePolicy.of(true, true)).isEqualTo(WritePolicy.WRITE_THROUGH);
        assertThat(WritePolicy.of(false, true)).isEqualTo(WritePolicy.WRITE_BACK);
        assertThat(WritePolicy.of(true, false)).isEqualTo(WritePolicy.WRITE_AROUND);
        assertThatThrownBy(() -> WritePolicy.of(false, false)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parsesTheCommandLineSpelling() {
        for (WritePolicy p : WritePolicy.values()) {
            assertThat(WritePolicy.parse(p.label())).isEqualTo(p);
            assertThat(WritePolicy.parse(p.name())).isEqualTo(p);
        }
        assertThat(WritePolicy.WRITE_BACK.label()).isEqualTo("write-back");
        assertThatThrownBy(() -> WritePolicy.parse("later")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("later");
    }
}

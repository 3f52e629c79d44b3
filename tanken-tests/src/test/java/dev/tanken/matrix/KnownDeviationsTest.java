package dev.tanken.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.ActivityLogContract;
import dev.tanken.db.DatabaseServiceContract;
import dev.tanken.social.SocialContract;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KnownDeviationsTest {
    @Test
    void namesOnlyTestsTheContractsHave() {
        Set<String> tests = new HashSet<>();
        Stream.of(DatabaseServiceContract.class, SocialContract.class, ActivityLogContract.class)
                .flatMap(c -> Stream.concat(Stream.of(c), Stream.of(c.getDeclaredClasses())))
                .flatMap(c -> Stream.of(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).forEach(tests::add);
        assertThat(tests).containsAll(KnownDeviations.names());
    }
}

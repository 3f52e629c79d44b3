package dev.tanken.matrix;

import dev.tanken.consistency.WritePolicy;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Where a combination knowingly answers differently from the contract, and why. Such a test still
 * runs, and must fail: when it passes, the deviation is gone and its line here must go too, so this
 * list can only shrink. Nothing is skipped.
 */
final class KnownDeviations implements InvocationInterceptor {
    private record Deviation(Predicate<Combination> where, String why) {
    }

    private static final Predicate<Combination> WRITE_BACK = c -> c.policy() == WritePolicy.WRITE_BACK;

    /**
     * Write-back records a write in the queue and answers before the database has seen it: a
     * like/bookmark (and every reaction in a batch) answers true, and what only the database can
     * refuse (unknown post or user, duplicate picture, taken entry id) is refused when the flusher
     * applies it, into the dead-letter stream, not to the caller. CachingDatabaseService documents this.
     */
    private static final String DEFERRED = "write-back answers before the database decides";

    /**
     * Write-back answers only what it knows: a queued write is {@code queued()}, never {@code
     * changed()}, so a first like, a comment removal or a batch of new reactions answers false where
     * the database answers true. What they changed is known when the flusher applies them, and only
     * then is their activity entry recorded. CachingDatabaseService and docs/cache.md document this.
     */
    private static final String QUEUED = "a write-back write answers queued, never changed";

    private static final Map<String, Deviation> DEVIATIONS = Map.ofEntries(
            deferred("aMissingUserRejectsTheWholeBatch"),
            deferred("aTakenEntryIdRejectsTheWholeBatch"),
            deferred("anEntryIdMayRepeatOnAReactionThatChangesNothing"),
            deferred("anEntryIdRepeatedByTwoChangingReactionsRejectsTheWholeBatch"),
            deferred("anEntryThatCannotBeStoredRollsTheActionBack"),
            deferred("bookmarkingTwiceCountsOnce"),
            deferred("countersStayExactWhenBatchesAndSingleCallsRace"),
            deferred("entriesAreAppendedOnlyForReactionsThatChangedSomething"),
            deferred("likingTwiceCountsOnce"),
            deferred("likesAndBookmarksAreIdempotentAndRecordedOnce"),
            deferred("mixedKindsOnSeveralPostsAndUsersKeepCountersExact"),
            deferred("postOfUnknownAuthorIsRejected"),
            deferred("reactionsRecordTheirEntryOnlyWhenTheyChangeSomething"),
            deferred("reactionsTakeEffectInOrderLikeTheSingleCalls"),
            deferred("socialActionsOnMissingPostsOrUsersAreNotFound"),
            deferred("theFirstMissingPostOrUserInListOrderIsNamed"),
            deferred("undoingOnMissingPostsOrUsersIsNotFoundEither"),
            queued("aMissingPostRejectsTheWholeBatch"),
            queued("aBatchOfAThousandReactions"),
            queued("commentsAreCountedListedOldestFirstAndRemoved"),
            queued("aNullEntryBehavesLikeThePlainMethod"),
            queued("everyRecordingOverloadWritesItsEntry"));

    private static Map.Entry<String, Deviation> deferred(String test) {
        return Map.entry(test, new Deviation(WRITE_BACK, DEFERRED));
    }

    private static Map.Entry<String, Deviation> queued(String test) {
        return Map.entry(test, new Deviation(WRITE_BACK, QUEUED));
    }

    /** Test names listed here, for a check that the list names only tests that exist. */
    static Set<String> names() {
        return DEVIATIONS.keySet();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        Optional<Combination> combination = context.getRequiredTestInstances().getAllInstances().stream()
                .filter(MatrixTest.class::isInstance).map(i -> ((MatrixTest) i).combination()).findFirst();
        Deviation deviation = DEVIATIONS.get(method.getExecutable().getName());
        if (combination.isEmpty() || deviation == null || !deviation.where().test(combination.get())) {
            invocation.proceed();
            return;
        }
        try {
            invocation.proceed();
        } catch (AssertionError | Exception expected) {
            return;
        }
        throw new AssertionFailedError(method.getExecutable().getName() + " now passes on " + combination.get()
                + ": the known deviation (" + deviation.why() + ") is gone; remove it from KnownDeviations");
    }
}

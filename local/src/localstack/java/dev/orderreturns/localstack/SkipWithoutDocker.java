package dev.orderreturns.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Collections;
import java.util.Set;

/**
 * Under {@code -Plocalstack}, skips (with {@link Docker#UNAVAILABLE} as the reason) the test classes
 * that run a local stack, when there is no Docker engine for LocalStack. Decided per class, so the
 * report counts every test skipped; unit tests, which need no backend, still run.
 * Registered through JUnit's extension auto-detection, which only the profile turns on.
 */
public final class SkipWithoutDocker implements ExecutionCondition {

    /** The tags of the tests that run on a local stack's DynamoDB and SQS (see README, "Test levels"). */
    static final Set<String> STACK_TAGS = Set.of("integration", "e2e", "browser");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Collections.disjoint(context.getTags(), STACK_TAGS)) {
            return ConditionEvaluationResult.enabled("runs no local stack");
        }
        return Docker.unavailableReason().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("Docker is available for LocalStack"));
    }
}

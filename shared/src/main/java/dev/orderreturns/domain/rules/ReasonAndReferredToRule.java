package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.ReturnRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * R4: the reason of return is required, 1 to 500 characters; referred to is optional, at most 200.
 * Characters are code points, as users count them: an emoji is one, though Java stores it in two
 * UTF-16 units.
 */
public final class ReasonAndReferredToRule {

    public static final int MAX_REASON = 500;
    public static final int MAX_REFERRED_TO = 200;

    private ReasonAndReferredToRule() {
    }

    public static List<FieldError> problems(ReturnRequest request) {
        List<FieldError> problems = new ArrayList<>();
        String reason = request.reason();
        if (reason == null || reason.isBlank()) {
            problems.add(new FieldError(request.fields().reason(), "is required"));
        } else if (characters(reason) > MAX_REASON) {
            problems.add(new FieldError(request.fields().reason(), "must be at most " + MAX_REASON + " characters"));
        }
        String referredTo = request.referredTo();
        if (referredTo != null && characters(referredTo) > MAX_REFERRED_TO) {
            problems.add(new FieldError(request.fields().referredTo(),
                    "must be at most " + MAX_REFERRED_TO + " characters"));
        }
        return problems;
    }

    /** A reason cut to its first 500 code points, so never inside a surrogate pair. */
    public static String fitReason(String reason) {
        if (characters(reason) <= MAX_REASON) {
            return reason;
        }
        return reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON));
    }

    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}

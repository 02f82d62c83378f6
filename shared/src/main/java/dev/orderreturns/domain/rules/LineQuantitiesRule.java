package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.ReturnFields;
import dev.orderreturns.domain.ReturnRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * R2: each returned line has a quantity of at least 1 and names an item once; a return with no
 * items is allowed only when it carries an additional value (a value-only return).
 */
public final class LineQuantitiesRule {

    public static final int MAX_LINES = 1000;

    private LineQuantitiesRule() {
    }

    public static List<FieldError> problems(ReturnRequest request) {
        ReturnFields fields = request.fields();
        List<FieldError> problems = new ArrayList<>();
        if (request.items().size() > MAX_LINES) {
            problems.add(new FieldError(fields.items(), "at most " + MAX_LINES + " items per return"));
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            ReturnRequest.Units line = request.items().get(i);
            if (line.itemIndex() < 0) {
                problems.add(new FieldError(fields.lineItem(i), "must be 0 or more"));
            } else if (!seen.add(line.itemIndex())) {
                problems.add(new FieldError(fields.lineItem(i),
                        "item " + line.itemIndex() + " appears more than once in this return"));
            }
            if (line.quantity() < 1) {
                problems.add(new FieldError(fields.lineQuantity(i), "must be at least 1"));
            }
        }
        return problems;
    }

    /** The value-only exception of R2: no items needs an additional value. */
    public static List<FieldError> emptinessProblems(ReturnRequest request) {
        if (request.items().isEmpty() && request.additionalValue() == 0) {
            return List.of(new FieldError(request.fields().items(),
                    "a return needs at least one item, unless it carries an additional value"));
        }
        return List.of();
    }
}

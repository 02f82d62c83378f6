package dev.orderreturns.functions;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.routes.ApiRoutes;

import java.time.Clock;
import java.util.function.Supplier;

/** Commands: import an order, record an invoice notification, submit a return, retry a failed refund. */
public final class WriteApiFunction extends ApiFunction {

    /** What Lambda instantiates: the deployed wiring, and SnapStart's hooks (see {@link Priming}). */
    public WriteApiFunction() {
        this(Wiring.desk(), Wiring::newId, Clock.systemUTC());
        Priming.register(Priming.Paths.COMMANDS);
    }

    public WriteApiFunction(ReturnDesk desk, Supplier<String> ids, Clock clock) {
        super(ApiRoutes.commands(desk, ids, clock));
    }
}

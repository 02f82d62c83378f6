package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The returns of one account across its orders (the operator's lists, the finance export): a page
 * of the index ({@link ReturnListings}), then the orders it names, read whole, so every return is
 * shown as it stands. A return whose status changed between the two reads so that it no longer
 * matches is left out of the page.
 */
public final class ReturnsAcrossOrders {

    public record Found(Order order, OrderReturn orderReturn) {
    }

    public record Page(List<Found> returns, String nextCursor) {
    }

    public static final int MAX_PAGE = 500;

    private final ReturnListings listings;
    private final OrderStore store;
    private final Clock clock;

    public ReturnsAcrossOrders(ReturnListings listings, OrderStore store, Clock clock) {
        this.listings = listings;
        this.store = store;
        this.clock = clock;
    }

    public Page list(String account, ReturnListings.Filter filter, String cursor, int limit) {
        Instant now = clock.instant();
        ReturnListings.Page page = listings.list(account, filter, cursor, Math.min(Math.max(limit, 1), MAX_PAGE), now);
        Map<String, Order> orders = store.findAll(account, page.returns().stream()
                        .map(ReturnListings.Listed::orderId).distinct().toList())
                .stream().collect(Collectors.toMap(Order::orderId, Function.identity()));
        List<Found> found = new ArrayList<>();
        for (ReturnListings.Listed listed : page.returns()) {
            Order order = orders.get(listed.orderId());
            OrderReturn ret = order == null ? null : order.returns().find(listed.returnId()).orElse(null);
            if (ret != null && filter.accepts(ret.status(), ret.createdAt(), ret.needsAttention(now))) {
                found.add(new Found(order, ret));
            }
        }
        return new Page(found, page.nextCursor());
    }
}

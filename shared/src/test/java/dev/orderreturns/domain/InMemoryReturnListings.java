package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link ReturnListings} fake over an {@link InMemoryOrderStore}: every return of the account,
 * newest first, filtered as the domain says; the cursor is the account and an offset, refused
 * (400 on {@code cursor}) when it is anything else.
 */
public final class InMemoryReturnListings implements ReturnListings {

    private final InMemoryOrderStore store;

    public InMemoryReturnListings(InMemoryOrderStore store) {
        this.store = store;
    }

    @Override
    public Page list(String account, Filter filter, String cursor, int limit, Instant now) {
        int from = 0;
        if (cursor != null) {
            String prefix = Integer.toHexString(account.hashCode()) + ":";
            if (!cursor.startsWith(prefix) || !cursor.substring(prefix.length()).matches("[0-9]{1,9}")) {
                throw Refusal.invalid("cursor", "is not a cursor of this listing: start again without one");
            }
            from = Integer.parseInt(cursor.substring(prefix.length()));
        }
        List<Listed> all = new ArrayList<>();
        store.all(account).stream()
                .flatMap(o -> o.returns().all().stream().filter(r -> filter.accepts(r.status(), r.createdAt(),
                        r.needsAttention(now))).map(r -> new Object[] {o.orderId(), r}))
                .sorted(Comparator.comparing((Object[] pair) -> ((OrderReturn) pair[1]).createdAt()).reversed())
                .forEach(pair -> all.add(new Listed((String) pair[0], ((OrderReturn) pair[1]).returnId())));
        int to = Math.min(all.size(), from + limit);
        List<Listed> page = from >= all.size() ? List.of() : all.subList(from, to);
        return new Page(page, to < all.size() ? Integer.toHexString(account.hashCode()) + ":" + to : null);
    }
}

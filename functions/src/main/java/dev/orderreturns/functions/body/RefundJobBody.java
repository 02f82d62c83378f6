package dev.orderreturns.functions.body;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Ids;
import dev.orderreturns.domain.RefundJob;

import java.io.IOException;
import java.util.Map;

/** A refund job as the queue carries it: {@code {account, orderId, returnId}}, each a well-formed id. */
public final class RefundJobBody {

    private RefundJobBody() {
    }

    /** The job, or null when the message is not one (it can then never succeed). */
    public static RefundJob parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            if (!(JSON.std.anyFrom(body) instanceof Map<?, ?> map)) {
                return null;
            }
            if (map.get("account") instanceof String account && map.get("orderId") instanceof String orderId
                    && map.get("returnId") instanceof String returnId
                    && Ids.isId(account) && Ids.isId(orderId) && Ids.isId(returnId)) {
                return new RefundJob(account, orderId, returnId);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}

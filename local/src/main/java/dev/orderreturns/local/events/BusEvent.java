package dev.orderreturns.local.events;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An event the local bus took: what a PutEvents entry said, with the id and time the bus gave it. */
public record BusEvent(String id, String bus, String source, String detailType, Map<String, Object> detail,
                       Instant time, List<String> resources) {

    public BusEvent {
        resources = List.copyOf(resources);
    }

    /** EventBridge's time: UTC, to the second. */
    public String timeText() {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The event as rules match it and targets receive it (an SQS message body is this, whole):
     * {@code {version, id, detail-type, source, account, time, region, resources, detail}}.
     */
    public Map<String, Object> envelope(String account, String region) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", account);
        envelope.put("time", timeText());
        envelope.put("region", region);
        envelope.put("resources", resources);
        envelope.put("detail", detail);
        return envelope;
    }

    /** As {@code GET /_local/events} lists it (DESIGN.md section 5). */
    public Map<String, Object> toLocalJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("source", source);
        json.put("detailType", detailType);
        json.put("detail", detail);
        json.put("time", timeText());
        return json;
    }
}

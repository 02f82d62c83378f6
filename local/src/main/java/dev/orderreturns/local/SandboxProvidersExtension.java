package dev.orderreturns.local;

import dev.orderreturns.local.faults.EventBusFaults;
import dev.orderreturns.local.faults.FaultRequest;
import dev.orderreturns.local.faults.StoreAndQueueFaults;
import dev.orderreturns.local.sandbox.SandboxFaults;
import dev.orderreturns.local.sandbox.SandboxProviders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * The sandbox payment and gift-card providers (DESIGN.md section 5): starts them, points the
 * functions' configuration at them with the sandbox's credentials, and registers the local
 * endpoints {@code /_local/ledger} (what they executed) and {@code /_local/faults} (make the
 * next calls fail: to a provider, or the refund processor's DynamoDB writes, or the functions'
 * SQS sends, through {@link StoreAndQueueFaults}, or PutEvents calls to the local EventBridge,
 * through its {@link EventBusFaults}).
 */
public final class SandboxProvidersExtension implements LocalStack.Extension {

    /** The provider clients' read timeout locally; a "timeout" fault answers later than this. */
    static final Duration PROVIDER_READ_TIMEOUT = Duration.ofMillis(1500);

    /** The function whose writes a {@code store} fault fails. */
    static final String REFUND_PROCESSOR = "RefundProcessorFunction";

    private SandboxProviders sandbox;
    private StoreAndQueueFaults storeAndQueue;
    private EventBusFaults events;

    public SandboxProviders sandbox() {
        return sandbox;
    }

    /** The stack's store and queue faults; null before the stack has started. */
    public StoreAndQueueFaults storeAndQueueFaults() {
        return storeAndQueue;
    }

    @Override
    public void configure(LocalStack stack, Map<String, String> configuration) {
        try {
            sandbox = new SandboxProviders(PROVIDER_READ_TIMEOUT.plusMillis(1000));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox providers", e);
        }
        configuration.put("PAYMENTS_BASE_URL", sandbox.paymentsBaseUrl());
        configuration.put("GIFT_CARDS_BASE_URL", sandbox.giftCardsBaseUrl());
        // The sandbox's dummy credentials; deployed, credentials come from SSM SecureStrings.
        configuration.put("PROVIDER_APP_KEY", SandboxProviders.APP_KEY);
        configuration.put("PROVIDER_APP_TOKEN", SandboxProviders.APP_TOKEN);
        configuration.put("PROVIDER_CONNECT_TIMEOUT_MS", "1000");
        configuration.put("PROVIDER_READ_TIMEOUT_MS", Long.toString(PROVIDER_READ_TIMEOUT.toMillis()));
    }

    @Override
    public void start(LocalStack stack) {
        storeAndQueue = StoreAndQueueFaults.attach(stack.functions(),
                stack.template().functions().containsKey(REFUND_PROCESSOR) ? REFUND_PROCESSOR : null);
        events = stack.eventBridge().faults();
        LocalHttpApi api = stack.httpApi();
        api.register(LocalHttpApi.LOCAL_PREFIX + "/ledger", request -> {
            request.requireMethod("GET");
            return LocalEndpoint.Response.json(200, sandbox.ledger().toJson());
        });
        api.register(LocalHttpApi.LOCAL_PREFIX + "/faults", request -> {
            request.requireMethod("POST");
            return injectFault(FaultRequest.parse(request.jsonObject()));
        });
    }

    private LocalEndpoint.Response injectFault(FaultRequest fault) {
        switch (fault.target()) {
            case "payments" -> sandbox.faults().inject(SandboxFaults.Target.PAYMENTS,
                    SandboxFaults.Mode.fromWire(fault.mode()), fault.count());
            case "giftcards" -> sandbox.faults().inject(SandboxFaults.Target.GIFTCARDS,
                    SandboxFaults.Mode.fromWire(fault.mode()), fault.count());
            case "store" -> {
                if (storeAndQueue.storeWriter() == null) {
                    throw new LocalEndpoint.BadRequestException("target store fails the writes of "
                            + REFUND_PROCESSOR + ", which this stack's template does not have");
                }
                storeAndQueue.failStoreWrites(fault.count());
            }
            case "queue" -> storeAndQueue.failQueueSends(fault.count());
            case "events" -> events.failCalls(fault.count());
            default -> throw new IllegalStateException("FaultRequest let through target " + fault.target());
        }
        return LocalEndpoint.Response.json(200, fault.toJson());
    }

    @Override
    public void close() {
        if (storeAndQueue != null) storeAndQueue.detach();
        if (sandbox != null) sandbox.close();
    }
}

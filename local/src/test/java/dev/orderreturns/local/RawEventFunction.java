package dev.orderreturns.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test stream handler: answers with the raw event JSON as its body, to check the event field by field. */
public class RawEventFunction implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        output.write(JSON.std.asBytes(Map.of("statusCode", 200, "headers", Map.of("content-type", "application/json"),
                "body", event)));
    }
}

// Not run by hand: ColdStartFloor starts it in a fresh JVM (the same java and flags as the function it is the floor of).
package dev.orderreturns.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The floor of a cold start: a JVM that starts, makes one raw HTTP call to the same DynamoDB
 * server as the function (DynamoDB {@code ListTables}, with HttpURLConnection and a signature-shaped
 * header dynalite does not check) and exits. Nothing a function could do from a fresh JVM costs less.
 * Prints {@code FLOOR status=... answeredEpochUs=...}, the moment the answer was read.
 */
public final class FloorProbe {

    private FloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("content-type", "application/x-amz-json-1.0");
        c.setRequestProperty("x-amz-target", "DynamoDB_20120810.ListTables");
        c.setRequestProperty("authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request,"
                + " SignedHeaders=host, Signature=0");
        c.setRequestProperty("x-amz-date", "20260101T000000Z");
        try (OutputStream out = c.getOutputStream()) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            in.readAllBytes();
        }
        Instant answered = Instant.now();
        System.out.println("FLOOR status=" + status + " answeredEpochUs="
                + (answered.getEpochSecond() * 1_000_000L + answered.getNano() / 1_000));
    }
}

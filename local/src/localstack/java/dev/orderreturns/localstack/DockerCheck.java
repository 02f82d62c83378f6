package dev.orderreturns.localstack;

/**
 * Run by Maven before the tests of {@code -Plocalstack}: says in one line on the build's console
 * whether they will run on LocalStack or be skipped (test output goes to report files, so a
 * skip's reason would otherwise be seen by nobody). Always exits 0: no Docker is not a failure.
 */
public final class DockerCheck {

    private DockerCheck() {
    }

    public static void main(String[] args) {
        System.out.println(Docker.isAvailable()
                ? "LocalStack profile: Docker found; the tests on a local stack run on LocalStack's DynamoDB and SQS ("
                        + LocalStackSettings.current().describe() + ")"
                : Docker.UNAVAILABLE);
    }
}

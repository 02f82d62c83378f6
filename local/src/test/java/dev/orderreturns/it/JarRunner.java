// Not run by hand: HandlersFromTheJarTest starts it in a child JVM whose class path holds only this class and the
// Lambda runtime's own libraries (aws-lambda-java-core, aws-lambda-java-serialization).
package dev.orderreturns.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What the Lambda Java runtime does with a function's code, in a JVM of its own: the deployed jar
 * in a class loader of its own, under the runtime's libraries, made the thread's context loader;
 * the handler loaded by name and built with its no-argument constructor; each event turned into
 * the handler's input type by aws-lambda-java-serialization, the handler called, the answer
 * turned into JSON. Nothing of the project is on this JVM's class path, so every class a path
 * needs must come from the jar.
 *
 * <p>Arguments: {@code JAR HANDLER_CLASS TIMEOUT_SECONDS (EVENT_FILE ANSWER_FILE)...}. Exits 0
 * when every event was answered; the answers are in their files.
 */
public final class JarRunner {

    private JarRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String handler = args[1];
        int timeoutSeconds = Integer.parseInt(args[2]);
        try (URLClassLoader loader = new URLClassLoader("function", new URL[] {jar.toUri().toURL()},
                ClassLoader.getSystemClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> type = Class.forName(handler, true, loader);
            if (type.getClassLoader() != loader) {
                throw new IllegalStateException(handler + " was not loaded from " + jar);
            }
            Object instance = type.getConstructor().newInstance();
            Method method = handleRequest(type);
            PojoSerializer<Object> in = serializer(method.getParameterTypes()[0], loader);
            PojoSerializer<Object> out = serializer(method.getReturnType(), loader);
            String function = type.getSimpleName();
            for (int i = 3; i + 1 < args.length; i += 2) {
                Object event;
                try (InputStream json = Files.newInputStream(Path.of(args[i]))) {
                    event = in.fromJson(json);
                }
                Object answer = method.invoke(instance, event, context(function, timeoutSeconds));
                try (OutputStream json = Files.newOutputStream(Path.of(args[i + 1]))) {
                    out.toJson(answer, json);
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /** {@code handleRequest(input, Context)} as the class declares it (not the erased bridge method). */
    private static Method handleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && !m.isBridge() && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no handleRequest(input, Context)");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
    }

    private static Context context(String function, int timeoutSeconds) {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        String requestId = UUID.randomUUID().toString();
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return requestId;
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/" + function;
            }

            @Override
            public String getLogStreamName() {
                return "jar-runner";
            }

            @Override
            public String getFunctionName() {
                return function;
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, deadline - System.currentTimeMillis());
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override
                    public void log(String message) {
                        System.out.print(message);
                    }

                    @Override
                    public void log(byte[] message) {
                        System.out.print(new String(message, StandardCharsets.UTF_8));
                    }
                };
            }
        };
    }
}

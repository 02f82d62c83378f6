// Not run by hand: HandlersFromTheJarTest starts it in a child JVM whose class path holds only this class and the
// Lambda runtime's own libraries (aws-lambda-java-core, aws-lambda-java-serialization).
package dev.orderreturns.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What the Lambda Java runtime does with a function's code, in a JVM of its own: the deployed jar
 * in a class loader of its own, under the runtime's libraries, made the thread's context loader;
 * the handler class loaded by name and built with its no-argument constructor; the method chosen
 * as the runtime chooses it (for {@code Class::method}, among the public overloads of that name the
 * longest signature, a trailing Context counting one more; for a bare class, RequestStreamHandler
 * before RequestHandler); then each event passed as bytes to a stream handler, or turned into the
 * input type by aws-lambda-java-serialization for any other, and the answer kept. Nothing of the
 * project is on this JVM's class path, so every class a path needs must come from the jar.
 *
 * <p>Arguments: {@code JAR HANDLER TIMEOUT_SECONDS (EVENT_FILE ANSWER_FILE)...}, HANDLER as
 * template.yaml writes it. Exits 0 when every event was answered; the answers are in their files.
 */
public final class JarRunner {

    private JarRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String handler = args[1];
        int timeoutSeconds = Integer.parseInt(args[2]);
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        try (URLClassLoader loader = new URLClassLoader("function", new URL[] {jar.toUri().toURL()},
                ClassLoader.getSystemClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> type = Class.forName(className, true, loader);
            if (type.getClassLoader() != loader) {
                throw new IllegalStateException(className + " was not loaded from " + jar);
            }
            Object instance = type.getConstructor().newInstance();
            Method method = separator < 0 ? byInterface(type) : byName(type, handler.substring(separator + 2));
            boolean stream = method.getParameterCount() == 3;
            PojoSerializer<Object> in = stream ? null : serializer(method.getParameterTypes()[0], loader);
            PojoSerializer<Object> out = stream ? null : serializer(method.getReturnType(), loader);
            String function = type.getSimpleName();
            for (int i = 3; i + 1 < args.length; i += 2) {
                byte[] event = Files.readAllBytes(Path.of(args[i]));
                Context context = context(function, timeoutSeconds);
                try (OutputStream answer = Files.newOutputStream(Path.of(args[i + 1]))) {
                    if (stream) {
                        method.invoke(instance, new ByteArrayInputStream(event), answer, context);
                    } else {
                        out.toJson(method.invoke(instance, in.fromJson(new ByteArrayInputStream(event)), context), answer);
                    }
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /** The runtime's choice for {@code Class::method}: non-bridge first, then the longest signature. */
    private static Method byName(Class<?> type, String name) {
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) candidates.add(m);
        }
        candidates.sort(Comparator.comparing((Method m) -> m.isBridge())
                .thenComparing(Comparator.comparingInt(JarRunner::weight).reversed()));
        for (Method m : candidates) {
            Class<?>[] p = m.getParameterTypes();
            if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
                return m;
            }
            if (p.length == 2 && p[1] == Context.class && p[0] != InputStream.class && p[0] != OutputStream.class
                    && p[0] != Context.class) {
                return m;
            }
            // the runtime accepts more forms; these functions use none of them
        }
        throw new IllegalStateException(type.getName() + " has no " + name + "(InputStream, OutputStream, Context)"
                + " or " + name + "(input, Context)");
    }

    private static int weight(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length + (p.length > 0 && p[p.length - 1] == Context.class ? 1 : 0);
    }

    /** The runtime's choice for a bare class name: RequestStreamHandler, else RequestHandler. */
    private static Method byInterface(Class<?> type) throws NoSuchMethodException {
        if (RequestStreamHandler.class.isAssignableFrom(type)) {
            return type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
        }
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && !m.isBridge() && m.getParameterCount() == 2
                    && m.getParameterTypes()[1] == Context.class) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " implements neither handler interface");
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

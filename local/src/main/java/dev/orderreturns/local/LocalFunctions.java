package dev.orderreturns.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's functions, each handler instantiated once (as one warm Lambda instance) and
 * invoked with JSON in, JSON out. Events are converted with aws-lambda-java-serialization, the
 * library the real Java runtime uses, so APIGatewayV2HTTPEvent, SQSEvent, ScheduledEvent, ...
 * deserialize exactly as on AWS.
 */
public final class LocalFunctions {

    /** A handler threw, or its input or output could not be converted: a Lambda function error. */
    public static class FunctionException extends RuntimeException {
        private final String functionId;

        public FunctionException(String functionId, String message, Throwable cause) {
            super(message, cause);
            this.functionId = functionId;
        }

        public String functionId() {
            return functionId;
        }

        /** The error as Lambda reports it to a synchronous caller: {errorMessage, errorType, stackTrace}. */
        public byte[] errorJson() {
            Throwable error = getCause() != null ? getCause() : this;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("errorMessage", String.valueOf(error.getMessage()));
            json.put("errorType", error.getClass().getName());
            json.put("stackTrace", Arrays.stream(error.getStackTrace()).map(StackTraceElement::toString).toList());
            try {
                return JSON.std.asBytes(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The function's handler could not be loaded, so Lambda would reject the invocation. */
    public static final class FunctionUnavailableException extends FunctionException {
        public FunctionUnavailableException(String functionId, String message, Throwable cause) {
            super(functionId, message, cause);
        }
    }

    private sealed interface Slot permits Ready, Unavailable {
        SamTemplate.Function definition();
    }

    private record Ready(SamTemplate.Function definition, Object instance, Method method, Class<?> inputType,
                         Class<?> outputType) implements Slot {}

    private record Unavailable(SamTemplate.Function definition, String reason, Throwable cause) implements Slot {}

    private final Map<String, Slot> slots;
    private final ClassLoader loader;
    private final Map<Class<?>, PojoSerializer<Object>> serializers = new ConcurrentHashMap<>();

    private LocalFunctions(Map<String, Slot> slots, ClassLoader loader) {
        this.slots = slots;
        this.loader = loader;
    }

    /**
     * Loads and instantiates every function's handler. Call it only after the function
     * configuration is in place: handlers typically read it in static initializers.
     * A handler that cannot be loaded does not stop the others; its invocations fail as
     * {@link FunctionUnavailableException} and {@link #unavailable()} says why.
     */
    public static LocalFunctions load(SamTemplate template, ClassLoader loader) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (SamTemplate.Function function : template.functions().values()) {
            slots.put(function.logicalId(), loadOne(function, loader));
        }
        return new LocalFunctions(slots, loader);
    }

    private static Slot loadOne(SamTemplate.Function function, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(function.handlerClass(), true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return new Unavailable(function, "handler class " + function.handlerClass() + " not found", e);
        } catch (ExceptionInInitializerError e) {
            return new Unavailable(function, "static initializer of " + function.handlerClass() + " failed: "
                    + e.getCause(), e.getCause());
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            return new Unavailable(function, function.handlerClass() + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            return new Unavailable(function, "constructor of " + function.handlerClass() + " failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            return new Unavailable(function, "cannot instantiate " + function.handlerClass() + ": " + e, e);
        }
        Method method = handlerMethod(type, function.handlerMethod());
        if (method == null) {
            return new Unavailable(function, function.handlerClass() + " has no public handler method "
                    + function.handlerMethod() + "(input[, Context]) or (InputStream, OutputStream[, Context])", null);
        }
        method.setAccessible(true);
        Class<?> input = Object.class;
        Class<?> output = method.getReturnType();
        if (!isStreamHandler(method)) {
            for (Class<?> p : method.getParameterTypes()) {
                if (p != Context.class) {
                    input = p;
                    break;
                }
            }
            // a handler that only has the erased handleRequest(Object, Context): take RequestHandler<I, O>'s I and O
            Type[] generic = requestHandlerTypes(type);
            if (input == Object.class && generic != null) input = rawClass(generic[0]);
            if (output == Object.class && generic != null) output = rawClass(generic[1]);
        }
        return new Ready(function, instance, method, input, output);
    }

    /** The method Lambda would call: not a bridge, and preferably one whose first parameter isn't Object. */
    static Method handlerMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> isStreamHandler(m) || isPojoHandler(m))
                .min(Comparator.comparingInt((Method m) -> isStreamHandler(m) ? 0 : 1)
                        .thenComparingInt(m -> m.getParameterCount() > 0 && m.getParameterTypes()[0] == Object.class
                                ? 1 : 0))
                .orElse(null);
    }

    private static boolean isStreamHandler(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return (p.length == 2 || p.length == 3) && p[0] == InputStream.class && p[1] == OutputStream.class
                && (p.length == 2 || p[2] == Context.class);
    }

    private static boolean isPojoHandler(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length == 0 || p.length == 1 || (p.length == 2 && p[1] == Context.class);
    }

    /** I and O of RequestHandler<I, O> as declared somewhere up the class hierarchy, or null. */
    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return Object.class;
    }

    /** Logical ids of every function of the template (loaded or not). */
    public Set<String> names() {
        return slots.keySet();
    }

    public SamTemplate.Function definition(String functionId) {
        return slot(functionId).definition();
    }

    public boolean isAvailable(String functionId) {
        return slot(functionId) instanceof Ready;
    }

    /** Functions whose handler could not be loaded → why. */
    public Map<String, String> unavailable() {
        Map<String, String> out = new LinkedHashMap<>();
        slots.forEach((id, slot) -> {
            if (slot instanceof Unavailable u) out.put(id, u.reason());
        });
        return out;
    }

    /** The handler instance (for tests and local tools that need to reach into it). */
    public Object handler(String functionId) {
        if (slot(functionId) instanceof Ready r) return r.instance();
        throw unavailable(functionId, (Unavailable) slot(functionId));
    }

    /**
     * Invokes a function with an event, as Lambda's synchronous Invoke does.
     *
     * @return the handler's response as JSON ({@code null} for a void or null result)
     * @throws FunctionException when the handler throws or its input or output does not convert
     */
    public byte[] invoke(String functionId, byte[] eventJson) {
        Slot slot = slot(functionId);
        if (slot instanceof Unavailable u) throw unavailable(functionId, u);
        Ready ready = (Ready) slot;
        SamTemplate.Function def = ready.definition();
        LocalContext context = new LocalContext(functionId, def.timeoutSeconds(), def.memorySize());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        // which function makes the SDK calls below, for the local store and queue faults
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(this, functionId)) {
            InputStream in = new ByteArrayInputStream(eventJson);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Method method = ready.method();
            Class<?>[] params = method.getParameterTypes();
            Object input = null;
            if (!isStreamHandler(method) && Arrays.stream(params).anyMatch(p -> p != Context.class)) {
                try {
                    input = serializer(ready.inputType()).fromJson(in);
                } catch (RuntimeException e) {
                    throw new FunctionException(functionId, "cannot convert the event to "
                            + ready.inputType().getName() + ": " + e.getMessage(), e);
                }
            }
            Object[] args = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                if (params[i] == Context.class) args[i] = context;
                else if (isStreamHandler(method)) args[i] = i == 0 ? in : out;
                else args[i] = input;
            }
            Object result;
            try {
                result = method.invoke(ready.instance(), args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new FunctionException(functionId, functionId + " failed: " + cause, cause);
            } catch (IllegalAccessException e) {
                throw new FunctionException(functionId, "cannot call " + method, e);
            }
            if (isStreamHandler(method)) return out.toByteArray();
            if (result == null) return "null".getBytes();
            Class<?> outputType = ready.outputType() == Object.class || ready.outputType() == void.class
                    ? result.getClass() : ready.outputType();
            try {
                serializer(outputType).toJson(result, out);
            } catch (RuntimeException e) {
                throw new FunctionException(functionId, "cannot convert the result of " + functionId + " to JSON: "
                        + e.getMessage(), e);
            }
            return out.toByteArray();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private PojoSerializer<Object> serializer(Class<?> type) {
        // building one configures a Jackson mapper: expensive, so once per type
        return serializers.computeIfAbsent(type,
                t -> (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(t, loader));
    }

    private Slot slot(String functionId) {
        Slot slot = slots.get(functionId);
        if (slot == null) throw new IllegalArgumentException("no function " + functionId + " in the template");
        return slot;
    }

    private static FunctionUnavailableException unavailable(String id, Unavailable u) {
        return new FunctionUnavailableException(id, id + " is unavailable: " + u.reason(), u.cause());
    }
}

package io.sfstigg.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Each function's IAM statements grant exactly the AWS calls its code can make: the calls on the
 * SDK clients reachable from the handler in its deployment jar (its constructor, handleRequest, and
 * for SnapStart functions the CRaC hooks), each on the resource its adapter is configured with.
 */
class IamPoliciesTest {
    private static final Path ROOT = TemplateModel.locate().getParent();
    private static final String OWN = "io/sfstigg/";
    private static final String SDK_SERVICES = "software/amazon/awssdk/services/";
    private static final String SECRETS_PACKAGE = "io/sfstigg/core/secrets/";

    /** The environment variable naming the resource each table or queue adapter is built with. */
    private static final Map<String, String> ADAPTER_RESOURCE = Map.of(
            "io/sfstigg/core/tenant/DynamoTenantStore", "TENANTS_TABLE",
            "io/sfstigg/core/ledger/DynamoLedger", "REQUESTS_TABLE",
            "io/sfstigg/core/fairness/DynamoWaitSlots", "REQUESTS_TABLE",
            "io/sfstigg/core/ratelimit/DynamoCallLimiter", "RATE_LIMITS_TABLE",
            "io/sfstigg/core/links/DynamoLinkStore", "LINKS_TABLE",
            "io/sfstigg/core/opportunity/DynamoOpportunityStore", "REQUESTS_TABLE",
            "io/sfstigg/core/sync/DynamoSyncConfigStore", "TENANTS_TABLE",
            "io/sfstigg/core/sync/DynamoEntityStates", "LINKS_TABLE",
            "io/sfstigg/core/queue/SqsRequestQueue", "QUEUE_URL");

    /**
     * IAM has no action for a transaction: each item in it is authorised as its own write. What
     * the transaction of each adapter method writes, as "action table-variable".
     */
    private static final Map<String, List<String>> TRANSACTION_ITEMS = Map.of(
            "io/sfstigg/core/ledger/DynamoLedger#create",
            List.of("dynamodb:PutItem REQUESTS_TABLE", "dynamodb:UpdateItem REQUESTS_TABLE"),
            "io/sfstigg/core/ledger/DynamoLedger#succeed",
            List.of("dynamodb:UpdateItem REQUESTS_TABLE", "dynamodb:UpdateItem LINKS_TABLE", "dynamodb:PutItem LINKS_TABLE"),
            "io/sfstigg/core/ratelimit/DynamoCallLimiter#take", List.of("dynamodb:UpdateItem RATE_LIMITS_TABLE"));

    /** The secret each user of the secret store reads or writes, by the variable that names it. */
    private static final Map<String, String> SECRET_USER_RESOURCE = Map.of(
            "io/sfstigg/api/admin/AdminAuthenticator", "ADMIN_TOKEN_SECRET_ID",
            "io/sfstigg/api/PutConfigRoute", "SECRET_PREFIX",
            "io/sfstigg/worker/MessageProcessor", "SECRET_PREFIX",
            "io/sfstigg/api/sync/StiggWebhookRoute", "SECRET_PREFIX",
            "io/sfstigg/api/sync/PutSyncConfigRoute", "SECRET_PREFIX",
            "io/sfstigg/worker/StiggEventApplier", "SECRET_PREFIX");

    @Test
    void everyFunctionIsGrantedExactlyTheCallsItsCodeMakes() throws IOException {
        Map<String, Object> template = TemplateModel.tree(ROOT.resolve("template.yaml"));
        Map<String, Object> environment = map(map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                .get("Variables"));
        Map<String, Code> jars = new HashMap<>();
        Map<String, Set<String>> granted = new TreeMap<>();
        Map<String, Set<String>> called = new TreeMap<>();
        map(template.get("Resources")).forEach((name, resource) -> {
            if (!"AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(map(resource).get("Properties"));
            String jar = String.valueOf(properties.get("CodeUri"));
            Code code = jars.computeIfAbsent(jar, j -> Code.load(ROOT.resolve(j)));
            String handler = String.valueOf(properties.get("Handler"));
            Set<Call> calls = code.callsFrom(handler.substring(0, handler.indexOf("::")).replace('.', '/'),
                    properties.containsKey("SnapStart"));
            Set<String> actions = new TreeSet<>();
            for (Call call : calls) {
                if (call.action().equals("dynamodb:TransactWriteItems")) {
                    List<String> items = TRANSACTION_ITEMS.get(call.adapter() + "#" + call.method());
                    assertNotNull(items, call + ": add what its transactions write to TRANSACTION_ITEMS");
                    items.forEach(item -> actions.add(item.split(" ")[0] + " on "
                            + resource(environment.get(item.split(" ")[1]))));
                } else {
                    actions.add(call.action() + " on " + resourceOf(call, environment));
                }
            }
            called.put(name, actions);
            granted.put(name, grants(name, properties));
        });
        assertTrue(called.containsKey("WorkerFunction") && called.size() > 10, "the template's functions: " + called.keySet());
        assertTrue(called.get("WorkerFunction").contains("secretsmanager:GetSecretValue on secret:${AWS::StackName}/stigg/*"),
                "the analysis finds the worker reading Stigg keys: " + called.get("WorkerFunction"));
        StringBuilder differences = new StringBuilder();
        called.forEach((function, calls) -> {
            Set<String> notGranted = new TreeSet<>(calls);
            notGranted.removeAll(granted.get(function));
            Set<String> notCalled = new TreeSet<>(granted.get(function));
            notCalled.removeAll(calls);
            if (!notGranted.isEmpty() || !notCalled.isEmpty()) {
                differences.append(String.format("%n%s: called, not granted %s; granted, never called %s",
                        function, notGranted, notCalled));
            }
        });
        assertEquals("", differences.toString(), "each function's statements against its code's calls");
    }

    @Test
    void theAnalysisFollowsInterfacesLambdasAndSnapStartHooks() {
        Code api = Code.load(ROOT.resolve("functions/api/target/api.jar"));
        Set<String> withHooks = actions(api.callsFrom("io/sfstigg/api/admin/RevokeTokenHandler", true));
        Set<String> withoutHooks = actions(api.callsFrom("io/sfstigg/api/admin/RevokeTokenHandler", false));
        assertTrue(withHooks.contains("dynamodb:GetItem"), "priming reads a tenant before the snapshot: " + withHooks);
        assertFalse(withoutHooks.contains("dynamodb:GetItem"), "without SnapStart nothing reads a tenant: " + withoutHooks);
        assertTrue(withoutHooks.containsAll(Set.of("dynamodb:UpdateItem", "secretsmanager:GetSecretValue")), withoutHooks.toString());
        assertEquals(Set.of(), actions(api.callsFrom("io/sfstigg/api/HealthHandler", false)));
    }

    private static Set<String> actions(Set<Call> calls) {
        Set<String> actions = new TreeSet<>();
        calls.forEach(c -> actions.add(c.action()));
        return actions;
    }

    private static String resourceOf(Call call, Map<String, Object> environment) {
        String variable = call.action().startsWith("secretsmanager:")
                ? SECRET_USER_RESOURCE.get(call.secretUser())
                : ADAPTER_RESOURCE.get(call.adapter());
        assertNotNull(variable, call + ": no resource known for this call; add its adapter or secret user to this test's tables");
        Object value = environment.get(variable);
        assertNotNull(value, variable + " is not in Globals.Function.Environment");
        return resource(variable.equals("SECRET_PREFIX") ? Map.of("Fn::Sub", "arn:secret:" + map(value).get("Fn::Sub") + "*") : value);
    }

    /** The function's statements as "action on resource", each statement one resource, nothing but Allow. */
    private static Set<String> grants(String function, Map<String, Object> properties) {
        Set<String> grants = new TreeSet<>();
        for (Object policy : list(properties.getOrDefault("Policies", List.of()))) {
            assertTrue(map(policy).keySet().equals(Set.of("Statement")),
                    function + ": only explicit statements, no policy templates or managed policies: " + policy);
            for (Object s : list(map(policy).get("Statement"))) {
                Map<String, Object> statement = map(s);
                assertEquals("Allow", statement.get("Effect"), function);
                Object resource = statement.get("Resource");
                assertFalse(resource instanceof List<?>, function + ": one resource per statement: " + statement);
                for (Object action : list(statement.get("Action"))) {
                    assertFalse(String.valueOf(action).contains("*"), function + ": no wildcard actions: " + action);
                    assertTrue(grants.add(action + " on " + resource(resource)), function + " grants " + action + " twice");
                }
            }
        }
        return grants;
    }

    /** A resource as the template names it: the logical id, or the secret name pattern of an ARN. */
    private static String resource(Object value) {
        Map<String, Object> intrinsic = map(value);
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<Object> getAtt = list(intrinsic.get("Fn::GetAtt"));
            assertEquals("Arn", getAtt.get(1), "resources are ARNs: " + value);
            return String.valueOf(getAtt.get(0));
        }
        if (intrinsic.containsKey("Ref")) {
            return String.valueOf(intrinsic.get("Ref"));
        }
        String sub = String.valueOf(intrinsic.get("Fn::Sub"));
        int secret = sub.indexOf(":secret:");
        assertTrue(secret > 0, "unexpected resource " + value);
        return sub.substring(secret + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }

    /** One SDK operation: its IAM action, the class that calls the client, and who used the secret store. */
    record Call(String action, String adapter, String method, String secretUser) {}

    private record MethodRef(String owner, String name, String desc) {}

    private record Invocation(int opcode, MethodRef target) {}

    private static final class MethodBody {
        final List<Invocation> invocations = new ArrayList<>();
        final List<String> instantiated = new ArrayList<>();
        boolean concrete;
        boolean isStatic;
    }

    private static final class ClassBody {
        String superName;
        final List<String> interfaces = new ArrayList<>();
        boolean isAbstract;
        final Map<String, MethodBody> methods = new LinkedHashMap<>();
    }

    /**
     * The project's classes in one deployment jar and a call graph over them: virtual calls on the
     * handler's own hierarchy dispatch to the handler, other calls to every project class that
     * implements the method; lambdas run where they are made; a project class handed to a library
     * (it implements an outside interface) may have any of its methods called.
     */
    private static final class Code {
        private final Map<String, ClassBody> classes;

        private Code(Map<String, ClassBody> classes) {
            this.classes = classes;
        }

        static Code load(Path jar) {
            assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package");
            Map<String, ClassBody> classes = new HashMap<>();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : java.util.Collections.list(file.entries())) {
                    if (entry.getName().startsWith(OWN) && entry.getName().endsWith(".class")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            read(new ClassReader(in), classes);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(jar.toString(), e);
            }
            return new Code(classes);
        }

        private static void read(ClassReader reader, Map<String, ClassBody> classes) {
            ClassBody body = new ClassBody();
            classes.put(reader.getClassName(), body);
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    body.superName = superName;
                    body.interfaces.addAll(List.of(interfaces));
                    body.isAbstract = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) != 0;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    MethodBody method = new MethodBody();
                    method.concrete = (access & Opcodes.ACC_ABSTRACT) == 0;
                    method.isStatic = (access & Opcodes.ACC_STATIC) != 0;
                    body.methods.put(name + desc, method);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                            method.invocations.add(new Invocation(opcode, new MethodRef(owner, mName, mDesc)));
                        }

                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            if (opcode == Opcodes.NEW) {
                                method.instantiated.add(type);
                            }
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String dName, String dDesc, Handle bootstrap, Object... args) {
                            for (Object arg : args) {
                                if (arg instanceof Handle h && h.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                                    int opcode = h.getTag() == Opcodes.H_INVOKESTATIC ? Opcodes.INVOKESTATIC
                                            : h.getTag() == Opcodes.H_NEWINVOKESPECIAL ? Opcodes.INVOKESPECIAL
                                            : h.getTag() == Opcodes.H_INVOKESPECIAL ? Opcodes.INVOKESPECIAL
                                            : Opcodes.INVOKEVIRTUAL;
                                    method.invocations.add(new Invocation(opcode, new MethodRef(h.getOwner(), h.getName(), h.getDesc())));
                                }
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }

        /** The SDK operations reachable from a handler class, as Lambda runs it. */
        Set<Call> callsFrom(String handler, boolean snapStart) {
            assertNotNull(classes.get(handler), handler + " is not in the jar");
            Set<Call> calls = new TreeSet<>(java.util.Comparator.comparing(Call::toString));
            Set<String> visited = new HashSet<>();
            Deque<Object[]> work = new ArrayDeque<>();
            Set<String> instantiated = new HashSet<>();
            java.util.function.BiConsumer<MethodRef, String> reach = (method, user) -> {
                String next = method.owner().startsWith(SECRETS_PACKAGE) ? user : method.owner().replaceAll("\\$.*", "");
                if (visited.add(method + "|" + next)) {
                    work.add(new Object[] {method, next});
                }
            };
            reach.accept(new MethodRef(handler, "<init>", "()V"), handler);
            for (String t = handler; t != null && classes.containsKey(t); t = classes.get(t).superName) {
                classes.get(t).methods.keySet().stream().filter(m -> m.startsWith("handleRequest("))
                        .map(m -> lookup(handler, "handleRequest", m.substring("handleRequest".length())))
                        .forEach(m -> reach.accept(m, handler));
            }
            while (!work.isEmpty()) {
                Object[] item = work.poll();
                MethodRef method = (MethodRef) item[0];
                String user = (String) item[1];
                MethodBody body = classes.get(method.owner()).methods.get(method.name() + method.desc());
                clinit(method.owner(), user, reach);
                for (String type : body.instantiated) {
                    if (classes.containsKey(type) && instantiated.add(type + "|" + user)) {
                        clinit(type, user, reach);
                        if (handedToLibraries(type, snapStart)) {
                            classes.get(type).methods.forEach((signature, m) -> {
                                if (!m.isStatic && m.concrete) {
                                    int split = signature.indexOf('(');
                                    reach.accept(new MethodRef(type, signature.substring(0, split), signature.substring(split)), user);
                                }
                            });
                        }
                    }
                }
                for (Invocation invocation : body.invocations) {
                    MethodRef target = invocation.target();
                    if (target.owner().startsWith(SDK_SERVICES) && target.owner().endsWith("Client")) {
                        String action = action(target);
                        if (action != null) {
                            calls.add(new Call(action, method.owner().replaceAll("\\$.*", ""), method.name(), user));
                        }
                    } else if (target.owner().startsWith(OWN)) {
                        for (MethodRef resolved : resolve(invocation, handler)) {
                            reach.accept(resolved, user);
                        }
                    }
                }
            }
            return calls;
        }

        private void clinit(String type, String user, java.util.function.BiConsumer<MethodRef, String> reach) {
            for (String t = type; t != null && classes.containsKey(t); t = classes.get(t).superName) {
                if (classes.get(t).methods.containsKey("<clinit>()V")) {
                    reach.accept(new MethodRef(t, "<clinit>", "()V"), user);
                }
            }
        }

        /** A class a library may call back: it implements an outside interface (CRaC's only under SnapStart). */
        private boolean handedToLibraries(String type, boolean snapStart) {
            for (String t = type; t != null && classes.containsKey(t); t = classes.get(t).superName) {
                for (String itf : classes.get(t).interfaces) {
                    if (itf.equals("org/crac/Resource") ? snapStart : !itf.startsWith(OWN)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private List<MethodRef> resolve(Invocation invocation, String handler) {
            MethodRef target = invocation.target();
            if (invocation.opcode() == Opcodes.INVOKESTATIC || invocation.opcode() == Opcodes.INVOKESPECIAL) {
                MethodRef found = lookup(target.owner(), target.name(), target.desc());
                return found == null ? List.of() : List.of(found);
            }
            if (isSubtype(handler, target.owner())) {
                MethodRef found = lookup(handler, target.name(), target.desc());
                return found == null ? List.of() : List.of(found);
            }
            List<MethodRef> targets = new ArrayList<>();
            classes.forEach((name, body) -> {
                if (!body.isAbstract && isSubtype(name, target.owner())) {
                    MethodRef found = lookup(name, target.name(), target.desc());
                    if (found != null) {
                        targets.add(found);
                    }
                }
            });
            return targets;
        }

        /** The implementation a call on {@code type} runs: up the superclasses, then interface defaults. */
        private MethodRef lookup(String type, String name, String desc) {
            for (String t = type; t != null && classes.containsKey(t); t = classes.get(t).superName) {
                MethodBody body = classes.get(t).methods.get(name + desc);
                if (body != null && body.concrete) {
                    return new MethodRef(t, name, desc);
                }
            }
            Deque<String> interfaces = new ArrayDeque<>();
            for (String t = type; t != null && classes.containsKey(t); t = classes.get(t).superName) {
                interfaces.addAll(classes.get(t).interfaces);
            }
            while (!interfaces.isEmpty()) {
                String itf = interfaces.poll();
                ClassBody body = classes.get(itf);
                if (body != null) {
                    MethodBody method = body.methods.get(name + desc);
                    if (method != null && method.concrete) {
                        return new MethodRef(itf, name, desc);
                    }
                    interfaces.addAll(body.interfaces);
                }
            }
            return null;
        }

        private boolean isSubtype(String type, String supertype) {
            if (type == null || !classes.containsKey(type)) {
                return false;
            }
            if (type.equals(supertype)) {
                return true;
            }
            ClassBody body = classes.get(type);
            if (isSubtype(body.superName, supertype)) {
                return true;
            }
            for (String itf : body.interfaces) {
                if (isSubtype(itf, supertype)) {
                    return true;
                }
            }
            return false;
        }

        /** {@code putItem(...)} returning {@code PutItemResponse} is {@code dynamodb:PutItem}; paginators count as their operation. */
        private static String action(MethodRef call) {
            String service = call.owner().substring(SDK_SERVICES.length(), call.owner().indexOf('/', SDK_SERVICES.length()));
            String returned = Type.getReturnType(call.desc()).getClassName();
            String simple = returned.substring(returned.lastIndexOf('.') + 1);
            if (!returned.startsWith("software.amazon.awssdk.services." + service + ".")) {
                return null;
            }
            for (String suffix : List.of("Response", "Iterable")) {
                if (simple.endsWith(suffix) && simple.length() > suffix.length()) {
                    return service + ":" + simple.substring(0, simple.length() - suffix.length());
                }
            }
            return null;
        }
    }
}

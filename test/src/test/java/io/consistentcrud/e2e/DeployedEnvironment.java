package io.consistentcrud.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** A synthesized function's environment as it would be deployed: each table reference becomes a table name. */
final class DeployedEnvironment {
    private DeployedEnvironment() {
    }

    /** The environment of the (first) function with this handler, its table references resolved. */
    @SuppressWarnings("unchecked")
    static Map<String, String> of(Template template, String handler) {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler", handler))).values().iterator().next();
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                function.get("Properties")).get("Environment")).get("Variables");
        Map<String, String> env = new HashMap<>();
        variables.forEach((k, v) -> env.put(k, deploy(v)));
        return env;
    }

    /** What CloudFormation would make of a value: a Ref of a table becomes that table's name. */
    @SuppressWarnings("unchecked")
    private static String deploy(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Ref")) {
            return "table-" + intrinsic.get("Ref");
        }
        List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
        StringBuilder out = new StringBuilder();
        ((List<Object>) join.get(1)).forEach(part -> out.append(deploy(part)));
        return out.toString();
    }
}

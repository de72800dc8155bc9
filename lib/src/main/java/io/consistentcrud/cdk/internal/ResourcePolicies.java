package io.consistentcrud.cdk.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.constructs.Construct;

/** Reads a table's resource policy as CloudFormation will get it, to judge its principals at synth. */
final class ResourcePolicies {
    private ResourcePolicies() {
    }

    /**
     * The first statement that grants the principal {@code *} (as {@code "*"}, {@code {"AWS": "*"}} or any principal
     * kind whose value is or lists {@code *}), named by its Sid or its position; null when there is none.
     */
    static String anyPrincipalStatement(Construct scope, PolicyDocument document) {
        Object resolved = Stack.of(scope).resolve(document);
        if (!(resolved instanceof Map<?, ?> json) || !(json.get("Statement") instanceof List<?> statements)) {
            return null;
        }
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Map<?, ?> statement && isStar(statement.get("Principal"))) {
                Object sid = statement.get("Sid");
                return sid != null ? "'" + sid + "'" : "#" + (i + 1);
            }
        }
        return null;
    }

    private static boolean isStar(Object principal) {
        if ("*".equals(principal)) {
            return true;
        }
        if (principal instanceof Map<?, ?> kinds) {
            return kinds.values().stream().anyMatch(ResourcePolicies::isStar);
        }
        return principal instanceof Collection<?> values && values.stream().anyMatch("*"::equals);
    }
}

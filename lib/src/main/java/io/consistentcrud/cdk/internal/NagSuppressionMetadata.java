package io.consistentcrud.cdk.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag rule suppressions as cdk-nag itself stores them, so the construct needs no cdk-nag on the
 * classpath: resource metadata {@code cdk_nag} = {@code {"rules_to_suppress": [{"id", "reason", "applies_to"?}]}},
 * which cdk-nag's packs read from every {@code CfnResource} (the format of its {@code NagSuppressions}). A consumer
 * with cdk-nag at test scope, or without it, synthesizes the same template.
 */
public final class NagSuppressionMetadata {
    /** The metadata key cdk-nag reads. */
    public static final String METADATA_KEY = "cdk_nag";
    private static final String RULES = "rules_to_suppress";
    /** cdk-nag refuses shorter reasons; failing here names the suppression instead of failing at nag time. */
    private static final int MIN_REASON_LENGTH = 10;

    private NagSuppressionMetadata() {
    }

    /** One suppression: the rule id, why it does not apply, and optionally the findings it covers. */
    public record Suppression(String id, String reason, List<String> appliesTo) {
        /**
         * A suppression that covers the findings named in {@code appliesTo}, or the whole rule when empty.
         *
         * @param id the rule id, e.g. {@code AwsSolutions-IAM5}
         * @param reason why the rule does not apply; at least 10 characters, as cdk-nag requires
         * @param appliesTo the findings it covers (e.g. {@code Resource::*}); null or empty for the whole rule
         * @throws IllegalArgumentException when the reason is shorter than cdk-nag accepts
         */
        public Suppression {
            if (reason.length() < MIN_REASON_LENGTH) {
                throw new IllegalArgumentException("cdk-nag suppression " + id + ": reason '" + reason
                        + "' is shorter than cdk-nag's " + MIN_REASON_LENGTH + " characters");
            }
            appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
        }

        /**
         * A suppression of the whole rule.
         *
         * @param id the rule id, e.g. {@code AwsSolutions-IAM5}
         * @param reason why the rule does not apply; at least 10 characters, as cdk-nag requires
         * @throws IllegalArgumentException when the reason is shorter than cdk-nag accepts
         */
        public Suppression(String id, String reason) {
            this(id, reason, List.of());
        }

        private Map<String, Object> toMetadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("reason", reason);
            if (!appliesTo.isEmpty()) {
                m.put("applies_to", appliesTo);
            }
            return m;
        }
    }

    /**
     * Adds the suppressions to the construct's CloudFormation resource (its default child), or to every resource
     * beneath it with {@code applyToChildren}, keeping the suppressions already there.
     *
     * @param construct the construct, e.g. a function or a role
     * @param suppressions the suppressions to add
     * @param applyToChildren whether every resource beneath the construct gets them, not only its default child
     */
    public static void add(IConstruct construct, List<Suppression> suppressions, boolean applyToChildren) {
        List<IConstruct> targets = applyToChildren ? construct.getNode().findAll() : List.of(construct);
        for (IConstruct target : targets) {
            IConstruct l1 = target.getNode().getDefaultChild() != null ? target.getNode().getDefaultChild() : target;
            if (l1 instanceof CfnResource resource) {
                List<Object> rules = new ArrayList<>(existing(resource));
                for (Suppression s : suppressions) {
                    Map<String, Object> rule = s.toMetadata();
                    if (!rules.contains(rule)) {
                        rules.add(rule);
                    }
                }
                resource.addMetadata(METADATA_KEY, Map.of(RULES, rules));
            }
        }
    }

    private static List<?> existing(CfnResource resource) {
        Object current = resource.getMetadata(METADATA_KEY);
        if (current instanceof Map<?, ?> map && map.get(RULES) instanceof List<?> list) {
            return list;
        }
        return List.of();
    }
}

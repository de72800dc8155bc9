package io.consistentcrud.cdk;

import io.consistentcrud.cdk.internal.NagSuppressionMetadata;
import java.util.List;
import java.util.Objects;
import software.constructs.IConstruct;

/**
 * A cdk-nag rule suppression for your own resources, written the way the construct writes its own: as cdk-nag's
 * resource metadata ({@code Metadata.cdk_nag.rules_to_suppress}), which its packs read. Your app needs no cdk-nag at
 * runtime (keep it at test scope), and synthesizes the same template with or without it.
 *
 * <pre>{@code
 * NagSuppression.addTo(restockFunction, List.of(NagSuppression.of("Serverless-LambdaDLQ",
 *         "Invoked synchronously by the order workflow; failures surface to the caller")));
 * }</pre>
 */
public final class NagSuppression {
    private final NagSuppressionMetadata.Suppression suppression;

    private NagSuppression(NagSuppressionMetadata.Suppression suppression) {
        this.suppression = suppression;
    }

    /**
     * A suppression of every finding of a rule.
     *
     * @param ruleId the cdk-nag rule, e.g. {@code AwsSolutions-SQS3}
     * @param reason why the rule does not apply; at least 10 characters, as cdk-nag requires
     * @return the suppression
     * @throws IllegalArgumentException when the reason is shorter than cdk-nag accepts
     */
    public static NagSuppression of(String ruleId, String reason) {
        return of(ruleId, reason, List.of());
    }

    /**
     * A suppression of some findings of a rule, e.g. {@code AwsSolutions-IAM5} on {@code Resource::*}.
     *
     * @param ruleId    the cdk-nag rule
     * @param reason    why the rule does not apply; at least 10 characters, as cdk-nag requires
     * @param appliesTo the findings it covers, as cdk-nag names them; empty for all
     * @return the suppression
     * @throws IllegalArgumentException when the reason is shorter than cdk-nag accepts
     */
    public static NagSuppression of(String ruleId, String reason, List<String> appliesTo) {
        return new NagSuppression(new NagSuppressionMetadata.Suppression(Objects.requireNonNull(ruleId, "ruleId"),
                Objects.requireNonNull(reason, "reason"), appliesTo));
    }

    /**
     * Adds suppressions to the construct's CloudFormation resource (the construct itself, or its default child),
     * keeping those already there.
     *
     * @param construct    an L1 resource, or an L2 construct whose default child is one
     * @param suppressions the suppressions
     */
    public static void addTo(IConstruct construct, List<NagSuppression> suppressions) {
        NagSuppressionMetadata.add(construct, unwrap(suppressions), false);
    }

    /**
     * Adds suppressions to every CloudFormation resource beneath the construct, itself included.
     *
     * @param construct    any construct, e.g. a stack or a construct of yours
     * @param suppressions the suppressions
     */
    public static void addToAll(IConstruct construct, List<NagSuppression> suppressions) {
        NagSuppressionMetadata.add(construct, unwrap(suppressions), true);
    }

    private static List<NagSuppressionMetadata.Suppression> unwrap(List<NagSuppression> suppressions) {
        return suppressions.stream().map(s -> s.suppression).toList();
    }

    /** @return the cdk-nag rule id */
    public String getRuleId() {
        return suppression.id();
    }

    /** @return why the rule does not apply */
    public String getReason() {
        return suppression.reason();
    }

    /** @return the findings covered; empty for all */
    public List<String> getAppliesTo() {
        return suppression.appliesTo();
    }
}

package io.consistentcrud.sample.local;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the CloudFormation values the local mode needs (strings, {@code Ref}, {@code Fn::Join},
 * {@code Fn::GetAtt}, {@code Fn::Sub} without variables map) to local values: table names instead of physical names,
 * a fixed local account and region instead of pseudo parameters.
 *
 * <p>Anything else is refused with a message naming where it was found, because a guessed value would make the local
 * API differ silently from the deployed one.
 */
final class TemplateValues {
    /** The account id the local mode reports, in ARNs and in {@code requestContext.accountId}. */
    static final String LOCAL_ACCOUNT = "000000000000";
    /** The region of the local mode; DynamoDB Local partitions data by region and access key. */
    static final String LOCAL_REGION = "us-east-1";

    private final Map<String, String> refs;
    private final Map<String, Map<String, String>> attributes;

    /**
     * @param refs       the value of {@code Ref} per logical id (pseudo parameters are added here)
     * @param attributes the value of {@code Fn::GetAtt} per logical id and attribute name
     */
    TemplateValues(Map<String, String> refs, Map<String, Map<String, String>> attributes, String stackName) {
        this.refs = new java.util.HashMap<>(refs);
        this.refs.put("AWS::Region", LOCAL_REGION);
        this.refs.put("AWS::AccountId", LOCAL_ACCOUNT);
        this.refs.put("AWS::Partition", "aws");
        this.refs.put("AWS::URLSuffix", "amazonaws.com");
        this.refs.put("AWS::StackName", stackName);
        this.refs.put("AWS::StackId", "arn:aws:cloudformation:" + LOCAL_REGION + ":" + LOCAL_ACCOUNT + ":stack/"
                + stackName + "/local");
        this.attributes = Objects.requireNonNull(attributes);
    }

    /** The value as a string; {@code where} names the template location for error messages. */
    String resolve(Object value, String where) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> fn = map.entrySet().iterator().next();
            Object arg = fn.getValue();
            switch (String.valueOf(fn.getKey())) {
                case "Ref" -> {
                    String target = String.valueOf(arg);
                    String resolved = refs.get(target);
                    if (resolved == null) {
                        throw unsupported(where, "Ref to " + target + ", which the local mode does not provide");
                    }
                    return resolved;
                }
                case "Fn::GetAtt" -> {
                    List<?> parts = arg instanceof List<?> l ? l : List.of(String.valueOf(arg).split("\\.", 2));
                    String id = String.valueOf(parts.get(0));
                    String attribute = String.valueOf(parts.get(1));
                    String resolved = attributes.getOrDefault(id, Map.of()).get(attribute);
                    if (resolved == null) {
                        throw unsupported(where, "Fn::GetAtt " + id + "." + attribute
                                + ", which the local mode does not provide");
                    }
                    return resolved;
                }
                case "Fn::Join" -> {
                    List<?> join = (List<?>) arg;
                    String delimiter = String.valueOf(join.get(0));
                    StringBuilder out = new StringBuilder();
                    List<?> parts = (List<?>) join.get(1);
                    for (int i = 0; i < parts.size(); i++) {
                        if (i > 0) {
                            out.append(delimiter);
                        }
                        out.append(resolve(parts.get(i), where));
                    }
                    return out.toString();
                }
                case "Fn::Sub" -> {
                    if (!(arg instanceof String text)) {
                        throw unsupported(where, "Fn::Sub with a variables map");
                    }
                    return substitute(text, where);
                }
                default -> throw unsupported(where, "the function " + fn.getKey());
            }
        }
        throw unsupported(where, "the value " + value);
    }

    private String substitute(String text, String where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start);
            out.append(text, i, start);
            String name = text.substring(start + 2, end);
            out.append(name.contains(".")
                    ? resolve(Map.of("Fn::GetAtt", List.of(name.split("\\.", 2))), where)
                    : resolve(Map.of("Ref", name), where));
            i = end + 1;
        }
        return out.toString();
    }

    private static IllegalStateException unsupported(String where, String what) {
        return new IllegalStateException("local mode cannot resolve " + what + " at " + where);
    }
}

package io.consistentcrud.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Properties of a {@link ConsistentCrudApi}.
 */
public interface ConsistentCrudApiProps {

    /** The entities the API serves; at least one. Each gets its own table and resources {@code /name}. */
    List<EntitySpec> getEntities();

    /**
     * What happens to the tables when they leave the stack.
     *
     * @default RemovalPolicy.RETAIN
     */
    default RemovalPolicy getRemovalPolicy() {
        return RemovalPolicy.RETAIN;
    }

    /**
     * The Lambda code.
     *
     * @default - the runtime jar embedded in this library
     */
    default Code getCode() {
        return null;
    }

    /**
     * The Lambda handler, given together with {@link #getCode()}.
     *
     * @default "io.consistentcrud.runtime.http.LambdaEntry::handleRequest"
     */
    default String getHandler() {
        return null;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ConsistentCrudApiProps}. */
    final class Builder {
        private final List<EntitySpec> entities = new ArrayList<>();
        private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
        private Code code;
        private String handler;

        private Builder() {
        }

        /** @param entities the entities; required, at least one */
        public Builder entities(List<? extends EntitySpec> entities) {
            this.entities.clear();
            this.entities.addAll(entities);
            return this;
        }

        /** @param removalPolicy removal policy of the tables; default RETAIN */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /** @param code the Lambda code; default the embedded runtime jar */
        public Builder code(Code code) {
            this.code = code;
            return this;
        }

        /** @param handler the handler for {@link #code(Code)}; default the runtime's entry class */
        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        public ConsistentCrudApiProps build() {
            List<EntitySpec> e = List.copyOf(entities);
            RemovalPolicy r = removalPolicy;
            Code c = code;
            String h = handler;
            return new ConsistentCrudApiProps() {
                @Override
                public List<EntitySpec> getEntities() {
                    return e;
                }

                @Override
                public RemovalPolicy getRemovalPolicy() {
                    return r;
                }

                @Override
                public Code getCode() {
                    return c;
                }

                @Override
                public String getHandler() {
                    return h;
                }
            };
        }
    }
}

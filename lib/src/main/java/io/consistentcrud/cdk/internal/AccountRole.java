package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The account's API Gateway CloudWatch role is one setting per account and region: two {@code AWS::ApiGateway::Account}
 * resources that may deploy to the same account and region overwrite each other, and deleting either stack removes
 * the setting for every API of the account. So an app sets it once per environment: the second API that asks fails
 * synth, naming the resource that already sets it.
 *
 * <p>The construct's account resources are recorded in one child of the app's root: a lookup costs two calls, where
 * searching the whole construct tree through jsii costs seconds per API.
 */
final class AccountRole {
    private static final String REGISTRY_ID = "ConsistentCrudApiAccountRoles";

    private AccountRole() {
    }

    /** The app's record of the construct's account resources; holds no resource, synthesizes nothing. */
    private static final class Registry extends Construct {
        private final List<CfnAccount> accounts = new ArrayList<>();

        Registry(Construct root) {
            super(root, REGISTRY_ID);
        }
    }

    /**
     * Fails when an API of the app already set the role for an environment that may be {@code scope}'s: the same
     * account and region, or one not known until deployment (an environment-agnostic stack deploys anywhere).
     * Stacks with different concrete accounts or regions each keep their own.
     */
    static void requireNoOtherInTheApp(Construct scope) {
        Stack stack = Stack.of(scope);
        for (CfnAccount existing : registry(scope).accounts) {
            if (mayShareEnvironment(stack, Stack.of(existing))) {
                throw new ConsistentCrudApiValidationException(scope.getNode().getPath(),
                        "apiGatewayCloudWatchRole true: " + existing.getNode().getPath() + " already sets the "
                        + "account's API Gateway CloudWatch role for the same account and region (one setting per "
                        + "account and region: two overwrite each other, and deleting either stack unsets it for "
                        + "every API). Set apiGatewayCloudWatchRole on one API only; the account's other APIs log "
                        + "through the same role");
            }
        }
    }

    /** Records the account resource an API created, for the checks of the APIs created after it. */
    static void register(CfnAccount account) {
        registry(account).accounts.add(account);
    }

    private static Registry registry(Construct scope) {
        IConstruct root = scope.getNode().getRoot();
        IConstruct found = root.getNode().tryFindChild(REGISTRY_ID);
        return found instanceof Registry registry ? registry : new Registry((Construct) root);
    }

    private static boolean mayShareEnvironment(Stack a, Stack b) {
        return maySame(a.getAccount(), b.getAccount()) && maySame(a.getRegion(), b.getRegion());
    }

    private static boolean maySame(String x, String y) {
        return Token.isUnresolved(x) || Token.isUnresolved(y) || x.equals(y);
    }
}

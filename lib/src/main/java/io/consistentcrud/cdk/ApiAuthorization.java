package io.consistentcrud.cdk;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.IAuthorizer;
import software.amazon.awscdk.services.cognito.IUserPool;

/**
 * How callers of a {@link ConsistentCrudApi} authenticate. The caller identity it yields is what the runtime records
 * in {@code _ccaCaller} of every write.
 *
 * <pre>{@code
 * ApiAuthorization.iam()                         // SigV4-signed requests (the default)
 * ApiAuthorization.cognito(List.of(userPool))    // a Cognito user pool's tokens
 * ApiAuthorization.custom(myTokenAuthorizer)     // a Lambda authorizer
 * ApiAuthorization.none()                        // anyone: only for public data; the construct warns
 * }</pre>
 */
public final class ApiAuthorization {
    private final AuthorizationType type;
    private final List<IUserPool> userPools;
    private final List<String> scopes;
    private final IAuthorizer authorizer;

    private ApiAuthorization(AuthorizationType type, List<IUserPool> userPools, List<String> scopes,
                             IAuthorizer authorizer) {
        this.type = type;
        this.userPools = userPools;
        this.scopes = scopes;
        this.authorizer = authorizer;
    }

    /**
     * IAM (SigV4) authorization: callers need {@code execute-api:Invoke}, see {@link ConsistentCrudApi#grantInvoke}.
     *
     * @return IAM (SigV4) authorization
     */
    public static ApiAuthorization iam() {
        return new ApiAuthorization(AuthorizationType.IAM, List.of(), List.of(), null);
    }

    /**
     * Tokens of one of these Cognito user pools, through a user-pools authorizer the construct creates.
     *
     * @param userPools the user pools whose ID tokens (or access tokens) are accepted; at least one
     * @return the authorization
     */
    public static ApiAuthorization cognito(List<? extends IUserPool> userPools) {
        return cognito(userPools, List.of());
    }

    /**
     * Tokens of one of these Cognito user pools, requiring these OAuth scopes (an access token) when not empty.
     *
     * @param userPools the user pools whose tokens are accepted; at least one
     * @param scopes the OAuth scopes a token must carry; empty to accept ID tokens without scopes
     * @return the authorization
     */
    public static ApiAuthorization cognito(List<? extends IUserPool> userPools, List<String> scopes) {
        Objects.requireNonNull(userPools, "userPools");
        if (userPools.isEmpty()) {
            throw new IllegalArgumentException("ApiAuthorization.cognito needs at least one user pool");
        }
        return new ApiAuthorization(AuthorizationType.COGNITO, List.copyOf(userPools), List.copyOf(scopes), null);
    }

    /**
     * A custom (Lambda token or request) authorizer, or any other {@link IAuthorizer}.
     *
     * @param authorizer the authorizer every method uses
     * @return the authorization
     */
    public static ApiAuthorization custom(IAuthorizer authorizer) {
        return new ApiAuthorization(AuthorizationType.CUSTOM, List.of(), List.of(),
                Objects.requireNonNull(authorizer, "authorizer"));
    }

    /**
     * {@return no authorization at all: every caller may call every method} Writes then record no caller; the construct
     * adds a warning annotation, and cdk-nag reports APIG4 and COG4.
     */
    public static ApiAuthorization none() {
        return new ApiAuthorization(AuthorizationType.NONE, List.of(), List.of(), null);
    }

    /**
     * The API Gateway authorization type.
     *
     * @return the API Gateway authorization type
     */
    public AuthorizationType getType() {
        return type;
    }

    /**
     * The user pools of Cognito authorization; empty otherwise.
     *
     * @return the user pools of Cognito authorization
     */
    public List<IUserPool> getUserPools() {
        return userPools;
    }

    /**
     * The OAuth scopes of Cognito authorization; empty when none are required.
     *
     * @return the OAuth scopes of Cognito authorization
     */
    public List<String> getScopes() {
        return scopes;
    }

    /**
     * The authorizer of custom authorization, or null.
     *
     * @return the authorizer of custom authorization, or null
     */
    public IAuthorizer getAuthorizer() {
        return authorizer;
    }

    @Override
    public String toString() {
        return "ApiAuthorization[" + type + "]";
    }
}

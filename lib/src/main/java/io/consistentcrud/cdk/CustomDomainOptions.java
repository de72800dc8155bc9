package io.consistentcrud.cdk;

import java.util.Objects;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * A custom domain name for the API ({@link ConsistentCrudApiProps#getCustomDomain()}): the domain, its certificate,
 * the API's base path on it, and optionally the Route 53 alias record. The domain always requires TLS 1.2 or later.
 * Import the certificate and the zone by their attributes ({@code Certificate.fromCertificateArn},
 * {@code HostedZone.fromHostedZoneAttributes}): synth needs no AWS access.
 */
public interface CustomDomainOptions {
    /**
     * The domain name, e.g. {@code orders.example.com}: lower-case labels of letters, digits and hyphens.
     *
     * @return the domain name
     */
    String getDomainName();

    /**
     * The ACM certificate for the domain: in the stack's region for a REGIONAL domain, in us-east-1 for an EDGE one.
     *
     * @return the certificate
     */
    ICertificate getCertificate();

    /**
     * The domain's endpoint type: REGIONAL or EDGE.
     *
     * @return the endpoint type
     * @default EndpointType.REGIONAL
     */
    default EndpointType getEndpointType() {
        return EndpointType.REGIONAL;
    }

    /**
     * The path under which the domain serves the API's stage, e.g. {@code orders} for
     * {@code https://api.example.com/orders/...}: segments of letters, digits and {@code $-_.+!*'()}, separated by
     * {@code /}.
     *
     * @return the base path, or null for the domain's root
     * @default - the domain's root
     */
    default String getBasePath() {
        return null;
    }

    /**
     * The Route 53 zone in which to create the domain's alias records (A and AAAA); the domain must be in the zone.
     *
     * @return the zone, or null for no record
     * @default - no record: point the domain at the API yourself
     */
    default IHostedZone getHostedZone() {
        return null;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link CustomDomainOptions}; unset values keep their defaults. */
    final class Builder {
        private String domainName;
        private ICertificate certificate;
        private EndpointType endpointType;
        private String basePath;
        private IHostedZone hostedZone;

        private Builder() {
        }

        /**
         * Sets {@link CustomDomainOptions#getDomainName()}.
         *
         * @param domainName the domain name; required
         * @return this builder
         */
        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        /**
         * Sets {@link CustomDomainOptions#getCertificate()}.
         *
         * @param certificate the domain's certificate; required
         * @return this builder
         */
        public Builder certificate(ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /**
         * Sets {@link CustomDomainOptions#getEndpointType()}.
         *
         * @param endpointType REGIONAL or EDGE
         * @return this builder
         */
        public Builder endpointType(EndpointType endpointType) {
            this.endpointType = endpointType;
            return this;
        }

        /**
         * Sets {@link CustomDomainOptions#getBasePath()}.
         *
         * @param basePath the API's path on the domain
         * @return this builder
         */
        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        /**
         * Sets {@link CustomDomainOptions#getHostedZone()}.
         *
         * @param hostedZone the zone for the alias records
         * @return this builder
         */
        public Builder hostedZone(IHostedZone hostedZone) {
            this.hostedZone = hostedZone;
            return this;
        }

        /**
         * Builds the options; the construct validates them.
         *
         * @return the options
         */
        public CustomDomainOptions build() {
            String name = domainName;
            ICertificate cert = certificate;
            EndpointType type = endpointType;
            String path = basePath;
            IHostedZone zone = hostedZone;
            return new CustomDomainOptions() {
                @Override
                public String getDomainName() {
                    return name;
                }

                @Override
                public ICertificate getCertificate() {
                    return cert;
                }

                @Override
                public EndpointType getEndpointType() {
                    return Objects.requireNonNullElse(type, CustomDomainOptions.super.getEndpointType());
                }

                @Override
                public String getBasePath() {
                    return path;
                }

                @Override
                public IHostedZone getHostedZone() {
                    return zone;
                }
            };
        }
    }
}

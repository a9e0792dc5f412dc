package io.github.apigwcorrelation.logs;

import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The SDK clients, sharing one HTTP client, region, credentials and call counter. The logs
 * client does not retry by itself: {@link Pacer} owns throttling and back-off for it.
 */
final class Clients implements AutoCloseable {
    final CloudWatchLogsClient logs;
    final ApiGatewayClient apigateway;
    final ApiGatewayV2Client apigatewayv2;
    final LambdaClient lambda;
    final CloudFormationClient cloudformation;
    final CallCounter counter;
    private final AutoCloseable http;

    Clients(CloudWatchLogsClient logs, ApiGatewayClient apigateway, ApiGatewayV2Client apigatewayv2, LambdaClient lambda,
            CloudFormationClient cloudformation, CallCounter counter, AutoCloseable http) {
        this.logs = logs;
        this.apigateway = apigateway;
        this.apigatewayv2 = apigatewayv2;
        this.lambda = lambda;
        this.cloudformation = cloudformation;
        this.counter = counter;
        this.http = http;
    }

    /** Clients for the region, profile and endpoint given on the command line, or the SDK's defaults. */
    static Clients create(String regionName, String profile, String endpoint) {
        Region region = regionName != null ? Region.of(regionName) : resolveRegion(profile);
        AwsCredentialsProvider credentials = profile != null
                ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new CliException(5, "No AWS credentials found" + (profile != null ? " for profile " + profile : "")
                    + ": set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. ("
                    + firstLine(e.getMessage()) + ")", e);
        }
        var http = UrlConnectionHttpClient.builder().build();
        CallCounter counter = new CallCounter();
        Supplier<ClientOverrideConfiguration.Builder> config = () -> ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(counter);
        URI uri = endpoint == null ? null : URI.create(endpoint);
        var logs = CloudWatchLogsClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config.get().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
        var apigw = ApiGatewayClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config.get().build());
        var apigw2 = ApiGatewayV2Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config.get().build());
        var lambda = LambdaClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config.get().build());
        var cloudformation = CloudFormationClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config.get().build());
        if (uri != null) {
            logs.endpointOverride(uri);
            apigw.endpointOverride(uri);
            apigw2.endpointOverride(uri);
            lambda.endpointOverride(uri);
            cloudformation.endpointOverride(uri);
        }
        return new Clients(logs.build(), apigw.build(), apigw2.build(), lambda.build(), cloudformation.build(), counter, http);
    }

    private static Region resolveRegion(String profile) {
        try {
            var chain = profile == null ? DefaultAwsRegionProviderChain.builder().build()
                    : DefaultAwsRegionProviderChain.builder().profileName(profile).build();
            return chain.getRegion();
        } catch (SdkClientException e) {
            throw new CliException(5, "No AWS region: pass --region, or set AWS_REGION or a region in your profile.", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @Override
    public void close() {
        logs.close();
        apigateway.close();
        apigatewayv2.close();
        lambda.close();
        cloudformation.close();
        try {
            if (http != null) {
                http.close();
            }
        } catch (Exception ignored) {
            // closing an idle URLConnection client cannot fail in a way worth reporting
        }
    }
}

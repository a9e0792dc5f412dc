package io.github.apigwcorrelation.logs;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into messages that name the call and the resource. */
final class AwsErrors {
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnauthorizedOperation", "UnauthorizedException", "ForbiddenException");
    private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException",
            "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
            "ExpiredTokenException", "ExpiredToken", "IncompleteSignature");

    private AwsErrors() {
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException
                && (((AwsServiceException) e).statusCode() == 404 || code(e).equals("ResourceNotFoundException")
                || code(e).equals("NotFoundException"));
    }

    /** The SDK's error code, or {@code ""}. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            String c = ((AwsServiceException) e).awsErrorDetails().errorCode();
            return c == null ? "" : c;
        }
        return "";
    }

    /** The error code, or the HTTP status when the service sent none (an emulator's 500), for short notes. */
    static String brief(SdkException e) {
        String c = code(e);
        if (!c.isEmpty()) {
            return c;
        }
        return e instanceof AwsServiceException ? "HTTP " + ((AwsServiceException) e).statusCode() : e.getClass().getSimpleName();
    }

    /**
     * A user-facing error for a failed call.
     *
     * @param call IAM-style action, e.g. {@code logs:FilterLogEvents}
     * @param resource what it was called on
     */
    static CliException translate(String call, String resource, SdkException e) {
        String code = code(e);
        String detail = e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null
                ? ((AwsServiceException) e).awsErrorDetails().errorMessage() : e.getMessage();
        if (DENIED.contains(code) || (e instanceof AwsServiceException && ((AwsServiceException) e).statusCode() == 403
                && !BAD_CREDENTIALS.contains(code))) {
            return new CliException(4, "Permission denied: " + call + " on " + resource + " (" + code + ": "
                    + detail + "). apigw-logs/README.md lists the IAM permissions it needs.", e);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return new CliException(5, "The AWS credentials were rejected calling " + call + " on " + resource
                    + " (" + code + ": " + detail + "). Check AWS_PROFILE / AWS_ACCESS_KEY_ID or refresh the session.", e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new CliException(5, "No AWS credentials found calling " + call + " on " + resource
                    + ": set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", e);
        }
        return new CliException(1, call + " on " + resource + " failed: " + (code.isEmpty() ? "" : code + ": ") + detail, e);
    }
}

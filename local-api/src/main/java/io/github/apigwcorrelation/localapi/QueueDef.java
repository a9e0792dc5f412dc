package io.github.apigwcorrelation.localapi;

import java.util.Map;

/**
 * An {@code AWS::SQS::Queue} of the template.
 *
 * @param logicalId its logical ID
 * @param name its {@code QueueName}, else its logical ID (CloudFormation would make one up; a name a user can type
 *     is more use locally)
 * @param attributes the SQS attributes its properties set ({@code VisibilityTimeout}, {@code DelaySeconds}, ...), as
 *     SQS's {@code CreateQueue} takes them
 * @param deadLetterQueue the logical ID of the queue its {@code RedrivePolicy} names, or null
 * @param maxReceiveCount the {@code maxReceiveCount} of that policy (0 without one)
 */
record QueueDef(String logicalId, String name, Map<String, String> attributes, String deadLetterQueue,
        int maxReceiveCount) {}
